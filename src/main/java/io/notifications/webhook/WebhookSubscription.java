package io.notifications.webhook;

import io.notifications.security.EncryptedSecret;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A receiver of webhook events: where to post, which events, and the secret that signs them. */
@Entity
@Table(name = "webhook_subscription")
public class WebhookSubscription {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_subscription_seq")
    @SequenceGenerator(name = "webhook_subscription_seq", sequenceName = "webhook_subscription_seq", allocationSize = 10)
    private Long id;

    private String url;
    private String eventTypes;

    @Column(name = "source_filter")
    private String source;

    @Column(name = "bucket_filter")
    private Long bucketId;

    @Column(name = "processor_filter")
    private String processor;

    private String description;
    private boolean enabled;
    @Convert(converter = EncryptedSecret.class)
    private String secret;
    @Convert(converter = EncryptedSecret.class)
    private String previousSecret;
    private Instant previousSecretExpiresAt;
    private String disabledReason;
    private Instant failingSince;
    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    public Long getId() { return id; }
    public String getUrl() { return url; }
    public void setUrl(String url) { this.url = url; }
    public List<String> getEventTypes() { return Arrays.asList(eventTypes.split(",")); }
    public void setEventTypes(List<String> eventTypes) { this.eventTypes = String.join(",", eventTypes); }
    public String getSource() { return source; }
    public void setSource(String source) { this.source = source; }
    public Long getBucketId() { return bucketId; }
    public void setBucketId(Long bucketId) { this.bucketId = bucketId; }
    public String getProcessor() { return processor; }
    public void setProcessor(String processor) { this.processor = processor; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }
    public boolean isEnabled() { return enabled; }
    public String getSecret() { return secret; }
    public String getPreviousSecret() { return previousSecret; }
    public Instant getPreviousSecretExpiresAt() { return previousSecretExpiresAt; }
    public String getDisabledReason() { return disabledReason; }
    public Instant getFailingSince() { return failingSince; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }

    public void enable() {
        this.enabled = true;
        this.disabledReason = null;
        this.failingSince = null;
    }

    public void disable(String reason) {
        this.enabled = false;
        this.disabledReason = reason;
    }

    /** Replaces the secret; the old one keeps signing until {@code graceUntil}, so receivers can switch over. */
    public void rotateSecret(String newSecret, Instant graceUntil) {
        if (secret != null && graceUntil != null) {
            this.previousSecret = secret;
            this.previousSecretExpiresAt = graceUntil;
        }
        this.secret = newSecret;
    }

    /** The secrets that sign a message sent at {@code now}: the current one, and the previous one in its grace period. */
    public List<String> signingSecrets(Instant now) {
        if (previousSecret != null && previousSecretExpiresAt != null && now.isBefore(previousSecretExpiresAt)) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }

    public void touch(Instant now) {
        if (createdAt == null) {
            createdAt = now;
        }
        updatedAt = now;
    }

    /** For logs: never includes the secrets. */
    @Override
    public String toString() {
        return "webhook subscription " + id + " (" + url + ")";
    }
}

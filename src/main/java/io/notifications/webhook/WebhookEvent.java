package io.notifications.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.time.Instant;
import org.springframework.data.domain.Persistable;

/**
 * One event in the outbox. Its id is the {@code webhook-id} of every delivery of it, retries included. The id is
 * assigned, not generated, so the entity says itself that it is new: saving it would otherwise read it first.
 */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent implements Persistable<String> {

    @Id
    private String id;
    private String type;
    private String payload;
    private Instant createdAt;
    @Transient
    private boolean stored;

    protected WebhookEvent() {
    }

    WebhookEvent(String id, String type, String payload, Instant createdAt) {
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    @PostLoad
    @PostPersist
    void markStored() {
        stored = true;
    }

    @Override
    public boolean isNew() {
        return !stored;
    }

    @Override
    public String getId() { return id; }
    public String getType() { return type; }
    public String getPayload() { return payload; }
    public Instant getCreatedAt() { return createdAt; }
}

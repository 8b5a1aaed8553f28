package io.notifications.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** One event to one subscription: pending until a receiver answers 2xx, dead when the schedule runs out. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_delivery_seq")
    @SequenceGenerator(name = "webhook_delivery_seq", sequenceName = "webhook_delivery_seq", allocationSize = 50)
    private Long id;

    private String eventId;
    private Long subscriptionId;

    @Enumerated(EnumType.STRING)
    private DeliveryStatus status;

    private int attempts;
    private Instant nextAttemptAt;
    private Integer lastStatusCode;
    private String lastError;
    private Instant createdAt;
    private Instant updatedAt;
    private Instant deliveredAt;
    /** The node making the current attempt, and until when (see WebhookDeliveryRepository.claim). */
    private String leaseOwner;
    private Instant leaseUntil;

    @Version
    private long version;

    protected WebhookDelivery() {
    }

    WebhookDelivery(String eventId, Long subscriptionId, Instant now) {
        this.eventId = eventId;
        this.subscriptionId = subscriptionId;
        this.status = DeliveryStatus.PENDING;
        this.nextAttemptAt = now;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() { return id; }
    public String getEventId() { return eventId; }
    public Long getSubscriptionId() { return subscriptionId; }
    public DeliveryStatus getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Integer getLastStatusCode() { return lastStatusCode; }
    public String getLastError() { return lastError; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getDeliveredAt() { return deliveredAt; }

    void delivered(int statusCode, Instant now) {
        leaseOwner = null;
        leaseUntil = null;
        attempts++;
        status = DeliveryStatus.DELIVERED;
        lastStatusCode = statusCode;
        lastError = null;
        nextAttemptAt = null;
        deliveredAt = now;
        updatedAt = now;
    }

    void failed(Integer statusCode, String error, Instant retryAt, Instant now) {
        leaseOwner = null;
        leaseUntil = null;
        attempts++;
        lastStatusCode = statusCode;
        lastError = error;
        status = retryAt == null ? DeliveryStatus.DEAD : DeliveryStatus.PENDING;
        nextAttemptAt = retryAt;
        updatedAt = now;
    }

    /** Queued again through the API, with the same event and so the same webhook-id. */
    void redeliver(Instant now) {
        leaseOwner = null;
        leaseUntil = null;
        status = DeliveryStatus.PENDING;
        attempts = 0;
        nextAttemptAt = now;
        updatedAt = now;
    }
}

package io.notifications.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event in the outbox. Its id is the {@code webhook-id} of every delivery of it, retries included. */
@Entity
@Table(name = "webhook_event")
public class WebhookEvent {

    @Id
    private String id;
    private String type;
    private String payload;
    private Instant createdAt;

    protected WebhookEvent() {
    }

    WebhookEvent(String id, String type, String payload, Instant createdAt) {
        this.id = id;
        this.type = type;
        this.payload = payload;
        this.createdAt = createdAt;
    }

    public String getId() { return id; }
    public String getType() { return type; }
    public String getPayload() { return payload; }
    public Instant getCreatedAt() { return createdAt; }
}

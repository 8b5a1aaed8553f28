package io.notifications.webhook;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** One HTTP attempt of a delivery, for the delivery log. */
@Entity
@Table(name = "webhook_attempt")
public class WebhookAttempt {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "webhook_attempt_seq")
    @SequenceGenerator(name = "webhook_attempt_seq", sequenceName = "webhook_attempt_seq", allocationSize = 50)
    private Long id;

    private Long deliveryId;
    private Instant attemptedAt;
    private Integer statusCode;
    private Long latencyMs;
    private String error;
    private String responseBody;

    protected WebhookAttempt() {
    }

    WebhookAttempt(Long deliveryId, Instant attemptedAt, Integer statusCode, Long latencyMs, String error,
                   String responseBody) {
        this.deliveryId = deliveryId;
        this.attemptedAt = attemptedAt;
        this.statusCode = statusCode;
        this.latencyMs = latencyMs;
        this.error = error;
        this.responseBody = responseBody;
    }

    public Long getId() { return id; }
    public Long getDeliveryId() { return deliveryId; }
    public Instant getAttemptedAt() { return attemptedAt; }
    public Integer getStatusCode() { return statusCode; }
    public Long getLatencyMs() { return latencyMs; }
    public String getError() { return error; }
    public String getResponseBody() { return responseBody; }
}

package io.notifications.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.webhook.DeliveryStatus;
import io.notifications.webhook.WebhookAttempt;
import io.notifications.webhook.WebhookDelivery;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** One delivery in the log, with every attempt. {@code eventId} is the webhook-id the receiver saw. */
public record DeliveryView(long id, String eventId, String eventType, JsonNode event, DeliveryStatus status,
                           int attempts, @Schema(nullable = true) Integer lastStatusCode,
                           @Schema(nullable = true) String lastError, @Schema(nullable = true) Instant nextAttemptAt,
                           Instant createdAt, @Schema(nullable = true) Instant deliveredAt, List<Attempt> log) {

    public record Attempt(Instant at, @Schema(nullable = true) Integer statusCode,
                          @Schema(nullable = true) Long latencyMs, @Schema(nullable = true) String error,
                          @Schema(nullable = true) String responseBody) {
        static Attempt of(WebhookAttempt a) {
            return new Attempt(a.getAttemptedAt(), a.getStatusCode(), a.getLatencyMs(), a.getError(), a.getResponseBody());
        }
    }

    static DeliveryView of(WebhookDelivery d, String eventType, JsonNode event, List<WebhookAttempt> attempts) {
        return new DeliveryView(d.getId(), d.getEventId(), eventType, event, d.getStatus(), d.getAttempts(),
                d.getLastStatusCode(), d.getLastError(), d.getNextAttemptAt(), d.getCreatedAt(), d.getDeliveredAt(),
                attempts.stream().map(Attempt::of).toList());
    }
}

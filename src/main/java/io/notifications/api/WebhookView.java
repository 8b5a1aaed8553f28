package io.notifications.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.notifications.webhook.WebhookSubscription;
import java.time.Instant;
import java.util.List;

/** A subscription as the API shows it. {@code secret} is present only in the answer that created or rotated it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WebhookView(
        long id,
        String url,
        List<String> eventTypes,
        String source,
        Long bucketId,
        String processor,
        String description,
        boolean enabled,
        String disabledReason,
        Instant failingSince,
        Instant previousSecretExpiresAt,
        String secret,
        Instant createdAt,
        Instant updatedAt) {

    static WebhookView of(WebhookSubscription s) {
        return new WebhookView(s.getId(), s.getUrl(), s.getEventTypes(), s.getSource(), s.getBucketId(),
                s.getProcessor(), s.getDescription(), s.isEnabled(), s.getDisabledReason(), s.getFailingSince(),
                s.getPreviousSecretExpiresAt(), null, s.getCreatedAt(), s.getUpdatedAt());
    }

    /** The one answer that shows the secret: it is not shown again. */
    static WebhookView withSecret(WebhookSubscription s) {
        WebhookView v = of(s);
        return new WebhookView(v.id, v.url, v.eventTypes, v.source, v.bucketId, v.processor, v.description,
                v.enabled, v.disabledReason, v.failingSince, v.previousSecretExpiresAt, s.getSecret(), v.createdAt,
                v.updatedAt);
    }
}

package io.notifications.webhook;

import io.notifications.system.JoinedLength;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The writable fields of a subscription, as clients send them, with the rules each must follow. {@code secret} is
 * write-only. No event types, or an empty list, means all ({@code *}). The OpenAPI document shows the patterns, so
 * they are written to mean the same in JavaScript.
 */
public record WebhookSettings(
        @NotBlank(message = "is required")
        @AdmittedTarget(maxLength = 2048)
        String url,
        @JoinedLength(max = 2000)
        List<@EventTypePattern String> eventTypes,
        @KnownSource
        String source,
        Long bucketId,
        @Size(max = 64, message = WebhookSettings.PROCESSOR_RULE)
        // Not blank
        @Pattern(regexp = "[\\s\\S]*\\S[\\s\\S]*", message = WebhookSettings.PROCESSOR_RULE)
        String processor,
        @Size(max = 1000, message = "must be at most {max} characters")
        String description,
        Boolean enabled,
        @WebhookSecret
        String secret) {

    static final String PROCESSOR_RULE = "must be a processor name";

    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}

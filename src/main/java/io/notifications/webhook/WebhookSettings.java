package io.notifications.webhook;

import java.util.List;

/** The writable fields of a subscription, as clients send them. {@code secret} is write-only. */
public record WebhookSettings(String url, List<String> eventTypes, String source, Long bucketId, String processor,
                              String description, Boolean enabled, String secret) {

    @Override
    public String toString() {
        return "WebhookSettings[url=" + url + ", eventTypes=" + eventTypes + "]";
    }
}

package io.notifications.item;

import java.time.Instant;

/** An object a scan found that is new, or whose content changed. */
public record DiscoveredObject(String key, String etag, Long size, Instant lastModified) {
}

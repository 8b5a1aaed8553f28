package io.notifications.item;

import java.time.Instant;

/**
 * A source's report that an object was written or removed, such as an S3 event notification: what it says the
 * object is now, when, and the source's ordering token for it.
 *
 * @param removed    the object was removed; otherwise written (created or overwritten)
 * @param etag       the written content's ETag; null for a removal
 * @param size       the written content's size; null when not told
 * @param happenedAt when the source says it happened
 * @param sequence   the source's ordering token among changes of the same key (S3's sequencer); null when not told
 */
public record ObjectChange(String key, boolean removed, String etag, Long size, Instant happenedAt, String sequence) {
}

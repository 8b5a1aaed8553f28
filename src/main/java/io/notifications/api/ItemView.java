package io.notifications.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.item.Item;
import io.notifications.item.ItemStatus;
import java.time.Instant;

/**
 * An item as the API shows it. The asset, rule and processor fields are an iconik item's; null for a bucket's.
 * {@code steps} says what each step of its pipeline did in its run: outcome, duration, and result or reason.
 */
public record ItemView(
        long id,
        String source,
        Long bucketId,
        String key,
        String etag,
        Long size,
        Instant lastModified,
        ItemStatus status,
        int attempts,
        String lastError,
        JsonNode result,
        JsonNode steps,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        String assetId,
        String assetVersionId,
        String collectionId,
        String rule,
        String processor) {

    static ItemView of(Item i, JsonNode result, JsonNode steps) {
        return new ItemView(i.getId(), i.getSource(), i.getBucketId(), i.getKey(), i.getEtag(), i.getSize(),
                i.getLastModified(), i.getStatus(), i.getAttempts(), i.getLastError(), result, steps,
                i.getNextAttemptAt(),
                i.getCreatedAt(), i.getUpdatedAt(), i.getStartedAt(), i.getFinishedAt(), i.getAssetId(),
                i.getAssetVersionId(), i.getCollectionId(), i.getRuleName(), i.getProcessor());
    }
}

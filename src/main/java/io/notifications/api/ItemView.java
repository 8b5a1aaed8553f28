package io.notifications.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.item.Item;
import io.notifications.item.ItemStatus;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/**
 * An item as the API shows it. The asset, rule and processor fields are an iconik item's; null for a bucket's.
 * {@code steps} says what each step of its pipeline did in its run: outcome, duration, and result or reason.
 */
public record ItemView(
        long id,
        String source,
        @Schema(nullable = true) Long bucketId,
        String key,
        @Schema(nullable = true) String etag,
        @Schema(nullable = true) Long size,
        @Schema(nullable = true) Instant lastModified,
        ItemStatus status,
        int attempts,
        @Schema(nullable = true) String lastError,
        @Schema(type = "object", nullable = true, implementation = Object.class) JsonNode result,
        @ArraySchema(arraySchema = @Schema(nullable = true), schema = @Schema(type = "object",
                implementation = Object.class, description = "A step: name, processor, outcome, durationMs, result, reason"))
        JsonNode steps,
        @Schema(nullable = true) Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(nullable = true) String assetId,
        @Schema(nullable = true) String assetVersionId,
        @Schema(nullable = true) String collectionId,
        @Schema(nullable = true) String rule,
        @Schema(nullable = true) String processor) {

    static ItemView of(Item i, JsonNode result, JsonNode steps) {
        return new ItemView(i.getId(), i.getSource(), i.getBucketId(), i.getKey(), i.getEtag(), i.getSize(),
                i.getLastModified(), i.getStatus(), i.getAttempts(), i.getLastError(), result, steps,
                i.getNextAttemptAt(),
                i.getCreatedAt(), i.getUpdatedAt(), i.getStartedAt(), i.getFinishedAt(), i.getAssetId(),
                i.getAssetVersionId(), i.getCollectionId(), i.getRuleName(), i.getProcessor());
    }
}

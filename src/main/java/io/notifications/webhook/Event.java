package io.notifications.webhook;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The one payload schema of every webhook event. Fields that do not apply to an event type are left out.
 * What each type carries is published in {@code docs/webhooks/{type}.schema.json}; a field added here goes there too.
 *
 * @param id        unique per event; also the {@code webhook-id} header, the same on every retry
 * @param type      e.g. {@code item.done}
 * @param timestamp when the change happened
 * @param source    {@code iconik}, {@code datacore}, {@code objectmatrix} or {@code s3}
 * @param bucketId  the bucket, for bucket sources
 * @param itemId    the item, for item events
 * @param key       the object key (for iconik, the asset's title)
 * @param status    the item's status after the change
 * @param processor the processor that handles the item: for a pipeline, its first step's
 * @param attempt   the processing attempt the event belongs to
 * @param result    the processor's result, for {@code item.done}
 * @param error     the error, for {@code item.failed} and {@code source.unreachable}
 * @param counts    numbers, for {@code bucket.scan.completed}
 * @param subscriptionId the subscription, for {@code webhook.ping} and {@code webhook.disabled}
 * @param assetId        the iconik asset, for iconik items
 * @param assetVersionId the asset's version that was processed
 * @param collectionId   the iconik collection the asset came through, if any
 * @param processors     a pipeline's processors, in order, when it has more than one step
 * @param steps          what each step of the item's pipeline did, for {@code item.done} and {@code item.failed}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Event(String id, String type, Instant timestamp, String source, Long bucketId, Long itemId, String key,
                    String status, String processor, Integer attempt, JsonNode result, String error,
                    Map<String, Object> counts, Long subscriptionId, String assetId, String assetVersionId,
                    String collectionId, List<String> processors, JsonNode steps) {

    public Event(String id, String type, Instant timestamp, String source, Long bucketId, Long itemId, String key,
                 String status, String processor, Integer attempt, JsonNode result, String error,
                 Map<String, Object> counts, Long subscriptionId) {
        this(id, type, timestamp, source, bucketId, itemId, key, status, processor, attempt, result, error, counts,
                subscriptionId, null, null, null, null, null);
    }

    /** The same event about an iconik asset. */
    public Event withAsset(String asset, String version, String collection) {
        return new Event(id, type, timestamp, source, bucketId, itemId, key, status, processor, attempt, result, error,
                counts, subscriptionId, asset, version, collection, processors, steps);
    }

    /** The same event about an item with a pipeline of several steps, or with what its steps did. */
    public Event withPipeline(List<String> pipelineProcessors, JsonNode pipelineSteps) {
        return new Event(id, type, timestamp, source, bucketId, itemId, key, status, processor, attempt, result, error,
                counts, subscriptionId, assetId, assetVersionId, collectionId, pipelineProcessors, pipelineSteps);
    }

    /** Whether the item runs the processor, alone or as a step of its pipeline. */
    public boolean runs(String name) {
        return name.equals(processor) || (processors != null && processors.contains(name));
    }
}

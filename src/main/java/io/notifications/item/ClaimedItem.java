package io.notifications.item;

/**
 * An item a worker has claimed: the fields it needs, and the row version of its claim. Completing or failing
 * the item only succeeds while the row still has that version, so a rescan that re-queued it meanwhile wins.
 *
 * @param pipeline iconik items: the rule's steps as JSON, or null for its one processor
 * @param steps    what the run's earlier attempts finished, as JSON, or null
 */
public record ClaimedItem(long id, String source, Long bucketId, String key, String etag, Long size,
                          int attempt, long version, String assetId, String assetVersionId, String ruleName,
                          String processor, String processorConfig, String pipeline, String steps) {

    static ClaimedItem of(Item item) {
        return new ClaimedItem(item.getId(), item.getSource(), item.getBucketId(), item.getKey(), item.getEtag(),
                item.getSize(), item.getAttempts(), item.getVersion(), item.getAssetId(), item.getAssetVersionId(),
                item.getRuleName(), item.getProcessor(), item.getProcessorConfig(), item.getPipeline(),
                item.getSteps());
    }
}

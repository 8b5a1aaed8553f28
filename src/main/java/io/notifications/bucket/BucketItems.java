package io.notifications.bucket;

import io.notifications.item.ClaimedItem;
import io.notifications.item.Item;
import io.notifications.item.ItemSource;
import io.notifications.processing.MediaSource;
import io.notifications.processing.NotRetryableException;
import io.notifications.processing.Pipeline;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Items of objects in buckets: each runs its bucket's pipeline (or processor) with the bucket's settings as they
 * are now, on the object streamed from the store. Their {@code source} is the bucket's vendor.
 */
@Component
class BucketItems implements ItemSource {

    private final BucketRepository buckets;
    private final BucketObjects objects;

    BucketItems(BucketRepository buckets, BucketObjects objects) {
        this.buckets = buckets;
        this.objects = objects;
    }

    @Override
    public Set<String> names() {
        return Arrays.stream(Vendor.values()).map(Vendor::source).collect(Collectors.toUnmodifiableSet());
    }

    @Override
    public Pipeline pipelineOf(ClaimedItem item) {
        return bucketOf(item).pipeline();
    }

    @Override
    public Pipeline pipelineOf(Item item) {
        return item.getBucketId() == null ? null
                : buckets.findById(item.getBucketId()).map(Bucket::pipeline).orElse(null);
    }

    @Override
    public MediaSource open(ClaimedItem item, boolean proxyAccepted) {
        return objects.open(bucketOf(item), item.id(), item.key(), item.size());
    }

    private Bucket bucketOf(ClaimedItem item) {
        return buckets.findById(item.bucketId())
                .orElseThrow(() -> new NotRetryableException("bucket " + item.bucketId() + " was deleted"));
    }
}

package io.notifications.api;

import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketRepository;
import io.notifications.item.Item;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.webhook.DeliveryStatus;
import io.notifications.webhook.WebhookDeliveryRepository;
import io.notifications.webhook.WebhookSubscription;
import io.notifications.webhook.WebhookSubscriptionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/status}: what the status page shows, in one answer. Each bucket and the iconik intake with
 * their items by status and the items finished in each of the last 60 minutes; the latest failures with their
 * errors; the webhook subscriptions with their health.
 */
@Component("statusApi")
public class StatusApi {

    private static final int MINUTES = 60;
    private static final int RECENT_FAILURES = 20;

    private final BucketRepository buckets;
    private final ItemRepository items;
    private final WebhookSubscriptionRepository subscriptions;
    private final WebhookDeliveryRepository deliveries;
    private final Clock clock;

    public StatusApi(BucketRepository buckets, ItemRepository items, WebhookSubscriptionRepository subscriptions,
                     WebhookDeliveryRepository deliveries, Clock clock) {
        this.buckets = buckets;
        this.items = items;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.clock = clock;
    }

    /**
     * A bucket, or the iconik intake ({@code bucketId} null). {@code doneByMinute[59]} is the current minute.
     */
    public record SourceStatus(String kind, Long bucketId, String name, String source, Boolean active,
                               Map<ItemStatus, Long> counts, long[] doneByMinute, String lastScanError) {
    }

    public record Failure(long id, String source, Long bucketId, String key, String assetId, int attempts,
                          String lastError, Instant at) {
    }

    public record WebhookStatus(long id, String url, boolean enabled, Instant failingSince, String disabledReason,
                                long pending, long dead) {
    }

    public record Status(Instant at, List<SourceStatus> sources, List<Failure> failures,
                         List<WebhookStatus> webhooks) {
    }

    public Status status() {
        Instant now = clock.instant();
        long thisMinute = now.getEpochSecond() / 60;
        Map<String, SourceStatus> sources = new LinkedHashMap<>();
        for (Bucket bucket : buckets.findAll(Sort.by("id"))) {
            sources.put(key(bucket.source(), bucket.getId()), new SourceStatus("bucket", bucket.getId(),
                    bucket.getName(), bucket.source(), bucket.isActive(), emptyCounts(), new long[MINUTES],
                    bucket.getLastScanError()));
        }
        for (ItemRepository.StatusCount count : items.countByStatus()) {
            source(sources, count.source(), count.bucketId()).counts().put(count.status(), count.count());
        }
        for (ItemRepository.MinuteCount count : items.countDoneByMinute(now.minus(Duration.ofMinutes(MINUTES)))) {
            int slot = (int) (MINUTES - 1 - (thisMinute - count.minute()));
            if (slot >= 0 && slot < MINUTES) {
                source(sources, count.source(), count.bucketId()).doneByMinute()[slot] += count.count();
            }
        }
        List<Failure> failures = items.findByStatusOrderByUpdatedAtDesc(ItemStatus.FAILED,
                        PageRequest.of(0, RECENT_FAILURES)).stream()
                .map(StatusApi::failure).toList();
        List<WebhookStatus> webhooks = new ArrayList<>();
        for (WebhookSubscription s : subscriptions.findAll(Sort.by("id"))) {
            long pending = deliveries.countBySubscriptionIdAndStatus(s.getId(), DeliveryStatus.PENDING);
            long dead = deliveries.countBySubscriptionIdAndStatus(s.getId(), DeliveryStatus.DEAD);
            webhooks.add(new WebhookStatus(s.getId(), s.getUrl(), s.isEnabled(), s.getFailingSince(),
                    s.getDisabledReason(), pending, dead));
        }
        return new Status(now, List.copyOf(sources.values()), failures, webhooks);
    }

    /** The bucket's entry, or the iconik intake's, made when its first item is counted. */
    private static SourceStatus source(Map<String, SourceStatus> sources, String source, Long bucketId) {
        return sources.computeIfAbsent(key(source, bucketId), k -> new SourceStatus(bucketId == null ? source
                : "bucket", bucketId, bucketId == null ? source : "bucket " + bucketId, source, null, emptyCounts(),
                new long[MINUTES], null));
    }

    private static String key(String source, Long bucketId) {
        return bucketId == null ? source : "bucket-" + bucketId;
    }

    private static Map<ItemStatus, Long> emptyCounts() {
        Map<ItemStatus, Long> counts = new EnumMap<>(ItemStatus.class);
        for (ItemStatus status : ItemStatus.values()) {
            counts.put(status, 0L);
        }
        return counts;
    }

    private static Failure failure(Item item) {
        return new Failure(item.getId(), item.getSource(), item.getBucketId(), item.getKey(), item.getAssetId(),
                item.getAttempts(), item.getLastError(), Objects.requireNonNullElse(item.getFinishedAt(),
                item.getUpdatedAt()));
    }
}

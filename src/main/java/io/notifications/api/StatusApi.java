package io.notifications.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketService;
import io.notifications.item.Item;
import io.notifications.item.ItemQueries;
import io.notifications.item.ItemStep;
import io.notifications.item.ItemStatus;
import io.notifications.webhook.DeliveryStatus;
import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSubscription;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * {@code GET /api/status}: what the status page shows, in one answer. Each bucket and the iconik intake with
 * their items by status and the items finished in each of the last 60 minutes; the latest failures with their
 * errors, and the latest finished items, each with its steps' outcomes; the webhook subscriptions with their health.
 */
@Component("statusApi")
public class StatusApi {

    private static final int MINUTES = 60;
    private static final int RECENT_FAILURES = 20;
    private static final int RECENT_DONE = 10;

    private final BucketService buckets;
    private final ItemQueries items;
    private final WebhookService webhooks;
    private final Clock clock;
    private final ObjectMapper objectMapper;

    public StatusApi(BucketService buckets, ItemQueries items, WebhookService webhooks, Clock clock,
                     ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
        this.buckets = buckets;
        this.items = items;
        this.webhooks = webhooks;
        this.clock = clock;
    }

    /**
     * A bucket, or the iconik intake ({@code bucketId} null). {@code doneByMinute[59]} is the current minute.
     */
    public record SourceStatus(String kind, @Schema(nullable = true) Long bucketId, String name, String source,
                               @Schema(nullable = true) Boolean active, Map<ItemStatus, Long> counts,
                               long[] doneByMinute, @Schema(nullable = true) String lastScanError) {
    }

    /** A finished or failed item, with what each step of its pipeline did. */
    public record Failure(long id, String source, @Schema(nullable = true) Long bucketId, String key,
                          @Schema(nullable = true) String assetId, int attempts,
                          @Schema(nullable = true) String lastError, @Schema(nullable = true) Instant at,
                          List<StepOutcome> steps) {
    }

    /** One step's outcome, without its result. */
    public record StepOutcome(String name, String processor, String outcome,
                              @Schema(nullable = true) Long durationMs, @Schema(nullable = true) String reason) {
    }

    public record WebhookStatus(long id, String url, boolean enabled, @Schema(nullable = true) Instant failingSince,
                                @Schema(nullable = true) String disabledReason, long pending, long dead) {
    }

    public record Status(Instant at, List<SourceStatus> sources, List<Failure> failures, List<Failure> done,
                         List<WebhookStatus> webhooks) {
    }

    public Status status() {
        Instant now = clock.instant();
        long thisMinute = now.getEpochSecond() / 60;
        Map<String, SourceStatus> sources = new LinkedHashMap<>();
        for (Bucket bucket : buckets.all()) {
            sources.put(key(bucket.source(), bucket.getId()), new SourceStatus("bucket", bucket.getId(),
                    bucket.getName(), bucket.source(), bucket.isActive(), emptyCounts(), new long[MINUTES],
                    bucket.getLastScanError()));
        }
        for (var count : items.countByStatus()) {
            source(sources, count.source(), count.bucketId()).counts().put(count.status(), count.count());
        }
        for (var count : items.countDoneByMinute(now.minus(Duration.ofMinutes(MINUTES)))) {
            int slot = (int) (MINUTES - 1 - (thisMinute - count.minute()));
            if (slot >= 0 && slot < MINUTES) {
                source(sources, count.source(), count.bucketId()).doneByMinute()[slot] += count.count();
            }
        }
        List<Failure> failures = items.latestFailures(RECENT_FAILURES).stream().map(this::failure).toList();
        List<Failure> done = items.latestDone(RECENT_DONE).stream().map(this::failure).toList();
        List<WebhookStatus> subscriptions = new ArrayList<>();
        for (WebhookSubscription s : webhooks.all()) {
            long pending = webhooks.deliveryCount(s.getId(), DeliveryStatus.PENDING);
            long dead = webhooks.deliveryCount(s.getId(), DeliveryStatus.DEAD);
            subscriptions.add(new WebhookStatus(s.getId(), s.getUrl(), s.isEnabled(), s.getFailingSince(),
                    s.getDisabledReason(), pending, dead));
        }
        return new Status(now, List.copyOf(sources.values()), failures, done, subscriptions);
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

    private Failure failure(Item item) {
        return new Failure(item.getId(), item.getSource(), item.getBucketId(), item.getKey(), item.getAssetId(),
                item.getAttempts(), item.getLastError(), Objects.requireNonNullElse(item.getFinishedAt(),
                item.getUpdatedAt()), steps(item));
    }

    private List<StepOutcome> steps(Item item) {
        try {
            return ItemStep.read(objectMapper, item.getSteps()).stream()
                    .map(step -> new StepOutcome(step.name(), step.processor(), step.outcome().name(),
                            step.durationMs(), step.reason()))
                    .toList();
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }
}

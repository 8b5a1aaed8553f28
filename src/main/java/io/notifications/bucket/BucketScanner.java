package io.notifications.bucket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.notifications.item.DiscoveredObject;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.item.ItemTransitions;
import io.notifications.webhook.Event;
import io.notifications.webhook.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The steps of the {@code bucket-scan} route: load the bucket, list it page by page, turn each page into items,
 * and record how the scan went. Known keys with an unchanged ETag cost one indexed lookup per page, nothing more.
 */
@Component("bucketScanner")
public class BucketScanner {

    private static final Logger log = LoggerFactory.getLogger(BucketScanner.class);

    /** One scan of one bucket: the bucket as it was when the scan started, and the keys listed so far. */
    public record ScanRun(Bucket bucket, Instant startedAt, long startedNanos, boolean baseline,
                          KeySelection selection, ListedKeys listed) {
    }

    /** Known items checked against a complete listing per query, and marked GONE per transaction. */
    private static final int GONE_CHECK_PAGE = 1000;

    private final BucketRepository buckets;
    private final BucketLister lister;
    private final KnownKeys knownKeys;
    private final ItemRepository items;
    private final ItemTransitions transitions;
    private final Clock clock;
    private final EventOutbox outbox;
    private final TransactionTemplate transaction;
    private final MeterRegistry metrics;

    public BucketScanner(BucketRepository buckets, BucketLister lister, KnownKeys knownKeys, ItemRepository items,
                         ItemTransitions transitions, Clock clock, EventOutbox outbox,
                         PlatformTransactionManager transactionManager, MeterRegistry metrics) {
        this.items = items;
        this.metrics = metrics;
        this.outbox = outbox;
        this.transaction = new TransactionTemplate(transactionManager);
        this.buckets = buckets;
        this.lister = lister;
        this.knownKeys = knownKeys;
        this.transitions = transitions;
        this.clock = clock;
    }

    /** Returns null when the bucket was deleted or deactivated since the scan was triggered. */
    public ScanRun start(long bucketId) {
        Bucket bucket = buckets.findById(bucketId).filter(Bucket::isActive).orElse(null);
        if (bucket == null) {
            log.info("Scan of bucket {} skipped: it no longer exists or is inactive", bucketId);
            return null;
        }
        boolean baseline = bucket.getInitialScan() == InitialScan.NEW_ONLY && bucket.getBaselineCompletedAt() == null;
        return new ScanRun(bucket, clock.instant(), System.nanoTime(), baseline,
                new KeySelection(bucket.getInclude(), bucket.getExclude()), new ListedKeys());
    }

    public Iterator<List<S3Object>> pages(ScanRun scan) {
        return lister.pages(scan.bucket());
    }

    public ScanTally recordPage(ScanRun scan, List<S3Object> page) {
        Bucket bucket = scan.bucket();
        List<S3Object> selected = page.stream()
                .filter(o -> !isFolderMarker(o) && scan.selection().selects(o.key()))
                .toList();
        if (selected.isEmpty()) {
            return new ScanTally(page.size(), 0, 0, 0, 0, 0, 0);
        }
        selected.forEach(object -> scan.listed().add(object.key()));
        Map<String, ItemRepository.KnownKey> known = knownKeys.among(bucket.getId(),
                        selected.stream().map(S3Object::key).toList())
                .stream().collect(Collectors.toMap(ItemRepository.KnownKey::key, Function.identity()));
        List<DiscoveredObject> fresh = new ArrayList<>();
        List<DiscoveredObject> alreadyThere = new ArrayList<>();
        long changed = 0;
        long reappeared = 0;
        for (S3Object object : selected) {
            DiscoveredObject discovered = new DiscoveredObject(object.key(), object.eTag(), object.size(),
                    object.lastModified());
            ItemRepository.KnownKey existing = known.get(object.key());
            if (existing == null) {
                (arrivedBeforeBucket(scan, object) ? alreadyThere : fresh).add(discovered);
            } else if (existing.status() == ItemStatus.GONE) {
                if (transitions.reappeared(existing.id(), discovered)) {
                    reappeared++;
                }
            } else if (!Objects.equals(object.eTag(), existing.etag())
                    && transitions.contentChanged(existing.id(), discovered)) {
                changed++;
            }
        }
        int created = transitions.discovered(bucket.source(), bucket.getId(), fresh, ItemStatus.PENDING);
        int skipped = transitions.discovered(bucket.source(), bucket.getId(), alreadyThere, ItemStatus.SKIPPED);
        return new ScanTally(page.size(), selected.size(), created, skipped, changed, reappeared, 0);
    }

    /**
     * After a complete listing, the bucket's finished items whose keys it did not list become GONE. Only a listing
     * that ran to its end gets here: a page that fails stops the scan before this step. Only keys the listing
     * covered count (under the prefix, selected by the patterns), so an item outside a changed selection stays as
     * it is. Items queued or running, or changed since the scan began, are left alone (see ItemTransitions.gone).
     */
    public ScanTally markGone(ScanRun scan, Object body) {
        ScanTally tally = body instanceof ScanTally t ? t : ScanTally.NONE;
        long bucketId = scan.bucket().getId();
        // Each listed key is an item now: as many items as listed keys means none is missing, and nothing to read
        if (items.countByBucketIdAndStatusNot(bucketId, ItemStatus.GONE) <= scan.listed().size()) {
            return tally;
        }
        String prefix = Objects.requireNonNullElse(scan.bucket().getPrefix(), "");
        long gone = 0;
        String afterKey = "";
        List<ItemRepository.KnownKey> page;
        do {
            page = items.findKeysAfter(bucketId, afterKey, ItemStatus.FINISHED, scan.startedAt(),
                    PageRequest.of(0, GONE_CHECK_PAGE));
            List<Long> missing = page.stream()
                    .filter(known -> known.key().startsWith(prefix) && scan.selection().selects(known.key())
                            && !scan.listed().contains(known.key()))
                    .map(ItemRepository.KnownKey::id)
                    .toList();
            gone += transitions.gone(missing, scan.startedAt());
            if (!page.isEmpty()) {
                afterKey = page.get(page.size() - 1).key();
            }
        } while (page.size() == GONE_CHECK_PAGE);
        return tally.withGone(gone);
    }

    public ScanTally completed(ScanRun scan, Object body) {
        ScanTally tally = body instanceof ScanTally t ? t : ScanTally.NONE;
        long durationMs = (System.nanoTime() - scan.startedNanos()) / 1_000_000;
        Bucket bucket = scan.bucket();
        transaction.executeWithoutResult(tx -> {
            buckets.recordScan(bucket.getId(), scan.startedAt(), durationMs, tally.listed(), tally.queued(), null);
            if (scan.baseline()) {
                buckets.completeBaseline(bucket.getId(), clock.instant());
            }
            List<Event> news = new ArrayList<>();
            news.add(outbox.event("bucket.scan.completed", bucket.source(), bucket.getId(), null, null, null,
                    bucket.getProcessor(), null, null, null, Map.of("listed", tally.listed(),
                            "selected", tally.selected(), "created", tally.created(), "changed", tally.changed(),
                            "reappeared", tally.reappeared(), "gone", tally.gone(), "skipped", tally.skipped(),
                            "durationMs", durationMs)));
            if (bucket.getLastScanError() != null) {
                news.add(outbox.event("source.recovered", bucket.source(), bucket.getId(), null, null, null,
                        bucket.getProcessor(), null, null, null, null));
            }
            outbox.publish(news);
        });
        Tags tags = Tags.of("source", bucket.source(), "bucket", String.valueOf(bucket.getId()));
        Timer.builder("notifications.scan.duration").description("Completed scans, per bucket").tags(tags)
                .register(metrics).record(Duration.ofMillis(durationMs));
        Counter.builder("notifications.scan.objects.listed").description("Objects listed by scans, per bucket")
                .tags(tags).register(metrics).increment(tally.listed());
        log.info("Scan of {} bucket {} '{}' done in {} ms: listed {}, selected {}, new {}, changed {}, reappeared {},"
                        + " gone {}, skipped {}", bucket.source(), bucket.getId(), bucket.getName(), durationMs,
                tally.listed(), tally.selected(), tally.created(), tally.changed(), tally.reappeared(), tally.gone(),
                tally.skipped());
        return tally;
    }

    /** The scan failed, e.g. the endpoint is unreachable or the credentials are wrong; the next one tries again. */
    public void failed(long bucketId, ScanRun scan, Exception error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        Long durationMs = scan == null ? null : (System.nanoTime() - scan.startedNanos()) / 1_000_000;
        String recorded = message.length() > 4000 ? message.substring(0, 4000) : message;
        transaction.executeWithoutResult(tx -> {
            Bucket bucket = scan != null ? scan.bucket() : buckets.findById(bucketId).orElse(null);
            buckets.recordScan(bucketId, clock.instant(), durationMs, null, null, recorded);
            // Announced once, when a reachable source becomes unreachable, not at every failed scan
            if (bucket != null && bucket.getLastScanError() == null) {
                outbox.publish(List.of(outbox.event("source.unreachable", bucket.source(), bucketId, null, null,
                        null, bucket.getProcessor(), null, null, recorded, null)));
            }
        });
        String vendor = scan == null ? "" : scan.bucket().source() + " ";
        log.warn("Scan of {}bucket {} failed: {}", vendor, bucketId, message);
    }

    /**
     * With {@code NEW_ONLY}, objects that were in the bucket when it was added are skipped until the first scan
     * completes. An object modified after the bucket was added arrived afterwards and is processed, even if the
     * first scan failed or was still running when it came.
     */
    private static boolean arrivedBeforeBucket(ScanRun scan, S3Object object) {
        return scan.baseline() && (object.lastModified() == null
                || !object.lastModified().isAfter(scan.bucket().getCreatedAt()));
    }

        /** Zero-byte keys ending in '/' are how consoles show folders; they are not media. */
    private static boolean isFolderMarker(S3Object object) {
        return isFolderMarker(object.key(), object.size());
    }

    /** The empty object some tools write to show a folder: never an item, whether listed or notified. */
    static boolean isFolderMarker(String key, Long size) {
        return key.endsWith("/") && (size == null || size == 0);
    }
}

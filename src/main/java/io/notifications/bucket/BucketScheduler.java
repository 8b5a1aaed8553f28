package io.notifications.bucket;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Keeps one scheduled scan route per active bucket, each made from the {@code bucket-scan-schedule} template in
 * {@code routes/bucket-scan.yaml}, and has {@link BucketEventQueues} keep the event queue routes of EVENTS buckets
 * in the same step. Bucket changes made through this node's API take effect at once; changes made
 * on another node sharing the database reach this one at the next {@link #syncWithDatabase()}.
 */
@Component
public class BucketScheduler implements CamelContextConfiguration {

    static final String TEMPLATE = "bucket-scan-schedule";
    private static final Logger log = LoggerFactory.getLogger(BucketScheduler.class);

    private final BucketRepository buckets;
    private final BucketEventQueues eventQueues;
    /** The version of each bucket as it was when its route was made. */
    private final Map<Long, Long> scheduledVersions = new ConcurrentHashMap<>();
    private CamelContext camel;

    public BucketScheduler(BucketRepository buckets, BucketEventQueues eventQueues) {
        this.buckets = buckets;
        this.eventQueues = eventQueues;
    }

    public static String routeId(long bucketId) {
        return "bucket-scan-schedule-" + bucketId;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        for (Bucket bucket : buckets.findByActiveTrue()) {
            try {
                schedule(bucket);
            } catch (RuntimeException e) {
                // One bucket that cannot be scheduled must not leave the others without scans
                log.error("Could not schedule scans of {}: {}", bucket, e.getMessage(), e);
            }
        }
    }

    /**
     * Brings the schedules in line with the database: buckets added, changed, deactivated or deleted through
     * another node's API. Run by the {@code bucket-schedule-sync} route.
     *
     * @return how many schedules changed
     */
    public synchronized int syncWithDatabase() {
        Map<Long, Bucket> active = new HashMap<>();
        buckets.findByActiveTrue().forEach(bucket -> active.put(bucket.getId(), bucket));
        int changed = 0;
        for (Long scheduled : List.copyOf(scheduledVersions.keySet())) {
            if (!active.containsKey(scheduled)) {
                unschedule(scheduled);
                changed++;
            }
        }
        for (Bucket bucket : active.values()) {
            if (!Objects.equals(scheduledVersions.get(bucket.getId()), bucket.getVersion())) {
                try {
                    schedule(bucket);
                    changed++;
                } catch (RuntimeException e) {
                    log.error("Could not schedule scans of {}: {}", bucket, e.getMessage(), e);
                }
            }
        }
        // Also retries the own queues that could not be found before
        changed += eventQueues.syncWith(active.values());
        return changed;
    }

    /**
     * (Re)creates the bucket's scan route to match its current settings, or removes it when inactive; its event
     * queue route follows its settings too.
     */
    public synchronized void schedule(Bucket bucket) {
        removeScanRoute(bucket.getId());
        eventQueues.listen(bucket);
        if (!bucket.isActive()) {
            return;
        }
        ScanSchedule schedule = ScanSchedule.parse(bucket.listingSchedule())
                .orElseThrow(() -> new IllegalArgumentException("invalid schedule for " + bucket));
        TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, TEMPLATE)
                .routeId(routeId(bucket.getId()))
                .parameter("bucketId", String.valueOf(bucket.getId()));
        if (schedule.isCron()) {
            route.parameter("cron", schedule.cron());
        } else {
            long millis = schedule.interval().toMillis();
            route.parameter("repeatInterval", String.valueOf(millis))
                    .parameter("repeatCount", "-1")
                    .parameter("startDelay", String.valueOf(millis));
        }
        route.add();
        scheduledVersions.put(bucket.getId(), bucket.getVersion());
        log.info("Scheduled scans of {} bucket {} '{}': {}", bucket.source(), bucket.getId(), bucket.getName(),
                bucket.listingSchedule());
    }

    /** Removes the bucket's scan route and its event queue route. */
    public synchronized void unschedule(long bucketId) {
        eventQueues.stopListening(bucketId);
        removeScanRoute(bucketId);
    }

    private void removeScanRoute(long bucketId) {
        scheduledVersions.remove(bucketId);
        String routeId = routeId(bucketId);
        if (camel.getRoute(routeId) == null) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
            log.info("Unscheduled scans of bucket {}", bucketId);
        } catch (Exception e) {
            throw new IllegalStateException("Could not remove the scan route of bucket " + bucketId, e);
        }
    }
}

package io.notifications.bucket;

import io.notifications.system.SqsClients;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The SQS intakes of S3 event notifications, each a route from the {@code bucket-events-sqs-intake-template} in
 * routes/bucket-events.yaml: one for the shared queue when one is configured, and one for each active EVENTS bucket
 * with an {@code eventQueue} of its own. {@link BucketScheduler} keeps the buckets' routes in step with the buckets,
 * as it does their scans.
 *
 * <p>A shared queue that cannot be found stops startup, naming the property. A bucket's own queue that cannot be
 * found is logged as an error of that bucket and tried again at each sync, so the others keep listening and a queue
 * created later is picked up; it is not refused when the bucket is saved, since saving a bucket must not depend on
 * SQS answering at that moment.
 */
@Component
public class BucketEventQueues implements CamelContextConfiguration {

    static final String TEMPLATE = "bucket-events-sqs-intake-template";
    static final String SHARED_ROUTE_ID = "bucket-events-shared-queue";
    /** The template's {@code bucketId} of the shared queue. */
    static final String SHARED = "shared";
    private static final Logger log = LoggerFactory.getLogger(BucketEventQueues.class);

    private final BucketEventsEndpoints endpoints;
    private final BucketEventsProperties properties;
    private final SqsClient sqs;
    /** The eventQueue (as configured) each bucket's running route reads. */
    private final Map<Long, String> listening = new ConcurrentHashMap<>();
    /** The eventQueue each bucket could not listen to, so that retries log it once. */
    private final Map<Long, String> failed = new ConcurrentHashMap<>();
    private CamelContext camel;

    public BucketEventQueues(BucketEventsEndpoints endpoints, BucketEventsProperties properties,
                             SqsClient bucketEventsSqs) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.sqs = bucketEventsSqs;
    }

    public static String routeId(long bucketId) {
        return "bucket-event-queue-" + bucketId;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
    }

    /** After start, when routes/bucket-events.yaml has been loaded. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (!endpoints.hasSharedQueue()) {
            log.info("No notifications.bucket-events.queue configured: no shared queue of bucket events");
            return;
        }
        String queueUrl;
        try {
            queueUrl = SqsClients.queueUrl(sqs, endpoints.sharedQueue());
        } catch (SdkException e) {
            throw new IllegalStateException("notifications.bucket-events.queue: cannot find SQS queue '"
                    + endpoints.sharedQueue() + "': " + e.getMessage(), e);
        }
        addRoute(SHARED_ROUTE_ID, SHARED, queueUrl);
        log.info("Bucket events: the shared queue {} is read for EVENTS buckets without a queue of their own", queueUrl);
    }

    /**
     * Starts, replaces or stops the bucket's own queue route to match its settings: one runs while the bucket is
     * active, discovers by EVENTS and names an eventQueue. A route already reading that queue is left running, so
     * other changes to the bucket do not interrupt it. Never throws: a failure is logged for this bucket.
     *
     * @return whether its route changed
     */
    public synchronized boolean listen(Bucket bucket) {
        long id = bucket.getId();
        String wanted = bucket.isActive() && bucket.getDiscovery() == Discovery.EVENTS ? bucket.getEventQueue() : null;
        if (Objects.equals(listening.get(id), wanted) && (wanted == null || camel.getRoute(routeId(id)) != null)) {
            return false;
        }
        boolean stopped = stopListening(id);
        if (wanted == null) {
            failed.remove(id);
            return stopped;
        }
        try {
            addRoute(routeId(id), String.valueOf(id), SqsClients.queueUrl(sqs, wanted));
            listening.put(id, wanted);
            failed.remove(id);
            log.info("Bucket events: bucket {} '{}' reads its own queue {}", id, bucket.getName(), wanted);
            return true;
        } catch (RuntimeException e) {
            if (!wanted.equals(failed.put(id, wanted))) {
                log.error("Bucket events: bucket {} '{}' cannot read its eventQueue '{}' (tried again at each sync): {}",
                        id, bucket.getName(), wanted, e.getMessage(), e);
            } else {
                log.debug("Bucket events: bucket {} still cannot read '{}': {}", id, wanted, e.getMessage());
            }
            return stopped;
        }
    }

    /**
     * Brings the buckets' queue routes in line with the active buckets: those of buckets no longer active stop,
     * and each active one is {@link #listen listened to} (a queue that could not be found is tried again).
     *
     * @return how many routes changed
     */
    public synchronized int syncWith(Collection<Bucket> active) {
        Set<Long> activeIds = active.stream().map(Bucket::getId).collect(Collectors.toSet());
        int changed = 0;
        for (Long id : List.copyOf(listening.keySet())) {
            if (!activeIds.contains(id) && stopListening(id)) {
                changed++;
            }
        }
        failed.keySet().retainAll(activeIds);
        for (Bucket bucket : active) {
            if (listen(bucket)) {
                changed++;
            }
        }
        return changed;
    }

    /**
     * Stops the bucket's own queue route, if it has one; the receives under way end first.
     *
     * @return whether there was one
     */
    public synchronized boolean stopListening(long bucketId) {
        listening.remove(bucketId);
        String routeId = routeId(bucketId);
        if (camel == null || camel.getRoute(routeId) == null) {
            return false;
        }
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
            log.info("Bucket events: bucket {} no longer reads its own queue", bucketId);
            return true;
        } catch (Exception e) {
            throw new IllegalStateException("Could not remove the event queue route of bucket " + bucketId, e);
        }
    }

    private void addRoute(String routeId, String bucketId, String queueUrl) {
        try {
            TemplatedRouteBuilder.builder(camel, TEMPLATE)
                    .routeId(routeId)
                    .parameter("queueUrl", queueUrl)
                    .parameter("bucketId", bucketId)
                    .parameter("waitTimeSeconds", String.valueOf(SqsClients.seconds(properties.waitTime(), 0, 20)))
                    .parameter("visibilityTimeout",
                            String.valueOf(SqsClients.seconds(properties.visibilityTimeout(), 1, 43_200)))
                    .parameter("consumers", String.valueOf(Math.max(1, properties.concurrency())))
                    .add();
        } catch (Exception e) {
            throw new IllegalStateException("Could not add the route " + routeId + " for " + queueUrl, e);
        }
    }
}

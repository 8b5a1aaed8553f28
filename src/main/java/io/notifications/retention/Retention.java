package io.notifications.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notifications.audit.AuditTrail;
import io.notifications.item.ItemTransitions;
import io.notifications.webhook.EventOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what the service no longer needs, each kind after its own retention ({@link RetentionProperties}) and a
 * batch per transaction: webhook events with their deliveries and attempts, GONE items with their face crops, and
 * audit entries. Run by the {@code retention} route. Each kind's rows are counted in
 * {@code notifications.retention.deleted} (tag {@code kind}) as their batches commit, each run is timed in
 * {@code notifications.retention.duration} (tag {@code outcome}), and each run is logged in one line.
 */
@Component("retention")
public class Retention {

    static final String WEBHOOK_EVENTS = "webhook-events";
    static final String GONE_ITEMS = "gone-items";
    static final String AUDIT = "audit";

    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    /** Deletes one kind's rows older than the cutoff, a batch at a time, reporting each batch's count. */
    @FunctionalInterface
    private interface Deletion {
        long delete(Instant cutoff, int batchSize, IntConsumer deleted);
    }

    private record Kind(String name, Duration retention, Deletion deletion, Counter deleted) {
    }

    private final List<Kind> kinds;
    private final RetentionProperties properties;
    private final Clock clock;
    private final MeterRegistry metrics;

    public Retention(RetentionProperties properties, EventOutbox outbox, ItemTransitions items, AuditTrail audit,
                     Clock clock, MeterRegistry metrics) {
        this.properties = properties;
        this.clock = clock;
        this.metrics = metrics;
        this.kinds = List.of(
                kind(WEBHOOK_EVENTS, properties.webhookEvents(), outbox::deleteEnded),
                kind(GONE_ITEMS, properties.goneItems(), items::removeGone),
                kind(AUDIT, properties.audit(), audit::deleteOlderThan));
    }

    private Kind kind(String name, Duration retention, Deletion deletion) {
        return new Kind(name, retention, deletion, Counter.builder("notifications.retention.deleted")
                .description("Rows deleted by retention, by kind (webhook events count without the deliveries and"
                        + " attempts that go with them, GONE items without their face crops)")
                .tag("kind", name).register(metrics));
    }

    /**
     * One run: every kind, each on its own, so that one failing (the database refused a delete) does not keep the
     * others; what it deleted before failing stays deleted, and the next run goes on from there.
     *
     * @return how many rows of each kind this run deleted
     */
    public Map<String, Long> run() {
        long started = System.nanoTime();
        Instant now = clock.instant();
        Map<String, Long> deleted = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Kind kind : kinds) {
            long[] count = {0};
            try {
                kind.deletion().delete(now.minus(kind.retention()), properties.batchSize(), batch -> {
                    count[0] += batch;
                    kind.deleted().increment(batch);
                });
            } catch (RuntimeException e) {
                failed.add(kind.name());
                log.warn("Retention of {} failed after deleting {}; the next run goes on: {}", kind.name(), count[0],
                        e.getMessage(), e);
            }
            deleted.put(kind.name(), count[0]);
        }
        long nanos = System.nanoTime() - started;
        Timer.builder("notifications.retention.duration").description("Retention runs on this node")
                .tag("outcome", failed.isEmpty() ? "done" : "failed")
                .register(metrics).record(nanos, TimeUnit.NANOSECONDS);
        log.info("Retention run in {} ms deleted {}{}", nanos / 1_000_000, deleted.entrySet().stream()
                        .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")),
                failed.isEmpty() ? "" : "; failed: " + String.join(", ", failed));
        return deleted;
    }
}

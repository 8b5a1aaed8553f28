package io.notifications.item;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Items in numbers: {@code notifications.items} (by source, bucket and status, counted in the database by the
 * {@code metrics-items} route, so that every node reports the shared truth) and
 * {@code notifications.processing.duration} (a histogram per processor and outcome).
 */
@Component("itemMetrics")
public class ItemMetrics {

    private final ItemRepository items;
    private final MeterRegistry registry;
    private final MultiGauge counts;

    public ItemMetrics(ItemRepository items, MeterRegistry registry) {
        this.items = items;
        this.registry = registry;
        this.counts = MultiGauge.builder("notifications.items").description("Items by source, bucket and status")
                .register(registry);
    }

    /** Counts the items again; statuses no longer held by any item drop out. */
    public void refresh() {
        counts.register(items.countByStatus().stream()
                .map(count -> MultiGauge.Row.of(Tags.of("source", count.source(),
                        "bucket", count.bucketId() == null ? "none" : String.valueOf(count.bucketId()),
                        "status", count.status().name()), count.count()))
                .toList(), true);
    }

    /** One processing attempt: {@code outcome} is {@code done} or {@code failed}. */
    public void processed(String processor, String outcome, long nanos) {
        Timer.builder("notifications.processing.duration").description("Processing attempts by processor")
                .tags("processor", processor, "outcome", outcome)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(30))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }
}

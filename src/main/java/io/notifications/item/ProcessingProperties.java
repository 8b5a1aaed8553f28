package io.notifications.item;

import io.notifications.system.Backoff;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How items are processed.
 *
 * @param concurrency       workers processing items at once, across all buckets
 * @param maxPerSource      the most items one bucket may have queued or running at once; by default one worker
 *                          fewer than {@code concurrency}, so another bucket's work never waits for a free worker
 * @param maxAttempts       attempts before an item is FAILED
 * @param retryInitialDelay wait before the second attempt; doubles each attempt
 * @param retryMaxDelay     the longest wait between attempts
 * @param dispatchInterval  how often due PENDING items are looked for when nothing else wakes the dispatcher
 * @param lease             how long a node holds an item it claimed without renewing: after that, another node
 *                          takes it over (its node is taken for dead)
 * @param leaseRenewal      how often a node renews the leases of its running items; well under {@code lease}
 */
@ConfigurationProperties("notifications.processing")
public record ProcessingProperties(
        @DefaultValue("4") int concurrency,
        @DefaultValue("0") int maxPerSource,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10s") Duration retryInitialDelay,
        @DefaultValue("10m") Duration retryMaxDelay,
        @DefaultValue("1s") Duration dispatchInterval,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("20s") Duration leaseRenewal) {

    public ProcessingProperties {
        if (concurrency < 1) {
            throw new IllegalArgumentException("notifications.processing.concurrency must be at least 1");
        }
        if (maxPerSource <= 0) {
            maxPerSource = Math.max(1, concurrency - 1);
        }
        if (leaseRenewal.multipliedBy(3).compareTo(lease) > 0) {
            throw new IllegalArgumentException("notifications.processing.lease-renewal must be at most a third of "
                    + "notifications.processing.lease, so that a live node's leases never run out");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("notifications.processing.max-attempts must be at least 1");
        }
    }

    /** The wait after a failed attempt number {@code attempt} (1-based): exponential, capped, without jitter. */
    public Duration retryDelay(int attempt) {
        return new Backoff(retryInitialDelay, retryMaxDelay, 0).delay(attempt, 0.5);
    }
}

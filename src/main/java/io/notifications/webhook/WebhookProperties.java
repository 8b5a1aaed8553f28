package io.notifications.webhook;

import io.notifications.system.Backoff;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings.
 *
 * @param allowedTargets      hosts or address ranges (such as {@code 10.1.0.0/16}) admitted although they are
 *                            refused otherwise: link-local and cloud metadata addresses, and with
 *                            {@code deny-private-networks} private ones
 * @param connectTimeout      how long connecting to a receiver may take
 * @param responseTimeout     how long a receiver may take to answer
 * @param secretGracePeriod   how long the previous secret keeps signing after a rotation
 * @param retrySchedule       the waits before each retry; after the last one fails the delivery is dead
 * @param jitter              each wait is varied by up to this fraction, so retries of many events spread out
 * @param disableAfter        a subscription whose deliveries have failed for this long is disabled
 * @param concurrency         requests in flight across all subscriptions
 * @param perSubscription     requests in flight to one subscription
 * @param dispatchInterval    how often due deliveries are looked for
 * @param denyPrivateNetworks also refuse loopback (127.0.0.0/8, ::1), private (10/8, 172.16/12, 192.168/16),
 *                            unique-local (fc00::/7) and 0.0.0.0/8 addresses; off by default, since receivers on
 *                            the service's own network are common
 */
@ConfigurationProperties("notifications.webhooks")
public record WebhookProperties(
        @DefaultValue("") List<String> allowedTargets,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration responseTimeout,
        @DefaultValue("24h") Duration secretGracePeriod,
        @DefaultValue({"5s", "30s", "2m", "10m", "1h", "3h", "6h", "12h"}) List<Duration> retrySchedule,
        @DefaultValue("0.2") double jitter,
        @DefaultValue("3d") Duration disableAfter,
        @DefaultValue("16") int concurrency,
        @DefaultValue("4") int perSubscription,
        @DefaultValue("500ms") Duration dispatchInterval,
        @DefaultValue("false") boolean denyPrivateNetworks) {

    /** The wait before retry number {@code attempt} (1-based), or null when the schedule is used up. */
    public Duration retryDelay(int attempt, double random) {
        if (attempt > retrySchedule.size()) {
            return null;
        }
        Duration jittered = Backoff.jittered(retrySchedule.get(attempt - 1), jitter, random);
        return Duration.ofMillis(Math.max(1, Math.round(jittered.toNanos() / 1e6)));
    }
}

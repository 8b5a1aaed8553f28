package io.notifications.system;

import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with a cap, the one definition that item retries and iconik calls share: {@code firstWait}
 * after the first failed attempt, doubled after each further one, varied by up to {@code jitter} either way, and
 * never longer than {@code maxWait}. Pure: the random number is the caller's, so tests can pass their own.
 *
 * @param firstWait the wait after attempt 1
 * @param maxWait   no wait is longer, jitter included
 * @param jitter    the fraction each wait is varied by, up or down; 0 for none
 */
public record Backoff(Duration firstWait, Duration maxWait, double jitter) {

    public Backoff {
        Objects.requireNonNull(firstWait, "firstWait");
        Objects.requireNonNull(maxWait, "maxWait");
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("jitter must be at least 0 and less than 1, not " + jitter);
        }
    }

    /**
     * The wait after failed attempt number {@code attempt} (1-based; anything lower counts as 1).
     *
     * @param random a number in [0, 1): 0 shortens the wait most, 0.5 leaves it, towards 1 lengthens it most
     */
    public Duration delay(int attempt, double random) {
        // In doubles, so no doubling overflows; Math.round saturates, and the cap applies after the jitter
        double nanos = firstWait.toNanos() * Math.pow(2, Math.max(attempt, 1) - 1) * factor(jitter, random);
        Duration wait = Duration.ofNanos(Math.round(nanos));
        return wait.compareTo(maxWait) > 0 ? maxWait : wait;
    }

    /** {@code wait} varied by up to {@code fraction} either way, for waits that come from a schedule, not a formula. */
    public static Duration jittered(Duration wait, double fraction, double random) {
        return Duration.ofNanos(Math.round(wait.toNanos() * factor(fraction, random)));
    }

    private static double factor(double fraction, double random) {
        return 1 + fraction * (2 * random - 1);
    }
}

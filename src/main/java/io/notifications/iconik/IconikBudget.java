package io.notifications.iconik;

import io.notifications.system.Sha256;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notifications.iconik.BudgetTurns.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The budget of iconik API calls every call waits for, retries included: a Bucket4j token bucket with a sustained
 * rate and a window ({@code iconik.rate-limit.*}). On PostgreSQL it is one row of {@code iconik_budget}, keyed by a
 * hash of the App-ID, that every node with those credentials takes its tokens from; on H2 it is in memory.
 *
 * <p>On each node one caller at a time waits for a token; which one is {@link BudgetTurns}'s choice, so intake reads
 * and write-backs each keep their share. When iconik's {@code RateLimit-Remaining} runs low, calls cost more tokens.
 */
@Component
public class IconikBudget {

    private static final Logger log = LoggerFactory.getLogger(IconikBudget.class);

    private final Bucket bucket;
    private final IconikProperties.RateLimit limits;
    private final BudgetTurns turns;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Kind, Integer> waiting = new EnumMap<>(Map.of(Kind.INTAKE, 0, Kind.WRITE_BACK, 0));
    private boolean taking;
    private final MeterRegistry metrics;
    private final Counter extra;

    public IconikBudget(IconikProperties properties, DataSource dataSource, MeterRegistry metrics) {
        this.limits = properties.rateLimit();
        this.turns = new BudgetTurns(limits.writeBackShare());
        this.metrics = metrics;
        this.extra = Counter.builder("notifications.iconik.budget.extra-tokens")
                .description("Tokens taken beyond one per call because iconik's RateLimit-Remaining ran low")
                .register(metrics);
        BucketConfiguration configuration = BucketConfiguration.builder()
                .addLimit(Bandwidth.builder().capacity(limits.perSecond())
                        .refillGreedy(limits.perSecond(), Duration.ofSeconds(1)).id("per-second").build())
                .addLimit(Bandwidth.builder().capacity(limits.perWindow())
                        .refillGreedy(limits.perWindow(), limits.window()).id("per-window").build())
                .build();
        if (isPostgres(dataSource)) {
            long key = key(Objects.requireNonNullElse(properties.appId(), ""));
            bucket = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource).table("iconik_budget").build()
                    .builder()
                    // Changed limits replace those stored, whichever node starts first with them
                    .withImplicitConfigurationReplacement(configuration.hashCode() & Long.MAX_VALUE,
                            TokensInheritanceStrategy.PROPORTIONALLY)
                    .build(key, () -> configuration);
            log.info("iconik API budget shared through PostgreSQL: {} calls/s, {} per {}", limits.perSecond(),
                    limits.perWindow(), limits.window());
        } else {
            bucket = Bucket.builder().addLimit(configuration.getBandwidths()[0])
                    .addLimit(configuration.getBandwidths()[1]).build();
        }
    }

    /**
     * Waits, at most {@code iconik.rate-limit.max-wait}, until the budget allows one more call of this kind.
     *
     * @throws IconikUnavailableException when the wait would be longer
     */
    void acquire(Kind kind) {
        long started = System.nanoTime();
        long deadline = started + limits.maxWait().toNanos();
        boolean granted = false;
        try {
            awaitTurn(kind, deadline);
            try {
                long left = deadline - System.nanoTime();
                granted = left > 0 && bucket.asBlocking().tryConsume(1, Duration.ofNanos(left));
            } finally {
                lock.lock();
                try {
                    taking = false;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IconikUnavailableException("interrupted while waiting for the iconik API budget", e);
        } finally {
            long waited = System.nanoTime() - started;
            if (!granted || waited > TimeUnit.MILLISECONDS.toNanos(1)) {
                Timer.builder("notifications.iconik.budget.wait")
                        .description("Waits for the iconik API budget that lasted over 1 ms, or that gave up")
                        .tags("kind", kind == Kind.INTAKE ? "intake" : "write-back",
                                "outcome", granted ? "granted" : "timed-out")
                        .register(metrics).record(waited, TimeUnit.NANOSECONDS);
            }
        }
        if (!granted) {
            throw exhausted();
        }
    }

    private IconikUnavailableException exhausted() {
        return new IconikUnavailableException("the iconik API budget allowed no call within " + limits.maxWait()
                + " (iconik.rate-limit.*)", null);
    }

    /** What iconik said remains of the window: below {@code slow-down-below} of it, calls cost more. */
    void remaining(long remaining) {
        int more = extraTokens(remaining, limits.slowDownBelow() * limits.perWindow());
        if (more > 0) {
            bucket.consumeIgnoringRateLimits(more);
            extra.increment(more);
        }
    }

    /**
     * Extra tokens a call costs when iconik says few calls remain: none at or above {@code threshold}, up to three
     * more (four in all: a quarter of the rate) as {@code remaining} falls to zero, in proportion. Taken from the
     * shared bucket, so every node slows down.
     */
    static int extraTokens(long remaining, double threshold) {
        if (remaining < 0 || threshold <= 0 || remaining >= threshold) {
            return 0;
        }
        return (int) Math.ceil(3 * (threshold - remaining) / threshold);
    }

    private void awaitTurn(Kind kind, long deadline) throws InterruptedException {
        Kind other = kind == Kind.INTAKE ? Kind.WRITE_BACK : Kind.INTAKE;
        lock.lock();
        try {
            waiting.merge(kind, 1, Integer::sum);
            try {
                while (taking || turns.next(waiting.get(Kind.INTAKE) > 0, waiting.get(Kind.WRITE_BACK) > 0) != kind) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw exhausted();
                    }
                    changed.awaitNanos(left);
                }
                turns.took(kind, waiting.get(other) > 0);
                taking = true;
            } finally {
                waiting.merge(kind, -1, Integer::sum);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    private static boolean isPostgres(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return "PostgreSQL".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("could not tell which database holds the iconik API budget", e);
        }
    }

    /** The credential set's row: the App-ID's SHA-256, never the token. */
    static long key(String appId) {
        return Sha256.longOf(appId);
    }
}

package io.notifications.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;
import org.springframework.transaction.support.TransactionOperations;

/**
 * This node's leases on the rows of one table (items, webhook deliveries). A row is claimed with a conditional
 * update that succeeds only while the row is still due, writing this node's id and the lease's end, {@code now +
 * length}; a lease still running keeps every other node off the row. A node renews its own leases before it
 * reclaims expired ones (those ending before now), so its own work outlives a pause of the node longer than the
 * lease. Each step runs in a transaction of its own; the table's repository supplies the updates.
 */
public final class Leases {

    /** Claims one row for {@code owner} until {@code until}, only if it is still due at {@code now}: rows changed. */
    @FunctionalInterface
    public interface Claim {
        int claim(String owner, Instant now, Instant until);
    }

    /** Moves the end of the owner's leases to {@code until}. */
    @FunctionalInterface
    public interface Renew {
        int renew(String owner, Instant until);
    }

    /** Frees the rows whose leases ended before {@code now}: rows freed. */
    @FunctionalInterface
    public interface Reclaim {
        int reclaim(Instant now);
    }

    /** Frees the rows the owner holds, whatever their leases say: rows freed. */
    @FunctionalInterface
    public interface Release {
        int release(String owner, Instant now);
    }

    private final Supplier<String> owner;
    private final Duration length;
    private final Clock clock;
    private final TransactionOperations transaction;

    /**
     * @param owner  this node's id (read at each step, so it is the one the node holds then)
     * @param length how long a lease lasts unless renewed
     */
    public Leases(Supplier<String> owner, Duration length, Clock clock, TransactionOperations transaction) {
        if (length.isNegative() || length.isZero()) {
            throw new IllegalArgumentException("a lease must last longer than 0");
        }
        this.owner = owner;
        this.length = length;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** Whether this node took the row. */
    public boolean claim(Claim claim) {
        return claim(claim, () -> Boolean.TRUE) != null;
    }

    /**
     * Claims the row and, only if this node took it, returns {@code then} in the same transaction (e.g. the row as
     * claimed); null when it did not.
     */
    public <R> R claim(Claim claim, Supplier<R> then) {
        Instant now = clock.instant();
        return transaction.execute(tx -> claim.claim(owner.get(), now, expiry(now)) == 1 ? then.get() : null);
    }

    /** Renews this node's leases, then reclaims the rows whose leases ran out: how many were reclaimed. */
    public int renewAndReclaim(Renew renew, Reclaim reclaim) {
        Instant now = clock.instant();
        return Objects.requireNonNullElse(transaction.execute(tx -> {
            renew.renew(owner.get(), expiry(now));
            return reclaim.reclaim(now);
        }), 0);
    }

    /** At this node's start: frees the rows it held before it stopped, without waiting for their leases. */
    public int releaseOwn(Release release) {
        Instant now = clock.instant();
        return Objects.requireNonNullElse(transaction.execute(tx -> release.release(owner.get(), now)), 0);
    }

    /** When a lease taken or renewed at {@code now} ends. */
    public Instant expiry(Instant now) {
        return now.plus(length);
    }

    public String owner() {
        return owner.get();
    }
}

package io.notifications.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionOperations;

/** The lease steps over an in-memory table whose updates are written as the repositories' queries are. */
class LeasesTest {

    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final CountingTransactions transactions = new CountingTransactions();
    private final Table table = new Table();
    private final Leases here = new Leases(() -> "here", LEASE, clock, transactions);
    private final Leases there = new Leases(() -> "there", LEASE, clock, transactions);

    @Test
    void aClaimHoldsTheRowForThisNodeUntilNowPlusTheLease() {
        table.add(1);

        assertThat(here.claim(table.claim(1))).isTrue();
        assertThat(table.rows.get(1L)).isEqualTo(new Row("here", START.plus(LEASE)));
        assertThat(there.claim(table.claim(1))).as("held by a running lease").isFalse();
        assertThat(transactions.count).hasValue(2);
    }

    @Test
    void whatFollowsAClaimHappensOnlyIfTheRowWasTaken() {
        table.add(1);
        List<String> followed = new ArrayList<>();

        assertThat(here.claim(table.claim(1), () -> followed.add("first") ? "claimed" : null)).isEqualTo("claimed");
        assertThat(here.claim(table.claim(1), () -> followed.add("second") ? "claimed" : null)).isNull();
        assertThat(followed).containsExactly("first");
    }

    @Test
    void renewingMovesTheEndOfThisNodesLeasesToNowPlusTheLease() {
        table.add(1);
        table.add(2);
        here.claim(table.claim(1));
        there.claim(table.claim(2));

        clock.advance(Duration.ofSeconds(20));
        assertThat(here.renewAndReclaim(table::renew, table::reclaim)).isZero();

        assertThat(table.rows.get(1L).until()).isEqualTo(START.plusSeconds(20).plus(LEASE));
        assertThat(table.rows.get(2L).until()).as("another node's lease is its own business")
                .isEqualTo(START.plus(LEASE));
    }

    @Test
    void anExpiredLeaseOfAnotherNodeIsReclaimedAndARunningOneIsNot() {
        table.add(1);
        table.add(2);
        there.claim(table.claim(1));
        clock.advance(Duration.ofSeconds(30));
        there.claim(table.claim(2));

        clock.advance(LEASE);
        // Row 1's lease ended 30 s ago; row 2's ends now, which is not yet over
        assertThat(here.renewAndReclaim(table::renew, table::reclaim)).isEqualTo(1);
        assertThat(table.rows.get(1L)).isEqualTo(Row.FREE);
        assertThat(table.rows.get(2L).owner()).isEqualTo("there");
        assertThat(table.reclaimedBefore).containsExactly(START.plusSeconds(30).plus(LEASE));
    }

    @Test
    void aNodeThatWasPausedLongerThanItsLeaseRenewsItsOwnBeforeReclaiming() {
        table.add(1);
        here.claim(table.claim(1));

        clock.advance(LEASE.multipliedBy(3));
        assertThat(here.renewAndReclaim(table::renew, table::reclaim)).isZero();

        assertThat(table.rows.get(1L)).isEqualTo(new Row("here", START.plus(LEASE.multipliedBy(4))));
        assertThat(transactions.count).as("renewed and reclaimed in one transaction").hasValue(2);
    }

    @Test
    void atStartANodeReleasesItsOwnRowsWhateverTheirLeasesSay() {
        table.add(1);
        table.add(2);
        here.claim(table.claim(1));
        there.claim(table.claim(2));

        assertThat(here.releaseOwn(table::releaseOwn)).isEqualTo(1);
        assertThat(table.rows.get(1L)).isEqualTo(Row.FREE);
        assertThat(table.rows.get(2L).owner()).isEqualTo("there");
    }

    @Test
    void aLeaseLastsLongerThanNothing() {
        assertThatThrownBy(() -> new Leases(() -> "here", Duration.ZERO, clock, transactions))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private record Row(String owner, Instant until) {
        static final Row FREE = new Row(null, null);
    }

    /** Rows by id, updated as the item and delivery repositories update theirs. */
    private static final class Table {
        final Map<Long, Row> rows = new HashMap<>();
        final List<Instant> reclaimedBefore = new ArrayList<>();

        void add(long id) {
            rows.put(id, Row.FREE);
        }

        /** Taken only if no running lease holds it. */
        Leases.Claim claim(long id) {
            return (owner, now, until) -> {
                Row row = rows.get(id);
                if (row.until() != null && !row.until().isBefore(now)) {
                    return 0;
                }
                rows.put(id, new Row(owner, until));
                return 1;
            };
        }

        int renew(String owner, Instant until) {
            int renewed = 0;
            for (var entry : rows.entrySet()) {
                if (owner.equals(entry.getValue().owner())) {
                    entry.setValue(new Row(owner, until));
                    renewed++;
                }
            }
            return renewed;
        }

        int reclaim(Instant now) {
            reclaimedBefore.add(now);
            return free(row -> row.until() != null && row.until().isBefore(now));
        }

        int releaseOwn(String owner, Instant now) {
            return free(row -> owner.equals(row.owner()));
        }

        private int free(Predicate<Row> which) {
            int freed = 0;
            for (var entry : rows.entrySet()) {
                if (which.test(entry.getValue())) {
                    entry.setValue(Row.FREE);
                    freed++;
                }
            }
            return freed;
        }
    }

    private static final class CountingTransactions implements TransactionOperations {
        final AtomicInteger count = new AtomicInteger();

        @Override
        public <T> T execute(TransactionCallback<T> action) {
            count.incrementAndGet();
            return action.doInTransaction(null);
        }
    }

    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}

package io.notifications.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The dispatcher on its own, over an in-memory table of due work: pieces are "a1", "a2"... of key "a". */
class FairDispatcherTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration AN_HOUR = Duration.ofHours(1);

    private final Table table = new Table();

    @Test
    void aKeyWithABigBacklogTakesTurnsWithAnother() {
        table.add("a", 1000);
        table.add("b", 5);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(1, 1, 100, AN_HOUR));

        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            List<String> picked = dispatcher.next();
            assertThat(picked).hasSize(1);
            keys.add(key(picked.get(0)));
            finish(dispatcher, picked);
        }
        assertThat(keys).containsExactly("a", "b", "a", "b", "a", "b", "a", "b", "a", "b", "a", "a");
    }

    @Test
    void oneRoundSharesThePlacesOneEachInTurn() {
        table.add("a", 1000);
        table.add("b", 2);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(6, 6, 100, AN_HOUR));

        // Two keys share six places: three each, taken in turns; b has only two, so a gets the place b leaves
        assertThat(dispatcher.next()).containsExactly("a1", "b1", "a2", "b2", "a3", "a4");
    }

    @Test
    void aKeyThatArrivesLateGetsItsShareAsPlacesFree() {
        table.add("a", 1000);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(4, 4, 100, AN_HOUR));
        assertThat(dispatcher.next()).containsExactly("a1", "a2", "a3", "a4");

        table.add("b", 1000);
        dispatcher.wake();
        assertThat(dispatcher.next()).as("no place is free").isEmpty();
        finish(dispatcher, List.of("a1"));
        assertThat(dispatcher.next()).containsExactly("b1");
        finish(dispatcher, List.of("a2"));
        assertThat(dispatcher.next()).containsExactly("b2");
        // Now each holds its share of two: a place a frees goes back to a
        finish(dispatcher, List.of("a3"));
        assertThat(dispatcher.next()).containsExactly("a5");
    }

    @Test
    void neverMoreOutThanTheCapacityAndAReleaseFreesAPlace() {
        table.add("a", 100);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(3, 3, 100, AN_HOUR));

        assertThat(dispatcher.next()).containsExactly("a1", "a2", "a3");
        assertThat(dispatcher.next()).isEmpty();
        assertThat(dispatcher.wantsMore()).isFalse();

        finish(dispatcher, List.of("a2"));
        dispatcher.release("not out");
        dispatcher.release(null);
        assertThat(dispatcher.wantsMore()).isTrue();
        assertThat(dispatcher.next()).containsExactly("a4");
        assertThat(dispatcher.outstanding()).isEqualTo(3);
    }

    @Test
    void manyWorkersAtOnceNeverHoldMoreThanTheCapacityNorOnePieceTwice() throws Exception {
        table.add("a", 600);
        table.add("b", 600);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(3, 2, 10, AN_HOUR));
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        Set<String> out = ConcurrentHashMap.newKeySet();
        Set<String> done = ConcurrentHashMap.newKeySet();

        Runnable worker = () -> {
            while (!table.isEmpty()) {
                for (String piece : dispatcher.next()) {
                    mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
                    assertThat(out.add(piece)).as("%s handed out twice", piece).isTrue();
                    assertThat(done.add(piece)).as("%s handed out again after it was done", piece).isTrue();
                    out.remove(piece);
                    held.decrementAndGet();
                    finish(dispatcher, List.of(piece));
                }
            }
        };
        CompletableFuture.allOf(CompletableFuture.runAsync(worker), CompletableFuture.runAsync(worker),
                CompletableFuture.runAsync(worker), CompletableFuture.runAsync(worker)).get(2, TimeUnit.MINUTES);

        assertThat(done).hasSize(1200);
        assertThat(mostHeld.get()).isBetween(1, 3);
        assertThat(dispatcher.outstanding()).isZero();
    }

    @Test
    void noKeyHoldsMoreThanItsLimit() {
        table.add("a", 100);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(10, 2, 100, AN_HOUR));

        assertThat(dispatcher.next()).containsExactly("a1", "a2");
        assertThat(dispatcher.next()).isEmpty();
        assertThat(dispatcher.wantsMore()).as("work is due, and places are free for other keys").isTrue();

        table.add("b", 100);
        dispatcher.wake();
        assertThat(dispatcher.next()).containsExactly("b1", "b2");
        finish(dispatcher, List.of("a1"));
        assertThat(dispatcher.next()).containsExactly("a3");
    }

    @Test
    void dueWorkIsReadABatchAtATime() {
        table.add("a", 12);
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(2, 2, 5, AN_HOUR));

        List<String> handedOut = new ArrayList<>();
        while (handedOut.size() < 7) {
            List<String> picked = dispatcher.next();
            handedOut.addAll(picked);
            finish(dispatcher, picked);
        }
        assertThat(handedOut).containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7");
        assertThat(table.reads).as("a read of five, then one more when they ran out").hasValue(2);
    }

    @Test
    void nothingIsHandedOutUntilOpen() {
        table.add("a", 1);
        var dispatcher = new FairDispatcher<>(new FairDispatcher.Limits(1, 1, 1, AN_HOUR), table, CLOCK);

        assertThat(dispatcher.next()).isEmpty();
        assertThat(table.reads).hasValue(0);
        dispatcher.open();
        assertThat(dispatcher.next()).containsExactly("a1");
    }

    @Test
    void aFailedReadTakesNoPlace() {
        table.add("a", 5);
        table.add("b", 5);
        table.failing = "b";
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(4, 4, 100, AN_HOUR));

        assertThatThrownBy(dispatcher::next).hasMessageContaining("b cannot be read");
        assertThat(dispatcher.outstanding()).isZero();
        table.failing = null;
        assertThat(dispatcher.next()).hasSize(4);
    }

    /** Worker 1 picks, and blocks in the middle; worker 2 finishes, asks, and gets nothing: 1 picks for it. */
    @Test
    void aCallerThatFindsAPickUnderWayHasItsPlaceFilledByThePickingThread() throws Exception {
        table.add("a", 100);
        // The keys are read every round, so that a round can be stopped there
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(2, 2, 100, Duration.ZERO));
        assertThat(dispatcher.next()).containsExactly("a1", "a2");
        finish(dispatcher, List.of("a1"));

        Gate gate = table.gateNextKeys();
        CompletableFuture<List<String>> first = CompletableFuture.supplyAsync(dispatcher::next);
        gate.await();
        finish(dispatcher, List.of("a2"));
        assertThat(dispatcher.next()).as("a pick is under way").isEmpty();
        gate.open();

        assertThat(first.get(1, TimeUnit.MINUTES)).containsExactly("a3", "a4");
        assertThat(dispatcher.outstanding()).isEqualTo(2);
    }

    /** The pick read the keys before the new work arrived; the wake-up makes it read them again. */
    @Test
    void aWakeUpDuringAPickLeadsToAnotherPick() throws Exception {
        // Keys read once an hour: only a wake-up makes the dispatcher look again within the test
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(2, 2, 100, AN_HOUR));

        Gate gate = table.gateNextKeys();
        CompletableFuture<List<String>> picking = CompletableFuture.supplyAsync(dispatcher::next);
        gate.await();
        table.add("a", 3);
        // A wake-up never waits for the pick under way
        CompletableFuture.runAsync(dispatcher::wake).get(1, TimeUnit.MINUTES);
        gate.open();

        assertThat(picking.get(1, TimeUnit.MINUTES)).containsExactly("a1", "a2");
        finish(dispatcher, List.of("a1"));
        assertThat(dispatcher.wantsMore()).isTrue();
        assertThat(dispatcher.next()).containsExactly("a3");
    }

    @Test
    void aWakeUpWithNoPickUnderWayIsSeenByTheNextPick() {
        FairDispatcher<String, String> dispatcher = open(new FairDispatcher.Limits(2, 2, 100, AN_HOUR));
        assertThat(dispatcher.next()).isEmpty();
        assertThat(dispatcher.wantsMore()).as("nothing was due").isFalse();

        table.add("a", 1);
        assertThat(dispatcher.next()).as("not looked at again before the hour").isEmpty();
        dispatcher.wake();
        assertThat(dispatcher.wantsMore()).isTrue();
        assertThat(dispatcher.next()).containsExactly("a1");
    }

    private FairDispatcher<String, String> open(FairDispatcher.Limits limits) {
        var dispatcher = new FairDispatcher<>(limits, table, CLOCK);
        dispatcher.open();
        return dispatcher;
    }

    /** A worker done with its pieces: claimed (no longer due), then released. */
    private void finish(FairDispatcher<String, String> dispatcher, List<String> pieces) {
        pieces.forEach(piece -> {
            table.take(piece);
            dispatcher.release(piece);
        });
    }

    private static String key(String piece) {
        return piece.substring(0, 1);
    }

    /** Due work per key, in order; a piece stays due until it is taken, as a row stays PENDING until claimed. */
    private static final class Table implements FairDispatcher.DueWork<String, String> {
        private final Map<String, List<String>> due = new LinkedHashMap<>();
        final AtomicInteger reads = new AtomicInteger();
        volatile String failing;
        private volatile Gate gate;

        synchronized void add(String key, int count) {
            List<String> pieces = due.computeIfAbsent(key, k -> new ArrayList<>());
            for (int i = 1; i <= count; i++) {
                pieces.add(key + i);
            }
        }

        synchronized void take(String piece) {
            due.get(key(piece)).remove(piece);
        }

        synchronized boolean isEmpty() {
            return due.values().stream().allMatch(List::isEmpty);
        }

        Gate gateNextKeys() {
            gate = new Gate();
            return gate;
        }

        @Override
        public Collection<String> keys(Instant now) {
            List<String> keys;
            synchronized (this) {
                keys = due.keySet().stream().filter(key -> !due.get(key).isEmpty()).toList();
            }
            Gate stop = gate;
            if (stop != null) {
                gate = null;
                // What was read stays read: work added while the pick waits here is not in it
                stop.stopHere();
            }
            return keys;
        }

        @Override
        public synchronized List<String> due(String key, Instant now, int limit) {
            if (key.equals(failing)) {
                throw new IllegalStateException(key + " cannot be read");
            }
            reads.incrementAndGet();
            List<String> pieces = due.getOrDefault(key, List.of());
            return List.copyOf(pieces.subList(0, Math.min(limit, pieces.size())));
        }
    }

    /** Stops a pick in the middle until the test lets it go on. */
    private static final class Gate {
        private final CountDownLatch reached = new CountDownLatch(1);
        private final CountDownLatch opened = new CountDownLatch(1);

        void stopHere() {
            reached.countDown();
            try {
                if (!opened.await(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void await() throws InterruptedException {
            assertThat(reached.await(1, TimeUnit.MINUTES)).as("the pick reached the gate").isTrue();
        }

        void open() {
            opened.countDown();
        }
    }
}

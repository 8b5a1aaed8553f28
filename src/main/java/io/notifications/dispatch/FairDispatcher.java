package io.notifications.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out due work from the database, a little at a time and fairly. The table is the queue: this only decides
 * which of its due rows go out next.
 * <ul>
 * <li><b>Back-pressure.</b> No more than {@code capacity} pieces are out at once; {@link #release} gives a place
 * back.</li>
 * <li><b>Fairness.</b> Work is grouped by key (a bucket, a subscription). The keys with due work share the places
 * equally, one piece each in turn, starting from a different key each pick; places that keys with too little work
 * leave go to the others. No key holds more than {@code perKey} places. One key's backlog therefore never starves
 * another.</li>
 * <li><b>Read-ahead.</b> Due work is read {@code batch} at a time per key and handed out from memory. The keys are
 * asked for, and a key that had no more is read again, once per {@code lookAgainAfter} or after a
 * {@link #wake()}.</li>
 * <li><b>No lost wake-ups.</b> One thread picks at a time. A caller that finds a pick under way returns at once
 * with nothing, and the picking thread picks again for it before it lets go; a wake-up during a pick makes it
 * pick again from fresh reads.</li>
 * </ul>
 * Work handed out stays due in the database until it is claimed, so a piece read twice (by another node, or before
 * its claim committed) is harmless: its claim fails.
 *
 * @param <K> what work is shared by (compared with {@code equals})
 * @param <T> one piece of work, usually a row id
 */
public final class FairDispatcher<K, T> {

    private static final Logger log = LoggerFactory.getLogger(FairDispatcher.class);

    /** Where due work comes from. */
    public interface DueWork<K, T> {

        /** The keys that may have due work now. */
        Collection<K> keys(Instant now);

        /** At most {@code limit} of a key's due work, in the order to hand it out; it may include pieces out. */
        List<T> due(K key, Instant now, int limit);
    }

    /**
     * @param capacity       the most pieces out at once
     * @param perKey         the most pieces of one key out at once
     * @param batch          how many due pieces of a key are read ahead
     * @param lookAgainAfter how long what was read about the keys is trusted without a wake-up
     */
    public record Limits(int capacity, int perKey, int batch, Duration lookAgainAfter) {
        public Limits {
            if (capacity < 1 || perKey < 1 || batch < 1) {
                throw new IllegalArgumentException("capacity, perKey and batch must be at least 1");
            }
        }
    }

    private final Limits limits;
    private final DueWork<K, T> source;
    private final Clock clock;
    private final ReentrantLock picking = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean stale = new AtomicBoolean();
    /** Work out and not yet released, with its key. */
    private final Map<T, K> out = new HashMap<>();
    /** The keys and their read-ahead; only the picking thread touches these. */
    private final Map<K, Queue> queues = new LinkedHashMap<>();
    private Instant keysReadAt = Instant.MIN;
    private int turn;
    private volatile boolean foundWork = true;
    private volatile boolean open;

    public FairDispatcher(Limits limits, DueWork<K, T> source, Clock clock) {
        this.limits = limits;
        this.source = source;
        this.clock = clock;
    }

    /** Starts handing out work (a new dispatcher hands out none). */
    public void open() {
        open = true;
    }

    /** New work may have arrived: forget what was read, and make a pick under way pick again. Never waits. */
    public void wake() {
        stale.set(true);
        foundWork = true;
        requested.set(true);
    }

    /**
     * The work to hand out next, in order; each piece is out until it is {@link #release}d. Returns nothing at once
     * if another thread is picking: that thread picks again before it returns, so the free places go out anyway.
     * If a later round of a pick fails, what earlier rounds picked is still returned.
     */
    public List<T> next() {
        if (!open) {
            return List.of();
        }
        List<T> picked = new ArrayList<>();
        requested.set(true);
        // Whoever lets go of the lock looks once more: a request left just before it let go is not lost
        while (requested.get() && picking.tryLock()) {
            try {
                while (requested.getAndSet(false)) {
                    try {
                        picked.addAll(round());
                    } catch (RuntimeException e) {
                        if (picked.isEmpty()) {
                            throw e;
                        }
                        // What was picked is out already; the next pick tries again
                        log.warn("Picking more work failed: {}", e.toString());
                        return picked;
                    }
                }
            } finally {
                picking.unlock();
            }
        }
        return picked;
    }

    /** Gives a piece's place back, whatever became of it. */
    public synchronized void release(T piece) {
        if (piece != null) {
            out.remove(piece);
        }
    }

    /** Whether a place is free and the last pick found work: then a finished worker should ask at once. */
    public synchronized boolean wantsMore() {
        return foundWork && out.size() < limits.capacity();
    }

    /** How many pieces are out. */
    public synchronized int outstanding() {
        return out.size();
    }

    private List<T> round() {
        if (stale.getAndSet(false)) {
            keysReadAt = Instant.MIN;
            queues.clear();
        }
        Map<T, K> taken;
        synchronized (this) {
            taken = new HashMap<>(out);
        }
        int free = limits.capacity() - taken.size();
        if (free <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        if (expired(keysReadAt, now)) {
            Set<K> keys = new LinkedHashSet<>(source.keys(now));
            queues.keySet().retainAll(keys);
            keys.forEach(key -> queues.putIfAbsent(key, new Queue()));
            keysReadAt = now;
        }
        Map<K, Integer> held = new HashMap<>();
        taken.values().forEach(key -> held.merge(key, 1, Integer::sum));
        // The keys that have work or may have: they share the places equally
        List<K> candidates = new ArrayList<>();
        queues.forEach((key, queue) -> {
            if (queue.hasWork(now)) {
                candidates.add(key);
            }
        });
        if (candidates.isEmpty()) {
            foundWork = false;
            return List.of();
        }
        Collections.rotate(candidates, -(turn++ % candidates.size()));
        int share = Math.min(limits.perKey(), (limits.capacity() + candidates.size() - 1) / candidates.size());

        // First each key up to its share, one piece each in turn; then, if places are left because some keys had
        // too little work, the keys with more up to their limit. Keys are read in turn only as far as the free
        // places need, so a key further on waits for a later turn rather than cost a read now.
        Map<T, K> picked = new LinkedHashMap<>();
        Set<K> ready = new LinkedHashSet<>();
        for (int most : new int[] {share, limits.perKey()}) {
            int available = 0;
            for (K key : ready) {
                available += Math.min(Math.max(0, most - held.getOrDefault(key, 0)), queues.get(key).ids.size());
            }
            for (K key : candidates) {
                int room = most - held.getOrDefault(key, 0);
                if (picked.size() + available >= free) {
                    break;
                }
                if (room <= 0 || ready.contains(key)) {
                    continue;
                }
                Queue queue = queues.get(key);
                if (queue.worthReading(now)) {
                    int limit = limits.batch() + taken.size();
                    queue.refill(source.due(key, now, limit), limit, taken, now);
                }
                if (!queue.ids.isEmpty()) {
                    ready.add(key);
                    available += Math.min(room, queue.ids.size());
                }
            }
            boolean progress = true;
            while (picked.size() < free && progress) {
                progress = false;
                for (K key : ready) {
                    Queue queue = queues.get(key);
                    if (picked.size() < free && !queue.ids.isEmpty() && held.getOrDefault(key, 0) < most) {
                        picked.put(queue.ids.poll(), key);
                        held.merge(key, 1, Integer::sum);
                        progress = true;
                    }
                }
            }
        }
        // Only now are the places taken: a read that failed above leaves none taken
        foundWork = queues.values().stream().anyMatch(queue -> queue.hasWork(now));
        synchronized (this) {
            out.putAll(picked);
        }
        return new ArrayList<>(picked.keySet());
    }

    private boolean expired(Instant readAt, Instant now) {
        return Duration.between(readAt, now).compareTo(limits.lookAgainAfter()) >= 0;
    }

    /** One key's due work read ahead, and whether reading again may find more yet. */
    private final class Queue {
        final ArrayDeque<T> ids = new ArrayDeque<>();
        Instant readAt = Instant.MIN;
        /** The last read returned all it was allowed to: there may be more at once. */
        boolean full;

        boolean worthReading(Instant now) {
            return ids.isEmpty() && (full || expired(readAt, now));
        }

        boolean hasWork(Instant now) {
            return !ids.isEmpty() || worthReading(now);
        }

        void refill(List<T> read, int limit, Map<T, K> taken, Instant now) {
            readAt = now;
            full = read.size() >= limit;
            read.stream().filter(id -> !taken.containsKey(id)).forEach(ids::add);
        }
    }
}

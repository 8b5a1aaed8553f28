package io.notifications.item;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Decides which due PENDING items the workers get next. The database is the queue; this only hands out as many
 * items as there are free places (the workers plus a short prefetch), and shares those places fairly:
 * each bucket with due work gets an equal share, taken in turns, and no bucket ever holds more than
 * {@code max-per-source} places, so a worker is always left for another bucket. A bucket with a huge backlog
 * of slow items therefore cannot crowd out another, and a bucket whose items fail backs off on its own schedule.
 */
@Component("itemDispatcher")
public class ItemDispatcher {

    private final ItemRepository items;
    private final Clock clock;
    private final int capacity;
    private final int maxPerBucket;
    private final ReentrantLock dispatching = new ReentrantLock();
    /** Items handed to the workers and not yet released, with their bucket. */
    private final Map<Long, Long> outstanding = new HashMap<>();
    private int turn;
    private volatile boolean lastDispatchFoundWork = true;
    /** Closed until startup recovery has run, so nothing is claimed that recovery would then reset. */
    private volatile boolean open;

    public ItemDispatcher(ItemRepository items, ProcessingProperties properties, Clock clock) {
        this.items = items;
        this.clock = clock;
        // A prefetch of half the workers keeps them busy between dispatches without hoarding work
        this.capacity = properties.concurrency() + Math.max(1, properties.concurrency() / 2);
        this.maxPerBucket = properties.maxPerSource();
    }

    /**
     * The ids of the items to process next, in the order to process them. Returns nothing if another thread is
     * dispatching at this moment: it will hand out the free places.
     */
    public List<Long> nextItems() {
        if (!open || !dispatching.tryLock()) {
            return List.of();
        }
        try {
            List<Long> next = pick();
            lastDispatchFoundWork = !next.isEmpty();
            return next;
        } finally {
            dispatching.unlock();
        }
    }

    /** Starts handing out work; called once recovery at startup is done. */
    public void open() {
        open = true;
    }

    /** Called when a worker is finished with an item, whatever the outcome. */
    public synchronized void release(Long itemId) {
        if (itemId != null) {
            outstanding.remove(itemId);
        }
    }

    /** Whether a finished worker should dispatch at once rather than wait for the next tick. */
    public synchronized boolean wantsMore() {
        return lastDispatchFoundWork && outstanding.size() <= capacity / 2;
    }

    private List<Long> pick() {
        int free;
        Map<Long, Long> taken;
        Map<Long, Integer> perBucket = new HashMap<>();
        synchronized (this) {
            free = capacity - outstanding.size();
            taken = new HashMap<>(outstanding);
        }
        taken.values().forEach(b -> perBucket.merge(b, 1, Integer::sum));
        if (free <= 0) {
            return List.of();
        }
        var now = clock.instant();
        List<Long> buckets = new ArrayList<>(items.findBucketsWithDueItems(now));
        if (buckets.isEmpty()) {
            return List.of();
        }
        Collections.sort(buckets);
        Collections.rotate(buckets, -(turn++ % buckets.size()));
        int share = Math.min(maxPerBucket, Math.max(1, (capacity + buckets.size() - 1) / buckets.size()));

        Map<Long, Deque<Long>> candidates = new LinkedHashMap<>();
        for (Long bucketId : buckets) {
            int room = Math.min(share - perBucket.getOrDefault(bucketId, 0), free);
            if (room > 0) {
                List<Long> due = items.findDueItemIds(bucketId, now, PageRequest.of(0, room + taken.size()))
                        .stream().filter(id -> !taken.containsKey(id)).limit(room).toList();
                candidates.put(bucketId, new ArrayDeque<>(due));
            }
        }
        List<Long> picked = new ArrayList<>();
        while (picked.size() < free && candidates.values().stream().anyMatch(q -> !q.isEmpty())) {
            for (var entry : candidates.entrySet()) {
                Long id = entry.getValue().poll();
                if (id != null && picked.size() < free) {
                    picked.add(id);
                    synchronized (this) {
                        outstanding.put(id, entry.getKey());
                    }
                }
            }
        }
        return picked;
    }
}

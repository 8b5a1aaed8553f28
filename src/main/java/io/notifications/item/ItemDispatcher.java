package io.notifications.item;

import io.notifications.system.CoalescingPicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Decides which due PENDING items the workers get next. The database is the queue; this only hands out as many
 * items as there are free places (the workers plus a short prefetch), and shares those places fairly:
 * each queue with due work (each bucket, and iconik) gets an equal share, taken in turns, and no queue ever holds
 * more than {@code max-per-source} places, so a worker is always left for another. A bucket with a huge backlog
 * of slow items therefore cannot crowd out another, and a bucket whose items fail backs off on its own schedule.
 *
 * <p>Due ids are read a batch per bucket at a time and the list of buckets with due work at most once per
 * dispatch interval (or when {@link #wake()} says there is new work), so handing out an item rarely costs a query.
 * A cached id that another worker or node took meanwhile is harmless: its claim simply fails.
 */
@Component("itemDispatcher")
public class ItemDispatcher {

    private static final int BATCH = 256;
    /** Each bucket is a queue of its own; iconik items, which have no bucket, share one. */
    private static final String BUCKET_QUEUE = "bucket:";
    private static final String ICONIK_QUEUE = "iconik";

    private final ItemRepository items;
    private final Clock clock;
    private final Duration refreshInterval;
    private final int capacity;
    private final int maxPerBucket;
    private final CoalescingPicker picker = new CoalescingPicker();
    /** Items handed to the workers and not yet released, with their queue. */
    private final Map<Long, String> outstanding = new HashMap<>();
    /** Due ids read from the database and not handed out yet, per queue with due work. */
    private final Map<String, Deque<Long>> due = new LinkedHashMap<>();
    private Instant bucketsReadAt = Instant.MIN;
    private int turn;
    private volatile boolean lastDispatchFoundWork = true;
    /** Closed until startup recovery has run, so nothing is claimed that recovery would then reset. */
    private volatile boolean open;

    public ItemDispatcher(ItemRepository items, ProcessingProperties properties, Clock clock) {
        this.items = items;
        this.clock = clock;
        this.refreshInterval = properties.dispatchInterval();
        // A prefetch of half the workers keeps them busy between dispatches without hoarding work
        this.capacity = properties.concurrency() + Math.max(1, properties.concurrency() / 2);
        this.maxPerBucket = properties.maxPerSource();
    }

    /** Starts handing out work; called once recovery at startup is done. */
    public void open() {
        open = true;
    }

    /** New work may have arrived (a scan finished, an item was retried): look at the database again. */
    public void wake() {
        picker.exclusively(() -> {
            bucketsReadAt = Instant.MIN;
            due.clear();
            lastDispatchFoundWork = true;
        });
    }

    /**
     * The ids of the items to process next, in the order to process them. Returns nothing if another thread is
     * dispatching at this moment: that thread then looks again and hands out the free places.
     */
    public List<Long> nextItems() {
        if (!open) {
            return List.of();
        }
        // A worker that finds a pick under way leaves a note, so the picking thread hands out its place too
        return picker.pick(this::pick);
    }

    /** Called when a worker is finished with an item, whatever the outcome. */
    public synchronized void release(Long itemId) {
        if (itemId != null) {
            outstanding.remove(itemId);
        }
    }

    /** Whether a finished worker should dispatch at once rather than wait for the next tick. */
    public synchronized boolean wantsMore() {
        return lastDispatchFoundWork && outstanding.size() < capacity;
    }

    private List<Long> pick() {
        Map<Long, String> taken;
        synchronized (this) {
            taken = new HashMap<>(outstanding);
        }
        int free = capacity - taken.size();
        if (free <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        if (Duration.between(bucketsReadAt, now).compareTo(refreshInterval) >= 0) {
            List<String> queues = new ArrayList<>(
                    items.findBucketsWithDueItems(now).stream().map(ItemDispatcher::bucketQueue).toList());
            if (!items.findDueItemIdsWithoutBucket(now, PageRequest.of(0, 1)).isEmpty()) {
                queues.add(ICONIK_QUEUE);
            }
            due.keySet().retainAll(queues);
            queues.forEach(q -> due.putIfAbsent(q, new ArrayDeque<>()));
            bucketsReadAt = now;
        }
        if (due.isEmpty()) {
            // Nothing is due: finished workers stop asking until the next tick or wake-up
            lastDispatchFoundWork = false;
            return List.of();
        }
        lastDispatchFoundWork = true;
        Map<String, Integer> perQueue = new HashMap<>();
        taken.values().forEach(q -> perQueue.merge(q, 1, Integer::sum));
        List<String> order = new ArrayList<>(due.keySet());
        Collections.rotate(order, -(turn++ % order.size()));
        int share = Math.min(maxPerBucket, Math.max(1, (capacity + order.size() - 1) / order.size()));

        Map<String, Integer> room = new LinkedHashMap<>();
        for (String queue : order) {
            int left = share - perQueue.getOrDefault(queue, 0);
            if (left > 0 && refill(queue, taken, now)) {
                room.put(queue, left);
            }
        }
        List<Long> picked = new ArrayList<>();
        boolean progress = true;
        while (picked.size() < free && progress) {
            progress = false;
            for (var entry : room.entrySet()) {
                Deque<Long> queue = due.get(entry.getKey());
                if (entry.getValue() > 0 && queue != null && !queue.isEmpty() && picked.size() < free) {
                    Long id = queue.poll();
                    picked.add(id);
                    entry.setValue(entry.getValue() - 1);
                    synchronized (this) {
                        outstanding.put(id, entry.getKey());
                    }
                    progress = true;
                }
            }
        }
        return picked;
    }

    /** Makes sure the queue's cached due ids are not empty; forgets the queue when it has none left. */
    private boolean refill(String name, Map<Long, String> taken, Instant now) {
        Deque<Long> queue = due.get(name);
        if (queue.isEmpty()) {
            PageRequest limit = PageRequest.of(0, BATCH + taken.size());
            (ICONIK_QUEUE.equals(name) ? items.findDueItemIdsWithoutBucket(now, limit)
                    : items.findDueItemIds(Long.parseLong(name.substring(BUCKET_QUEUE.length())), now, limit)).stream()
                    .filter(id -> !taken.containsKey(id))
                    .limit(BATCH)
                    .forEach(queue::add);
        }
        if (queue.isEmpty()) {
            due.remove(name);
            return false;
        }
        return true;
    }

    private static String bucketQueue(long bucketId) {
        return BUCKET_QUEUE + bucketId;
    }
}

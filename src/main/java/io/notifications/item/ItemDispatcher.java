package io.notifications.item;

import io.notifications.dispatch.FairDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Decides which due PENDING items the workers get next, through a {@link FairDispatcher}: no more items out than
 * the workers plus a short prefetch can take, shared equally between the queues with due work (each bucket, and
 * iconik), and never more than {@code max-per-source} to one queue, so a worker is always left for another. A bucket
 * with a huge backlog of slow items therefore cannot crowd out another, and a bucket whose items fail backs off on
 * its own schedule.
 */
@Component("itemDispatcher")
public class ItemDispatcher {

    private static final int BATCH = 256;
    /** Each bucket is a queue of its own; iconik items, which have no bucket, share one. */
    private static final String BUCKET_QUEUE = "bucket:";
    private static final String ICONIK_QUEUE = "iconik";

    private final FairDispatcher<String, Long> dispatcher;

    public ItemDispatcher(ItemRepository items, ProcessingProperties properties, Clock clock) {
        // A prefetch of half the workers keeps them busy between dispatches without hoarding work
        int capacity = properties.concurrency() + Math.max(1, properties.concurrency() / 2);
        this.dispatcher = new FairDispatcher<>(new FairDispatcher.Limits(capacity, properties.maxPerSource(), BATCH,
                properties.dispatchInterval()), new DueItems(items), clock);
    }

    /** Starts handing out work; called once recovery at startup is done, so nothing is claimed it would reset. */
    public void open() {
        dispatcher.open();
    }

    /** New work may have arrived (a scan finished, an item was retried): look at the database again. */
    public void wake() {
        dispatcher.wake();
    }

    /**
     * The ids of the items to process next, in the order to process them. Returns nothing if another thread is
     * dispatching at this moment: that thread then looks again and hands out the free places.
     */
    public List<Long> nextItems() {
        return dispatcher.next();
    }

    /** Called when a worker is finished with an item, whatever the outcome. */
    public void release(Long itemId) {
        dispatcher.release(itemId);
    }

    /** Whether a finished worker should dispatch at once rather than wait for the next tick. */
    public boolean wantsMore() {
        return dispatcher.wantsMore();
    }

    /** Due PENDING items, by queue: a bucket's, or iconik's. */
    private record DueItems(ItemRepository items) implements FairDispatcher.DueWork<String, Long> {

        @Override
        public Collection<String> keys(Instant now) {
            List<String> queues = new ArrayList<>();
            items.findBucketsWithDueItems(now).forEach(bucketId -> queues.add(BUCKET_QUEUE + bucketId));
            if (!items.findDueItemIdsWithoutBucket(now, PageRequest.of(0, 1)).isEmpty()) {
                queues.add(ICONIK_QUEUE);
            }
            return queues;
        }

        @Override
        public List<Long> due(String queue, Instant now, int limit) {
            PageRequest first = PageRequest.of(0, limit);
            return ICONIK_QUEUE.equals(queue) ? items.findDueItemIdsWithoutBucket(now, first)
                    : items.findDueItemIds(Long.parseLong(queue.substring(BUCKET_QUEUE.length())), now, first);
        }
    }
}

package io.notifications.webhook;

import io.notifications.system.CoalescingPicker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Hands due deliveries to the senders: never more than {@code concurrency} in flight, and never more than
 * {@code per-subscription} to one subscription, so a slow or dead receiver cannot hold up the others. Nothing is
 * marked in the database: a delivery stays PENDING until its attempt is recorded, so a crash only repeats it.
 * <p>
 * Due ids are read a batch per subscription at a time and handed out from memory, so a busy subscription costs one
 * query per {@value #BATCH} deliveries rather than one per delivery. A subscription with nothing due is looked at
 * again after {@code dispatch-interval}.
 */
@Component("deliveryDispatcher")
public class DeliveryDispatcher {

    static final int BATCH = 200;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookSubscriptionRepository subscriptions;
    private final Clock clock;
    private final int concurrency;
    private final int perSubscription;
    private final Duration lookAgainAfter;
    private final CoalescingPicker picker = new CoalescingPicker();
    /** Deliveries handed out and not yet released, with their subscription. */
    private final Map<Long, Long> outstanding = new HashMap<>();
    /** Only touched by the picking thread. */
    private final Map<Long, Due> due = new HashMap<>();
    private List<Long> enabled = List.of();
    private Instant enabledReadAt = Instant.MIN;
    private int turn;

    public DeliveryDispatcher(WebhookDeliveryRepository deliveries, WebhookSubscriptionRepository subscriptions,
                              WebhookProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.clock = clock;
        this.concurrency = properties.concurrency();
        this.perSubscription = properties.perSubscription();
        this.lookAgainAfter = properties.dispatchInterval();
    }

    public List<Long> nextDeliveries() {
        // A sender that finds a pick under way leaves a note, so the picking thread looks again for it
        return picker.pick(this::pick);
    }

    private List<Long> pick() {
        Map<Long, Long> taken;
        synchronized (this) {
            taken = new HashMap<>(outstanding);
        }
        int free = concurrency - taken.size();
        if (free <= 0) {
            return List.of();
        }
        Instant now = clock.instant();
        Map<Long, Integer> perSubscriber = new HashMap<>();
        taken.values().forEach(s -> perSubscriber.merge(s, 1, Integer::sum));
        List<Long> order = new ArrayList<>(enabledSubscriptions(now));
        Collections.rotate(order, order.isEmpty() ? 0 : -(turn++ % order.size()));
        List<Long> picked = new ArrayList<>();
        for (Long subscription : order) {
            int room = Math.min(perSubscription - perSubscriber.getOrDefault(subscription, 0), free - picked.size());
            if (room <= 0) {
                continue;
            }
            Due queue = due.computeIfAbsent(subscription, s -> new Due());
            if (queue.ids.isEmpty() && queue.worthReading(now, lookAgainAfter)) {
                int limit = BATCH + taken.size();
                queue.refill(deliveries.findDueIds(subscription, now, PageRequest.of(0, limit)), limit, taken, now);
            }
            for (; room > 0 && !queue.ids.isEmpty(); room--) {
                Long id = queue.ids.poll();
                picked.add(id);
                synchronized (this) {
                    outstanding.put(id, subscription);
                }
            }
        }
        return picked;
    }

    private List<Long> enabledSubscriptions(Instant now) {
        if (Duration.between(enabledReadAt, now).compareTo(lookAgainAfter) >= 0) {
            enabled = subscriptions.findEnabledIds();
            enabledReadAt = now;
            due.keySet().retainAll(enabled);
        }
        return enabled;
    }

    public synchronized void release(Long deliveryId) {
        if (deliveryId != null) {
            outstanding.remove(deliveryId);
        }
    }

    /** One subscription's due ids, read ahead, and whether reading again can find more yet. */
    private static final class Due {
        final ArrayDeque<Long> ids = new ArrayDeque<>();
        Instant readAt = Instant.MIN;
        boolean full;

        boolean worthReading(Instant now, Duration lookAgainAfter) {
            return full || Duration.between(readAt, now).compareTo(lookAgainAfter) >= 0;
        }

        void refill(List<Long> read, int limit, Map<Long, Long> taken, Instant now) {
            readAt = now;
            full = read.size() == limit;
            read.stream().filter(id -> !taken.containsKey(id)).forEach(ids::add);
        }
    }
}

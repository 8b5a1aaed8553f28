package io.notifications.webhook;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Hands due deliveries to the senders: never more than {@code concurrency} in flight, and never more than
 * {@code per-subscription} to one subscription, so a slow or dead receiver cannot hold up the others. Nothing is
 * marked in the database: a delivery stays PENDING until its attempt is recorded, so a crash only repeats it.
 */
@Component("deliveryDispatcher")
public class DeliveryDispatcher {

    private final WebhookDeliveryRepository deliveries;
    private final Clock clock;
    private final int concurrency;
    private final int perSubscription;
    private final ReentrantLock dispatching = new ReentrantLock();
    private final AtomicBoolean requested = new AtomicBoolean();
    /** Deliveries handed out and not yet released, with their subscription. */
    private final Map<Long, Long> outstanding = new HashMap<>();
    private int turn;

    public DeliveryDispatcher(WebhookDeliveryRepository deliveries, WebhookProperties properties, Clock clock) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.concurrency = properties.concurrency();
        this.perSubscription = properties.perSubscription();
    }

    public List<Long> nextDeliveries() {
        // A sender that finds the lock taken leaves a note, so the dispatching thread looks again for it
        requested.set(true);
        if (!dispatching.tryLock()) {
            return List.of();
        }
        try {
            List<Long> next = new ArrayList<>();
            while (requested.getAndSet(false)) {
                next.addAll(pick());
            }
            return next;
        } finally {
            dispatching.unlock();
        }
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
        Map<Long, Integer> perSubscriber = new HashMap<>();
        taken.values().forEach(s -> perSubscriber.merge(s, 1, Integer::sum));
        List<Long> subscriptions = new ArrayList<>(deliveries.findSubscriptionsWithDue(clock.instant()));
        Collections.rotate(subscriptions, subscriptions.isEmpty() ? 0 : -(turn++ % subscriptions.size()));
        List<Long> picked = new ArrayList<>();
        for (Long subscription : subscriptions) {
            int room = Math.min(perSubscription - perSubscriber.getOrDefault(subscription, 0), free - picked.size());
            if (room <= 0) {
                continue;
            }
            for (Long id : deliveries.findDueIds(subscription, clock.instant(), PageRequest.of(0, room + taken.size()))) {
                if (room > 0 && !taken.containsKey(id)) {
                    picked.add(id);
                    room--;
                    synchronized (this) {
                        outstanding.put(id, subscription);
                    }
                }
            }
        }
        return picked;
    }

    public synchronized void release(Long deliveryId) {
        if (deliveryId != null) {
            outstanding.remove(deliveryId);
        }
    }
}

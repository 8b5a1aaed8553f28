package io.notifications.webhook;

import io.notifications.dispatch.FairDispatcher;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

/**
 * Hands due deliveries to the senders through a {@link FairDispatcher}: never more than {@code concurrency} in
 * flight, shared between the subscriptions with due deliveries, and never more than {@code per-subscription} to
 * one subscription, so a slow or dead receiver cannot hold up the others. Nothing is marked in the database here: a
 * delivery stays PENDING until its attempt is recorded, so a crash only repeats it.
 * <p>
 * Due ids are read {@value #BATCH} per subscription at a time and handed out from memory. A subscription with nothing
 * due is looked at again after {@code dispatch-interval}.
 */
@Component("deliveryDispatcher")
public class DeliveryDispatcher {

    static final int BATCH = 200;

    private final FairDispatcher<Long, Long> dispatcher;

    public DeliveryDispatcher(WebhookDeliveryRepository deliveries, WebhookSubscriptionRepository subscriptions,
                              WebhookProperties properties, Clock clock) {
        this.dispatcher = new FairDispatcher<>(new FairDispatcher.Limits(properties.concurrency(),
                properties.perSubscription(), BATCH, properties.dispatchInterval()),
                new DueDeliveries(deliveries, subscriptions), clock);
        dispatcher.open();
    }

    /** The ids of the deliveries to send next; nothing if another sender is dispatching (it hands out the places). */
    public List<Long> nextDeliveries() {
        return dispatcher.next();
    }

    /** Called once a delivery's attempt is recorded, whatever the outcome. */
    public void release(Long deliveryId) {
        dispatcher.release(deliveryId);
    }

    /** Due deliveries, by subscription: each enabled one's, oldest first. */
    private record DueDeliveries(WebhookDeliveryRepository deliveries, WebhookSubscriptionRepository subscriptions)
            implements FairDispatcher.DueWork<Long, Long> {

        @Override
        public Collection<Long> keys(Instant now) {
            return subscriptions.findEnabledIds();
        }

        @Override
        public List<Long> due(Long subscription, Instant now, int limit) {
            return deliveries.findDueIds(subscription, now, PageRequest.of(0, limit));
        }
    }
}

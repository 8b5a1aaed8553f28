package io.notifications.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The transactional outbox. Events are written in the transaction of the change that causes them, with one
 * delivery per matching enabled subscription, so a change never exists without its event and a rolled-back change
 * leaves none.
 */
@Component
public class EventOutbox {

    private static final Duration SUBSCRIPTIONS_TTL = Duration.ofSeconds(2);

    private final WebhookEventRepository events;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookSubscriptionRepository subscriptions;
    private final ObjectMapper objectMapper;
    private final Clock clock;
    private final TransactionTemplate transaction;
    private volatile List<WebhookSubscription> enabled;
    private volatile Instant enabledReadAt = Instant.MIN;

    public EventOutbox(WebhookEventRepository events, WebhookDeliveryRepository deliveries,
                       WebhookSubscriptionRepository subscriptions, ObjectMapper objectMapper, Clock clock,
                       PlatformTransactionManager transactionManager) {
        this.transaction = new TransactionTemplate(transactionManager);
        this.events = events;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.objectMapper = objectMapper;
        this.clock = clock;
    }

    /** A new event with a fresh id and the current time. */
    public Event event(String type, String source, Long bucketId, Long itemId, String key, String status,
                       String processor, Integer attempt, JsonNode result, String error,
                       Map<String, Object> counts) {
        return new Event(newId(), declared(type), clock.instant(), source, bucketId, itemId, key, status, processor,
                attempt, result, error, counts, null);
    }

    /** An event about a subscription itself: {@code webhook.ping} or {@code webhook.disabled}. */
    public Event subscriptionEvent(String type, WebhookSubscription subscription, String error) {
        return new Event(newId(), declared(type), clock.instant(), null, null, null, null, null, null, null, null,
                error, null, subscription.getId());
    }

    /** Subscriptions are checked against, and the schema catalogue is built from, the types EventTypes declares. */
    private static String declared(String type) {
        if (!EventTypes.ALL.contains(type)) {
            throw new IllegalArgumentException("webhook event type '" + type + "' is not declared in EventTypes.ALL");
        }
        return type;
    }

    private static String newId() {
        return "msg_" + UUID.randomUUID().toString().replace("-", "");
    }

    /** Records the events and their deliveries; only within the transaction of the change they describe. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void publish(List<Event> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<WebhookSubscription> receivers = enabledSubscriptions();
        List<WebhookEvent> rows = new ArrayList<>(batch.size());
        List<WebhookDelivery> pending = new ArrayList<>();
        Instant now = clock.instant();
        for (Event event : batch) {
            rows.add(new WebhookEvent(event.id(), event.type(), json(event), event.timestamp()));
            for (WebhookSubscription subscription : receivers) {
                if (wants(subscription, event)) {
                    pending.add(new WebhookDelivery(event.id(), subscription.getId(), now));
                }
            }
        }
        events.saveAll(rows);
        if (!pending.isEmpty()) {
            // Deliveries refer to their events, so the events go first; with none, the commit writes them
            events.flush();
            deliveries.saveAll(pending);
        }
    }

    /** Records one event to one subscription only, e.g. a ping; in its own transaction if there is none. */
    @Transactional
    public WebhookDelivery publishTo(WebhookSubscription subscription, Event event) {
        events.saveAndFlush(new WebhookEvent(event.id(), event.type(), json(event), event.timestamp()));
        return deliveries.saveAndFlush(new WebhookDelivery(event.id(), subscription.getId(), clock.instant()));
    }

    /**
     * Deletes the events whose deliveries have all ended (DELIVERED or DEAD) before {@code endedBefore}, and the
     * events created before it that had no delivery to make; their deliveries and attempts go with them. An event
     * with a delivery still pending stays however old it is. Reads the events oldest first, a batch at a time, each
     * batch in its own short transaction, and calls {@code deleted} with each batch's count as it commits.
     *
     * @return how many events in all
     */
    public long deleteEnded(Instant endedBefore, int batchSize, IntConsumer deleted) {
        long total = 0;
        WebhookEventRepository.EventAge last = new WebhookEventRepository.EventAge("", Instant.EPOCH);
        List<WebhookEventRepository.EventAge> batch;
        do {
            // An event that ended before the cutoff was created before it; kept ones are read once a run, not a batch
            batch = events.findCreatedBefore(endedBefore, last.createdAt(), last.id(), PageRequest.of(0, batchSize));
            if (batch.isEmpty()) {
                break;
            }
            List<String> ids = batch.stream().map(WebhookEventRepository.EventAge::id).toList();
            int count = Objects.requireNonNullElse(transaction.execute(tx -> {
                deliveries.lockByEventIds(ids);
                return events.deleteEnded(ids, endedBefore);
            }), 0);
            deleted.accept(count);
            total += count;
            last = batch.get(batch.size() - 1);
        } while (batch.size() == batchSize);
        return total;
    }

    /** Subscriptions changed: the next event reads them again. */
    public void subscriptionsChanged() {
        enabledReadAt = Instant.MIN;
    }

    static boolean wants(WebhookSubscription s, Event event) {
        return s.getEventTypes().stream().anyMatch(pattern -> EventTypes.matches(pattern, event.type()))
                && (s.getSource() == null || s.getSource().equals(event.source()))
                && (s.getBucketId() == null || Objects.equals(s.getBucketId(), event.bucketId()))
                && (s.getProcessor() == null || event.runs(s.getProcessor()));
    }

    private List<WebhookSubscription> enabledSubscriptions() {
        Instant now = clock.instant();
        if (enabled == null || Duration.between(enabledReadAt, now).compareTo(SUBSCRIPTIONS_TTL) > 0) {
            enabled = List.copyOf(subscriptions.findByEnabledTrue());
            enabledReadAt = now;
        }
        return enabled;
    }

    private String json(Event event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + event.id() + " cannot be written as JSON", e);
        }
    }
}

package io.notifications.webhook;

import io.notifications.system.ConflictException;
import io.notifications.system.InputValidator;
import io.notifications.system.InvalidInputException;
import io.notifications.system.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.orm.ObjectOptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates, changes and removes webhook subscriptions. */
@Service
public class WebhookService {

    private final WebhookSubscriptionRepository subscriptions;
    private final InputValidator validator;
    private final WebhookProperties properties;
    private final EventOutbox outbox;
    private final WebhookDeliveryRepository deliveries;
    private final WebhookAttemptRepository attempts;
    private final WebhookEventRepository events;
    private final Clock clock;

    public WebhookService(WebhookSubscriptionRepository subscriptions, InputValidator validator,
                          WebhookProperties properties, EventOutbox outbox, WebhookDeliveryRepository deliveries,
                          WebhookAttemptRepository attempts, WebhookEventRepository events, Clock clock) {
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.events = events;
        this.validator = validator;
        this.properties = properties;
        this.outbox = outbox;
        this.clock = clock;
    }

    public Page<WebhookSubscription> list(int page, int size) {
        return subscriptions.findAll(PageRequest.of(page, size, Sort.by("id")));
    }

    public WebhookSubscription get(long id) {
        return subscriptions.findById(id)
                .orElseThrow(() -> new NotFoundException("webhook subscription " + id + " does not exist"));
    }

    /** Every subscription, by id. */
    public List<WebhookSubscription> all() {
        return subscriptions.findAll(Sort.by("id"));
    }

    /** How many of the subscription's deliveries are in this status. */
    public long deliveryCount(long subscriptionId, DeliveryStatus status) {
        return deliveries.countBySubscriptionIdAndStatus(subscriptionId, status);
    }

    public WebhookSubscription create(WebhookSettings settings) {
        WebhookSubscription subscription = new WebhookSubscription();
        apply(settings, subscription);
        subscription.rotateSecret(settings.secret() != null ? settings.secret() : WebhookSecrets.generate(), null);
        subscription.touch(clock.instant());
        return save(subscription);
    }

    /** Replaces the settings. A {@code secret} given here rotates it, with the configured grace period. */
    public WebhookSubscription update(long id, WebhookSettings settings) {
        WebhookSubscription subscription = get(id);
        apply(settings, subscription);
        if (settings.secret() != null) {
            subscription.rotateSecret(settings.secret(), clock.instant().plus(properties.secretGracePeriod()));
        }
        subscription.touch(clock.instant());
        return save(subscription);
    }

    /** A new generated (or given) secret; the old one signs too until the grace period ends. */
    public WebhookSubscription rotateSecret(long id, String secret) {
        if (secret != null && WebhookSecrets.problem(secret) != null) {
            throw InvalidInputException.of("secret", WebhookSecrets.problem(secret));
        }
        WebhookSubscription subscription = get(id);
        subscription.rotateSecret(secret != null ? secret : WebhookSecrets.generate(),
                clock.instant().plus(properties.secretGracePeriod()));
        subscription.touch(clock.instant());
        return save(subscription);
    }

    /** Queues a {@code webhook.ping} event to this subscription only. */
    public WebhookDelivery ping(long id) {
        WebhookSubscription subscription = get(id);
        return outbox.publishTo(subscription, outbox.subscriptionEvent("webhook.ping", subscription, null));
    }

    public Page<WebhookDelivery> deliveries(long id, int page, int size) {
        get(id);
        return deliveries.findBySubscriptionId(id, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    }

    public List<WebhookAttempt> attempts(long deliveryId) {
        return attempts.findByDeliveryIdOrderByAttemptedAt(deliveryId);
    }

    public WebhookEvent event(String eventId) {
        return events.findById(eventId).orElse(null);
    }

    /** Sends one delivery again, with the same webhook-id, whatever its status. */
    @Transactional
    public WebhookDelivery redeliver(long id, long deliveryId) {
        WebhookDelivery delivery = deliveries.findById(deliveryId)
                .filter(d -> d.getSubscriptionId() == id)
                .orElseThrow(() -> new NotFoundException("delivery " + deliveryId + " of subscription " + id + " does not exist"));
        delivery.redeliver(clock.instant());
        return delivery;
    }

    /** Sends every dead delivery created since {@code since} again. Returns how many. */
    @Transactional
    public int redeliverFailed(long id, Instant since) {
        get(id);
        List<WebhookDelivery> dead = deliveries.findBySubscriptionIdAndStatusAndCreatedAtGreaterThanEqual(
                id, DeliveryStatus.DEAD, since);
        dead.forEach(d -> d.redeliver(clock.instant()));
        return dead.size();
    }

    public void delete(long id) {
        WebhookSubscription subscription = get(id);
        try {
            subscriptions.delete(subscription);
            outbox.subscriptionsChanged();
        } catch (ObjectOptimisticLockingFailureException e) {
            throw new ConflictException("webhook subscription " + id + " was changed concurrently; reload and retry");
        }
    }

    private WebhookSubscription save(WebhookSubscription subscription) {
        try {
            WebhookSubscription saved = subscriptions.saveAndFlush(subscription);
            outbox.subscriptionsChanged();
            return saved;
        } catch (ObjectOptimisticLockingFailureException e) {
            throw new ConflictException(subscription + " was changed concurrently; reload and retry");
        }
    }

    /** Validates every field against the constraints of {@link WebhookSettings}, then copies them. */
    private void apply(WebhookSettings s, WebhookSubscription subscription) {
        if (s == null) {
            throw InvalidInputException.of("body", "a webhook subscription JSON object is required");
        }
        validator.check(s);
        List<String> types = s.eventTypes() == null || s.eventTypes().isEmpty() ? List.of("*") : s.eventTypes();
        subscription.setUrl(s.url().trim());
        subscription.setEventTypes(types);
        // Events carry their source in lower case
        subscription.setSource(s.source() == null ? null : s.source().toLowerCase(Locale.ROOT));
        subscription.setBucketId(s.bucketId());
        subscription.setProcessor(s.processor());
        subscription.setDescription(s.description());
        if (s.enabled() == null || s.enabled()) {
            subscription.enable();
        } else {
            subscription.disable("disabled through the API");
        }
    }
}

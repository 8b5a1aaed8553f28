package io.notifications.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the {@code webhook-send} route around the HTTP call: build the signed request, then record the
 * attempt and decide what follows (delivered, retry after the next wait of the schedule, or dead). A subscription
 * that keeps failing for {@code disable-after} is disabled, with a {@code webhook.disabled} event.
 */
@Component("webhookSender")
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** How much of a receiver's answer is read and kept in the delivery log. */
    static final int RESPONSE_LIMIT = 4096;

    private final WebhookDeliveryRepository deliveries;
    private final WebhookEventRepository events;
    private final WebhookSubscriptionRepository subscriptions;
    private final WebhookAttemptRepository attempts;
    private final EventOutbox outbox;
    private final TargetGuard guard;
    private final WebhookProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public WebhookSender(WebhookDeliveryRepository deliveries, WebhookEventRepository events,
                         WebhookSubscriptionRepository subscriptions, WebhookAttemptRepository attempts,
                         EventOutbox outbox, TargetGuard guard, WebhookProperties properties,
                         PlatformTransactionManager transactionManager, Clock clock) {
        this.deliveries = deliveries;
        this.events = events;
        this.subscriptions = subscriptions;
        this.attempts = attempts;
        this.outbox = outbox;
        this.guard = guard;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Turns the message into the signed POST of a delivery, and sets the {@code webhookReady} property. It is false
     * when there is nothing to send: the delivery was made or removed meanwhile, or its subscription is disabled.
     */
    public void prepare(long deliveryId, Exchange exchange) {
        exchange.setProperty("webhookReady", prepared(deliveryId, exchange));
    }

    private boolean prepared(long deliveryId, Exchange exchange) {
        Optional<WebhookDelivery> delivery = deliveries.findById(deliveryId)
                .filter(d -> d.getStatus() == DeliveryStatus.PENDING);
        Optional<WebhookSubscription> subscription = delivery.flatMap(d -> subscriptions.findById(d.getSubscriptionId()))
                .filter(WebhookSubscription::isEnabled);
        Optional<WebhookEvent> event = delivery.flatMap(d -> events.findById(d.getEventId()));
        if (subscription.isEmpty() || event.isEmpty()) {
            return false;
        }
        Optional<String> refusal = guard.refusal(subscription.get().getUrl());
        if (refusal.isPresent()) {
            throw new RefusedTargetException("target " + refusal.get());
        }
        long timestamp = clock.instant().getEpochSecond();
        String body = event.get().getPayload();
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("webhook-id", event.get().getId());
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature", WebhookSigner.signature(event.get().getId(), timestamp, body,
                subscription.get().signingSecrets(clock.instant())));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.HTTP_URI, subscription.get().getUrl());
        message.setBody(body);
        exchange.setProperty("attemptStartedNanos", System.nanoTime());
        return true;
    }

    /** The receiver answered: 2xx is delivered, anything else is a failed attempt. */
    public void answered(long deliveryId, Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = readCapped(exchange.getMessage().getBody(InputStream.class));
        long latency = latencyMs(exchange);
        if (status != null && status >= 200 && status < 300) {
            record(deliveryId, status, latency, null, body, true);
        } else {
            record(deliveryId, status, latency, "HTTP " + status, body, false);
        }
    }

    /**
     * No answer: refused connection, timeout, refused target. Never throws: if even recording fails, the delivery
     * simply stays due and is attempted again.
     */
    public void failed(long deliveryId, Exchange exchange, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        try {
            record(deliveryId, null, latencyMs(exchange),
                    message.length() > 2000 ? message.substring(0, 2000) : message, null, false);
        } catch (RuntimeException e) {
            log.error("Could not record the failed attempt of webhook delivery {}: {}", deliveryId, e.toString());
        }
    }

    private void record(long deliveryId, Integer status, Long latency, String error, String body, boolean delivered) {
        Instant now = clock.instant();
        transaction.executeWithoutResult(tx -> deliveries.findById(deliveryId).ifPresent(delivery -> {
            attempts.save(new WebhookAttempt(deliveryId, now, status, latency, error, body));
            long subscriptionId = delivery.getSubscriptionId();
            if (delivered) {
                delivery.delivered(status, now);
                subscriptions.markHealthy(subscriptionId);
                return;
            }
            Duration wait = properties.retryDelay(delivery.getAttempts() + 1, ThreadLocalRandom.current().nextDouble());
            delivery.failed(status, error, wait == null ? null : now.plus(wait), now);
            if (delivery.getStatus() == DeliveryStatus.DEAD) {
                log.warn("Webhook delivery {} of event {} to subscription {} is dead after {} attempts: {}",
                        deliveryId, delivery.getEventId(), subscriptionId, delivery.getAttempts(), error);
            }
            subscriptions.markFailing(subscriptionId, now);
            String reason = "deliveries have failed for longer than " + properties.disableAfter();
            if (subscriptions.disableIfFailingSince(subscriptionId, now.minus(properties.disableAfter()), reason) == 1) {
                log.warn("Disabled webhook subscription {}: {}", subscriptionId, reason);
                subscriptions.findById(subscriptionId).ifPresent(subscription -> outbox.publish(List.of(
                        outbox.subscriptionEvent("webhook.disabled", subscription, reason))));
                outbox.subscriptionsChanged();
            }
        }));
    }

    private static Long latencyMs(Exchange exchange) {
        Long started = exchange.getProperty("attemptStartedNanos", Long.class);
        return started == null ? null : (System.nanoTime() - started) / 1_000_000;
    }

    /** Reads at most {@link #RESPONSE_LIMIT} bytes of the answer and drops the rest unread. */
    private static String readCapped(InputStream in) {
        if (in == null) {
            return null;
        }
        try (in) {
            return new String(in.readNBytes(RESPONSE_LIMIT), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}

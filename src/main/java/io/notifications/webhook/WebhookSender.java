package io.notifications.webhook;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notifications.dispatch.Leases;
import io.notifications.system.NodeIdentity;
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
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the {@code webhook-send} route around the HTTP call: build the signed request, then record the
 * attempt and decide what follows (delivered, retry after the next wait of the schedule, or dead). A subscription
 * that keeps failing for {@code disable-after} is disabled, with a {@code webhook.disabled} event.
 */
@Component("webhookSender")
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    /** How much of a receiver's answer is read and kept in the delivery log: bytes, so never more characters. */
    static final int RESPONSE_LIMIT = 4000;
    /** Whether the subscription was failing when the attempt began: only then can a success make it healthy. */
    private static final String SUBSCRIPTION_FAILING = "webhookSubscriptionFailing";
    private static final String DELIVERED = "webhookDelivered";
    private static final String ATTEMPT_STARTED = "attemptStartedNanos";

    private final WebhookDeliveryRepository deliveries;
    private final WebhookSubscriptionRepository subscriptions;
    private final EventOutbox outbox;
    private final TargetGuard guard;
    private final WebhookProperties properties;
    private final TransactionTemplate inRouteTransaction;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final Leases leases;

    public WebhookSender(WebhookDeliveryRepository deliveries, WebhookSubscriptionRepository subscriptions,
                         EventOutbox outbox, TargetGuard guard, WebhookProperties properties,
                         PlatformTransactionManager transactionManager, Clock clock, MeterRegistry metrics,
                         NodeIdentity node) {
        // One attempt per lease, never renewed: an attempt cannot outlast its connect and response timeouts, and
        // the margin covers recording it
        this.leases = new Leases(node::id, properties.connectTimeout().plus(properties.responseTimeout())
                .plusSeconds(30), clock, new TransactionTemplate(transactionManager));
        this.metrics = metrics;
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.guard = guard;
        this.properties = properties;
        // The route's transaction, never one of its own: the attempt row must commit or roll back with the outcome
        this.inRouteTransaction = new TransactionTemplate(transactionManager);
        this.inRouteTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_MANDATORY);
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
        Optional<OutgoingDelivery> outgoing = deliveries.findOutgoing(deliveryId)
                .filter(o -> o.delivery().getStatus() == DeliveryStatus.PENDING && o.subscription().isEnabled());
        // This node's claim on the delivery for one attempt: refused while another node is making it
        if (outgoing.isEmpty()
                || !leases.claim((owner, now, until) -> deliveries.claim(deliveryId, now, owner, until))) {
            return false;
        }
        WebhookSubscription subscription = outgoing.get().subscription();
        WebhookEvent event = outgoing.get().event();
        Optional<String> refusal = guard.refusal(subscription.getUrl());
        if (refusal.isPresent()) {
            throw new RefusedTargetException("target " + refusal.get());
        }
        long timestamp = clock.instant().getEpochSecond();
        String body = event.getPayload();
        Message message = exchange.getMessage();
        message.removeHeaders("*");
        message.setHeader("webhook-id", event.getId());
        message.setHeader("webhook-timestamp", String.valueOf(timestamp));
        message.setHeader("webhook-signature", WebhookSigner.signature(event.getId(), timestamp, body,
                subscription.signingSecrets(clock.instant())));
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // The enum itself: as the text "POST" it goes through Camel's slow enum conversion on every request
        message.setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        message.setHeader(Exchange.HTTP_URI, subscription.getUrl());
        message.setBody(body);
        exchange.setProperty(SUBSCRIPTION_FAILING, subscription.getFailingSince() != null);
        exchange.setProperty(ATTEMPT_STARTED, System.nanoTime());
        return true;
    }

    /**
     * The receiver answered: the attempt to record, for the message body. 2xx is delivered, anything else is a
     * failed attempt; the {@code webhookDelivered} property says which.
     */
    public WebhookAttempt answered(long deliveryId, Exchange exchange) {
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = readCapped(exchange.getMessage().getBody(InputStream.class));
        boolean delivered = status != null && status >= 200 && status < 300;
        Long latency = latencyMs(exchange);
        // The attempt is over: should recording it fail, that must not be taken for a failed attempt
        exchange.removeProperty(ATTEMPT_STARTED);
        exchange.setProperty(DELIVERED, delivered);
        attempted(delivered ? "delivered" : "refused", latency);
        return new WebhookAttempt(deliveryId, clock.instant(), status, latency, delivered ? null : "HTTP " + status, body);
    }

    /** No answer: refused connection, timeout, refused target. The failed attempt to record; never throws. */
    public WebhookAttempt failed(long deliveryId, Exchange exchange, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        exchange.setProperty(DELIVERED, false);
        attempted("no-answer", latencyMs(exchange));
        return new WebhookAttempt(deliveryId, clock.instant(), null, latencyMs(exchange),
                message.length() > 2000 ? message.substring(0, 2000) : message, null);
    }

    /**
     * What follows from an attempt, in the transaction of the {@code webhook-record} route that also stores the
     * attempt: the delivery is delivered, waits for its next retry, or is dead, and the subscription's health is
     * updated. False when the delivery no longer exists (its subscription was deleted meanwhile).
     */
    public boolean recordOutcome(WebhookAttempt attempt, boolean delivered, Boolean subscriptionWasFailing) {
        return Boolean.TRUE.equals(inRouteTransaction.execute(tx -> deliveries.findById(attempt.getDeliveryId())
                .map(delivery -> {
                    if (delivered) {
                        delivery.delivered(attempt.getStatusCode(), attempt.getAttemptedAt());
                        if (!Boolean.FALSE.equals(subscriptionWasFailing)) {
                            subscriptions.markHealthy(delivery.getSubscriptionId());
                        }
                    } else {
                        failed(delivery, attempt);
                    }
                    return true;
                })
                .orElse(false)));
    }

    private void failed(WebhookDelivery delivery, WebhookAttempt attempt) {
        Instant now = attempt.getAttemptedAt();
        long subscriptionId = delivery.getSubscriptionId();
        Duration wait = properties.retryDelay(delivery.getAttempts() + 1, ThreadLocalRandom.current().nextDouble());
        delivery.failed(attempt.getStatusCode(), attempt.getError(), wait == null ? null : now.plus(wait), now);
        if (delivery.getStatus() == DeliveryStatus.DEAD) {
            log.warn("Webhook delivery {} of event {} to subscription {} is dead after {} attempts: {}",
                    delivery.getId(), delivery.getEventId(), subscriptionId, delivery.getAttempts(), attempt.getError());
        }
        subscriptions.markFailing(subscriptionId, now);
        String reason = "deliveries have failed for longer than " + properties.disableAfter();
        if (subscriptions.disableIfFailingSince(subscriptionId, now.minus(properties.disableAfter()), reason) == 1) {
            log.warn("Disabled webhook subscription {}: {}", subscriptionId, reason);
            subscriptions.findById(subscriptionId).ifPresent(subscription -> outbox.publish(List.of(
                    outbox.subscriptionEvent("webhook.disabled", subscription, reason))));
            outbox.subscriptionsChanged();
        }
    }

    /**
     * {@code notifications.webhook.deliveries}: each attempt by outcome ({@code delivered}, {@code refused}: a
     * non-2xx answer, {@code no-answer}), timed from the request to the answer; a refused target takes no time.
     */
    private void attempted(String outcome, Long latencyMs) {
        Timer.builder("notifications.webhook.deliveries").description("Webhook delivery attempts by outcome")
                .tag("outcome", outcome).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofMinutes(1))
                .register(metrics).record(Duration.ofMillis(latencyMs == null ? 0 : latencyMs));
    }

    private static Long latencyMs(Exchange exchange) {
        Long started = exchange.getProperty(ATTEMPT_STARTED, Long.class);
        return started == null ? null : (System.nanoTime() - started) / 1_000_000;
    }

    /** Reads at most {@link #RESPONSE_LIMIT} bytes of the answer and drops the rest unread. */
    private static String readCapped(InputStream in) {
        if (in == null) {
            return null;
        }
        try (in) {
            // PostgreSQL refuses NUL in text; an answer that could not be stored would be sent again forever
            return new String(in.readNBytes(RESPONSE_LIMIT), StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
        } catch (IOException e) {
            return null;
        }
    }
}

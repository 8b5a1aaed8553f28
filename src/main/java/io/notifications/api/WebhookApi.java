package io.notifications.api;

import io.notifications.system.StoredJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.webhook.EventCatalogue;
import io.notifications.webhook.WebhookDelivery;
import io.notifications.webhook.WebhookEvent;
import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSettings;
import io.notifications.webhook.WebhookSubscription;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The {@code /api/webhooks} endpoints declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("webhookApi")
public class WebhookApi {

    private final WebhookService webhooks;
    private final ObjectMapper objectMapper;
    private final EventCatalogue catalogue;
    private final ApiParameters parameters;

    public WebhookApi(WebhookService webhooks, ObjectMapper objectMapper, EventCatalogue catalogue,
                      ApiParameters parameters) {
        this.webhooks = webhooks;
        this.objectMapper = objectMapper;
        this.catalogue = catalogue;
        this.parameters = parameters;
    }

    public PageView<WebhookView> list(@Header("page") String page, @Header("size") String size) {
        ApiParameters.Paging paging = parameters.paging(page, size);
        return PageView.of(webhooks.list(paging.pageNumber(), paging.pageSize()), WebhookView::of);
    }

    /** Every event type with the JSON Schema of its payload, as in docs/webhooks/: {@code {"items": [...]}}. */
    public EventTypeList eventTypes() {
        return new EventTypeList(catalogue.types());
    }

    /** {@code GET /api/webhooks/event-types}: every event type with the JSON Schema of its payload. */
    public record EventTypeList(List<EventCatalogue.EventType> items) {
    }

    public WebhookView get(@Header("id") String id) {
        return WebhookView.of(webhooks.get(ApiParameters.id(id, "webhook subscription")));
    }

    public WebhookView create(@Body WebhookSettings settings, Exchange exchange) {
        WebhookSubscription subscription = webhooks.create(settings);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/webhooks/" + subscription.getId());
        return WebhookView.withSecret(subscription);
    }

    /** A {@code secret} sent here replaces the old one, which keeps signing for the grace period. */
    public WebhookView update(@Header("id") String id, @Body WebhookSettings settings) {
        return WebhookView.of(webhooks.update(ApiParameters.id(id, "webhook subscription"), settings));
    }

    public void delete(@Header("id") String id, Exchange exchange) {
        webhooks.delete(ApiParameters.id(id, "webhook subscription"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /** The body of a rotation: the new secret, or none for a generated one. */
    public record SecretRotation(String secret) {
    }

    /** Rotates the secret: a generated one, or {@code {"secret": "whsec_..."}}. Shows the new secret once. */
    public WebhookView rotateSecret(@Header("id") String id, @Body SecretRotation body) {
        return WebhookView.withSecret(webhooks.rotateSecret(ApiParameters.id(id, "webhook subscription"),
                body == null ? null : body.secret()));
    }

    /** Queues a {@code webhook.ping} event to this subscription: 202 with the delivery. */
    public DeliveryView test(@Header("id") String id, Exchange exchange) {
        WebhookDelivery delivery = webhooks.ping(ApiParameters.id(id, "webhook subscription"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return view(delivery);
    }

    /** The delivery log, newest first. */
    public PageView<DeliveryView> deliveries(@Header("id") String id, @Header("page") String page,
                                             @Header("size") String size) {
        ApiParameters.Paging paging = parameters.paging(page, size);
        return PageView.of(webhooks.deliveries(ApiParameters.id(id, "webhook subscription"),
                paging.pageNumber(), paging.pageSize()),
                this::view);
    }

    public DeliveryView redeliver(@Header("id") String id, @Header("deliveryId") String deliveryId, Exchange exchange) {
        WebhookDelivery delivery = webhooks.redeliver(ApiParameters.id(id, "webhook subscription"),
                ApiParameters.id(deliveryId, "delivery"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return view(delivery);
    }

    /** How many dead deliveries are sent again. */
    public record Redelivering(int redelivering) {
    }

    /** {@code ?since=} of a redelivery: required. */
    record RedeliverySince(@IsoInstant(required = true, example = "2026-11-27T00:00:00Z") String since) {
    }

    /** Every dead delivery since {@code ?since=} (ISO-8601) is sent again. */
    public Redelivering redeliverFailed(@Header("id") String id, @Header("since") String since,
                                               Exchange exchange) {
        parameters.check(new RedeliverySince(since));
        int count = webhooks.redeliverFailed(ApiParameters.id(id, "webhook subscription"),
                IsoInstant.Validator.parse(since));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return new Redelivering(count);
    }

    private DeliveryView view(WebhookDelivery delivery) {
        WebhookEvent event = webhooks.event(delivery.getEventId());
        return DeliveryView.of(delivery, event == null ? null : event.getType(),
                event == null ? null : StoredJson.parse(objectMapper, event.getPayload()),
                webhooks.attempts(delivery.getId()));
    }
}

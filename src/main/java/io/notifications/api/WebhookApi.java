package io.notifications.api;

import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSettings;
import io.notifications.webhook.WebhookSubscription;
import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The {@code /api/webhooks} endpoints declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("webhookApi")
public class WebhookApi {

    private final WebhookService webhooks;

    public WebhookApi(WebhookService webhooks) {
        this.webhooks = webhooks;
    }

    public PageView<WebhookView> list(@Header("page") String page, @Header("size") String size) {
        Map<String, String> errors = new HashMap<>();
        int pageNumber = ApiParameters.page(page, errors);
        int pageSize = ApiParameters.size(size, errors);
        ApiParameters.throwIfAny(errors);
        return PageView.of(webhooks.list(pageNumber, pageSize), WebhookView::of);
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

    /** Rotates the secret: a generated one, or {@code {"secret": "whsec_..."}}. Shows the new secret once. */
    public WebhookView rotateSecret(@Header("id") String id, @Body Map<String, Object> body) {
        Object secret = body == null ? null : body.get("secret");
        return WebhookView.withSecret(webhooks.rotateSecret(ApiParameters.id(id, "webhook subscription"),
                secret == null ? null : String.valueOf(secret)));
    }
}

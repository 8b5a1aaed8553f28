package io.notifications.webhook;

/** A delivery about to be sent, with its event and subscription. */
public record OutgoingDelivery(WebhookDelivery delivery, WebhookEvent event, WebhookSubscription subscription) {
}

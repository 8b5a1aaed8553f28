package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.support.Receiver;
import io.notifications.support.Receiver.Answer;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.domain.Pageable;

/** Deliveries survive a restart, and a subscription that keeps failing is disabled, then can be enabled again. */
class WebhookResilienceTest {

    private final String database = "jdbc:h2:mem:webhooks-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";

    @Test
    void aRestartInTheMiddleOfRetryingStillDelivers() throws Exception {
        Map<String, Object> node = Map.of("spring.datasource.url", database,
                "notifications.embedded.s3.enabled", "false",
                "notifications.webhooks.retry-schedule", "300ms,300ms,300ms,300ms,300ms,300ms,300ms,300ms");
        try (Receiver receiver = new Receiver()) {
            receiver.answer(seen -> new Answer(500, Map.of()));
            long subscriptionId;
            String eventId;
            try (ConfigurableApplicationContext first = ServiceNode.start(node)) {
                WebhookService webhooks = first.getBean(WebhookService.class);
                subscriptionId = webhooks.create(new WebhookSettings(receiver.url("/restart"), List.of("*"), null,
                        null, null, null, true, null)).getId();
                eventId = webhooks.ping(subscriptionId).getEventId();
                await().atMost(Duration.ofSeconds(20)).until(() -> receiver.requests().size() >= 2);
            }
            int beforeRestart = receiver.requests().size();
            receiver.answer(seen -> Answer.ok());
            try (ConfigurableApplicationContext second = ServiceNode.start(node)) {
                WebhookDeliveryRepository deliveries = second.getBean(WebhookDeliveryRepository.class);
                await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.findBySubscriptionId(subscriptionId,
                        Pageable.unpaged()).getContent().get(0).getStatus() == DeliveryStatus.DELIVERED);
            }
            assertThat(receiver.requests().size()).isGreaterThan(beforeRestart);
            assertThat(receiver.requests()).extracting(r -> r.header("webhook-id")).containsOnly(eventId);
        }
    }

    @Test
    void aSubscriptionThatKeepsFailingIsDisabledWithAnEventAndCanBeEnabledAgain() throws Exception {
        Map<String, Object> node = Map.of("spring.datasource.url", database,
                "notifications.embedded.s3.enabled", "false",
                "notifications.webhooks.disable-after", "1s",
                "notifications.webhooks.retry-schedule", "200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms,200ms");
        try (Receiver failing = new Receiver(); Receiver watcher = new Receiver();
             ConfigurableApplicationContext service = ServiceNode.start(node)) {
            failing.answer(seen -> new Answer(500, Map.of()));
            WebhookService webhooks = service.getBean(WebhookService.class);
            long broken = webhooks.create(new WebhookSettings(failing.url("/broken"), List.of("webhook.ping"), null,
                    null, null, null, true, null)).getId();
            webhooks.create(new WebhookSettings(watcher.url("/watch"), List.of("webhook.disabled"), null, null, null,
                    null, true, null));
            webhooks.ping(broken);

            await().atMost(Duration.ofSeconds(20)).until(() -> !webhooks.get(broken).isEnabled());
            assertThat(webhooks.get(broken).getDisabledReason()).contains("failed for longer than");
            await().atMost(Duration.ofSeconds(20)).until(() -> watcher.requests().size() == 1);
            assertThat(watcher.requests().get(0).body()).contains("\"type\":\"webhook.disabled\"")
                    .contains("\"subscriptionId\":" + broken);

            failing.answer(seen -> Answer.ok());
            webhooks.update(broken, new WebhookSettings(failing.url("/broken"), List.of("webhook.ping"), null, null,
                    null, null, true, null));
            assertThat(webhooks.get(broken).isEnabled()).isTrue();
            webhooks.ping(broken);
            await().atMost(Duration.ofSeconds(20)).until(() -> failing.requests().stream()
                    .anyMatch(r -> r.header("webhook-id") != null) && webhooks.deliveries(broken, 0, 10).getContent()
                    .stream().anyMatch(d -> d.getStatus() == DeliveryStatus.DELIVERED));
        }
    }
}

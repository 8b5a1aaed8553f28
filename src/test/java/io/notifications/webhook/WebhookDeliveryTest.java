package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.Receiver.Answer;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class WebhookDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;

    @Test
    void aReceiverThatFailsForAWhileGetsEveryEventSignedWithTheSameIdOnEveryRetry() throws Exception {
        try (Receiver receiver = new Receiver()) {
            // Each event fails twice, then is accepted
            receiver.answer(seen -> seen <= 2 ? new Answer(503, Map.of()) : Answer.ok());
            var created = api.post("/api/webhooks", Map.of("url", receiver.url("/flaky"), "eventTypes", List.of("webhook.ping")));
            String secret = created.json().get("secret").asText();
            long id = created.json().get("id").asLong();
            for (int i = 0; i < 5; i++) {
                assertThat(api.post("/api/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(202);
            }

            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 15);
            Map<String, List<Receiver.Request>> byId = receiver.requests().stream()
                    .collect(Collectors.groupingBy(r -> r.header("webhook-id")));
            assertThat(byId).hasSize(5);
            for (List<Receiver.Request> tries : byId.values()) {
                assertThat(tries).hasSize(3);
                for (Receiver.Request request : tries) {
                    assertThat(StandardWebhooks.verifies(secret, request.header("webhook-id"),
                            request.header("webhook-timestamp"), request.body(), request.header("webhook-signature")))
                            .isTrue();
                    assertThat(request.header("content-type")).startsWith("application/json");
                }
                // The waits follow the schedule (200 ms, then 400 ms, each within the 20% jitter)
                assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(160));
                assertThat(Duration.between(tries.get(1).at(), tries.get(2).at())).isGreaterThanOrEqualTo(Duration.ofMillis(320));
            }

            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode log = api.get("/api/webhooks/" + id + "/deliveries").json();
                assertThat(log.get("total").asInt()).isEqualTo(5);
                for (JsonNode delivery : log.get("items")) {
                    assertThat(delivery.get("status").asText()).isEqualTo("DELIVERED");
                    assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
                    assertThat(delivery.get("eventType").asText()).isEqualTo("webhook.ping");
                    assertThat(delivery.at("/log/0/statusCode").asInt()).isEqualTo(503);
                    assertThat(delivery.at("/log/2/statusCode").asInt()).isEqualTo(200);
                    assertThat(delivery.at("/log/2/responseBody").asText()).isEqualTo("answer 200");
                    assertThat(delivery.at("/log/2/latencyMs").isNumber()).isTrue();
                }
            });
        }
    }

    @Test
    void aLongOrBinaryAnswerIsKeptTruncatedAndTheDeliveryIsMadeOnce() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(seen -> new Answer(200, Map.of(), "é" + "abcdefgh\u0000".repeat(2_000)));
            long id = api.post("/api/webhooks", Map.of("url", receiver.url("/chatty"))).json().get("id").asLong();
            api.post("/api/webhooks/" + id + "/test", Map.of());
            await().atMost(PATIENCE).until(() ->
                    api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0/status").asText().equals("DELIVERED"));
            String kept = api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0/log/0/responseBody").asText();
            // 4,000 bytes: the column's size in characters, whatever the encoding
            assertThat(kept).hasSize(3_999).startsWith("éabc").doesNotContain("\u0000");
            assertThat(receiver.requests()).hasSize(1);
        }
    }

    @Test
    void aDeliveryIsDeadAfterTheScheduleAndCanBeRedelivered() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(seen -> new Answer(500, Map.of()));
            long id = api.post("/api/webhooks", Map.of("url", receiver.url("/down"))).json().get("id").asLong();
            api.post("/api/webhooks/" + id + "/test", Map.of());
            await().atMost(PATIENCE).until(() ->
                    api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0/status").asText().equals("DEAD"));
            JsonNode dead = api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0");
            assertThat(dead.get("attempts").asInt()).isEqualTo(4);
            assertThat(receiver.requests()).hasSize(4);

            receiver.answer(seen -> Answer.ok());
            var again = api.post("/api/webhooks/" + id + "/redeliver?since=2000-01-01T00:00:00Z", Map.of());
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("redelivering").asInt()).isEqualTo(1);
            await().atMost(PATIENCE).until(() ->
                    api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0/status").asText().equals("DELIVERED"));
            assertThat(receiver.requests()).hasSize(5)
                    .extracting(r -> r.header("webhook-id")).containsOnly(dead.get("eventId").asText());
            assertThat(api.post("/api/webhooks/" + id + "/redeliver?since=yesterday", Map.of()).status()).isEqualTo(400);
        }
    }

    @Test
    void aSlowReceiverDoesNotDelayAnother() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (Receiver slow = new Receiver(); Receiver quick = new Receiver()) {
            slow.answer(seen -> {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Answer.ok();
            });
            long slowId = api.post("/api/webhooks", Map.of("url", slow.url("/slow"))).json().get("id").asLong();
            long quickId = api.post("/api/webhooks", Map.of("url", quick.url("/quick"))).json().get("id").asLong();
            for (int i = 0; i < 20; i++) {
                api.post("/api/webhooks/" + slowId + "/test", Map.of());
            }
            for (int i = 0; i < 10; i++) {
                api.post("/api/webhooks/" + quickId + "/test", Map.of());
            }
            await().atMost(PATIENCE).until(() -> quick.requests().size() == 10);
            // The slow receiver holds only its own places
            assertThat(slow.requests()).hasSizeLessThanOrEqualTo(4);
            release.countDown();
            await().atMost(PATIENCE).until(() -> slow.requests().size() >= 20);
        }
    }

    @Test
    void afterARotationBothSecretsSignDuringTheGracePeriod() throws Exception {
        try (Receiver receiver = new Receiver()) {
            var created = api.post("/api/webhooks", Map.of("url", receiver.url("/rotating")));
            long id = created.json().get("id").asLong();
            String old = created.json().get("secret").asText();
            String fresh = api.post("/api/webhooks/" + id + "/secret", Map.of()).json().get("secret").asText();
            api.post("/api/webhooks/" + id + "/test", Map.of());
            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 1);
            Receiver.Request request = receiver.requests().get(0);
            assertThat(request.header("webhook-signature").split(" ")).hasSize(2);
            for (String secret : List.of(old, fresh)) {
                assertThat(StandardWebhooks.verifies(secret, request.header("webhook-id"),
                        request.header("webhook-timestamp"), request.body(), request.header("webhook-signature")))
                        .isTrue();
            }
        }
    }

        @Test
    void redirectsAreNotFollowed() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.answer(seen -> new Answer(302, Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
            long id = api.post("/api/webhooks", Map.of("url", receiver.url("/moved"))).json().get("id").asLong();
            api.post("/api/webhooks/" + id + "/test", Map.of());
            await().atMost(PATIENCE).until(() ->
                    api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0/status").asText().equals("DEAD"));
            JsonNode delivery = api.get("/api/webhooks/" + id + "/deliveries").json().at("/items/0");
            assertThat(delivery.at("/log/0/statusCode").asInt()).isEqualTo(302);
            assertThat(delivery.get("lastError").asText()).isEqualTo("HTTP 302");
        }
    }
}

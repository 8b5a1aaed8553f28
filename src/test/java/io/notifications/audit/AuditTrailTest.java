package io.notifications.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every change made through the API is in the audit trail with the key's name, the operation, its target, and the
 * outcome, refused and denied calls too; GET /api/audit reads it for ADMIN keys, by time and by actor. Bodies,
 * and the secrets in them, are never recorded. Its retention is tested with the others' in RetentionTest.
 */
@ServiceTest
class AuditTrailTest {

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void changesAreRecordedWithWhoWhatWhenAndTheOutcome() {
        Instant start = Instant.now().minusSeconds(1);
        Api operator = api.withKey("test-operate-key");
        store.createBucket("audited");
        Map<String, Object> settings = store.bucketSettings("DATACORE", "audited", "media-info");
        settings.put("schedule", "1h");
        long bucket = operator.post("/api/buckets", settings).json().get("id").asLong();
        settings.put("schedule", "2h");
        assertThat(operator.put("/api/buckets/" + bucket, settings).status()).isEqualTo(200);
        assertThat(operator.post("/api/buckets/" + bucket + "/scan", Map.of()).status()).isEqualTo(202);
        JsonNode webhook = operator.post("/api/webhooks", Map.of("url", "http://127.0.0.1:9/audited")).json();
        long subscription = webhook.get("id").asLong();
        assertThat(operator.post("/api/webhooks/" + subscription + "/secret", Map.of()).status()).isEqualTo(200);
        assertThat(operator.post("/api/buckets", Map.of("name", "")).status()).isEqualTo(400);
        assertThat(operator.delete("/api/webhooks/" + subscription).status()).isEqualTo(204);
        assertThat(operator.delete("/api/buckets/" + bucket).status()).isEqualTo(204);
        assertThat(api.withKey("test-read-key").delete("/api/buckets/" + bucket).status()).isEqualTo(403);

        List<String> expected = List.of(
                "operator POST create-bucket /api/buckets/" + bucket + " 201 SUCCEEDED",
                "operator PUT update-bucket /api/buckets/" + bucket + " 200 SUCCEEDED",
                "operator POST scan-bucket /api/buckets/" + bucket + "/scan 202 SUCCEEDED",
                "operator POST create-webhook /api/webhooks/" + subscription + " 201 SUCCEEDED",
                "operator POST rotate-webhook-secret /api/webhooks/" + subscription + "/secret 200 SUCCEEDED",
                "operator POST create-bucket /api/buckets 400 REJECTED",
                "operator DELETE delete-webhook /api/webhooks/" + subscription + " 204 SUCCEEDED",
                "operator DELETE delete-bucket /api/buckets/" + bucket + " 204 SUCCEEDED",
                "viewer DELETE delete-bucket /api/buckets/" + bucket + " 403 DENIED");
        // In any order, and awaited: an entry is written when its answer completes, which may be a moment after
        // the client has read it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(changesSince(start)).containsAll(expected));

        assertThat(trail(start, "operator")).allSatisfy(e -> assertThat(Instant.parse(e.get("at").asText()))
                .isAfterOrEqualTo(start));
        assertThat(trail(start, "viewer")).allSatisfy(e -> assertThat(e.get("actor").asText()).isEqualTo("viewer"));
        assertThat(trail(Instant.now().plusSeconds(60), null)).isEmpty();
        assertThat(jdbc.queryForList("SELECT * FROM audit").toString()).doesNotContain("whsec_")
                .doesNotContain(String.valueOf(settings.get("secretKey")));
    }

    @Test
    void retriesRedeliveriesPingsWebhookUpdatesAndGalleryChangesAreRecordedToo() {
        Instant start = Instant.now().minusSeconds(1);
        Api operator = api.withKey("test-operate-key");
        store.createBucket("audited-retry");
        store.put("audited-retry", "retried.txt", "retried");
        long bucket = api.createBucket(store.bucketSettings("DATACORE", "audited-retry", "media-info")).get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 1);
        long item = api.item(bucket, "retried.txt").get("id").asLong();
        assertThat(operator.post("/api/items/" + item + "/retry", Map.of()).status()).isEqualTo(202);

        // Nothing listens there: each ping is dead after the (compressed) retry schedule
        Map<String, Object> settings = Map.of("url", "http://127.0.0.1:9/audited-pings",
                "eventTypes", List.of("webhook.ping"));
        long subscription = operator.post("/api/webhooks", settings).json().get("id").asLong();
        Map<String, Object> updated = Map.of("url", "http://127.0.0.1:9/audited-pings", "eventTypes",
                List.of("webhook.ping"), "description", "updated");
        assertThat(operator.put("/api/webhooks/" + subscription, updated).status()).isEqualTo(200);
        Api.Response ping = operator.post("/api/webhooks/" + subscription + "/test", Map.of());
        assertThat(ping.status()).isEqualTo(202);
        long delivery = ping.json().get("id").asLong();
        // Redelivered once it is dead, so that the call does not race the delivery's own attempts
        awaitDead(subscription);
        assertThat(operator.post("/api/webhooks/" + subscription + "/deliveries/" + delivery + "/redeliver", Map.of())
                .status()).isEqualTo(202);
        awaitDead(subscription);
        Api.Response redelivering = operator.post("/api/webhooks/" + subscription + "/redeliver?since=" + start, Map.of());
        assertThat(redelivering.status()).isEqualTo(202);
        assertThat(redelivering.json().get("redelivering").asInt()).isOne();

        Map<String, String> person = Map.of("name", "Audited Person", "gallery", "audited");
        long personId = operator.post("/api/faces/persons", person).json().get("id").asLong();
        assertThat(operator.post("/api/faces/persons", person).status()).isEqualTo(409);
        assertThat(operator.delete("/api/faces/persons/" + personId).status()).isEqualTo(204);
        assertThat(api.withKey("test-read-key").post("/api/items/" + item + "/retry", Map.of()).status())
                .isEqualTo(403);

        String hook = "/api/webhooks/" + subscription;
        List<String> expected = List.of(
                "operator POST retry-item /api/items/" + item + "/retry 202 SUCCEEDED",
                "operator POST create-webhook " + hook + " 201 SUCCEEDED",
                "operator PUT update-webhook " + hook + " 200 SUCCEEDED",
                "operator POST test-webhook " + hook + "/test 202 SUCCEEDED",
                "operator POST redeliver-webhook-delivery " + hook + "/deliveries/" + delivery
                        + "/redeliver 202 SUCCEEDED",
                "operator POST redeliver-failed-webhook-deliveries " + hook + "/redeliver 202 SUCCEEDED",
                "operator POST create-face-person /api/faces/persons/" + personId + " 201 SUCCEEDED",
                "operator POST create-face-person /api/faces/persons 409 REJECTED",
                "operator DELETE delete-face-person /api/faces/persons/" + personId + " 204 SUCCEEDED",
                "viewer POST retry-item /api/items/" + item + "/retry 403 DENIED");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(changesSince(start)).containsAll(expected));
        assertThat(operator.delete(hook).status()).isEqualTo(204);
    }

    @Test
    void theTrailIsForAdminKeysAndItsParametersAreChecked() {
        assertThat(api.withKey("test-operate-key").get("/api/audit").status()).isEqualTo(403);
        Api.Response bad = api.withKey("test-admin-key").get("/api/audit?since=yesterday&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("fields").has("since")).isTrue();
        assertThat(bad.json().get("fields").has("size")).isTrue();
    }

    private void awaitDead(long subscription) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.get("/api/webhooks/" + subscription + "/deliveries")
                .json().at("/items/0/status").asText().equals("DEAD"));
    }

    private List<String> changesSince(Instant start) {
        return trail(start, null).stream()
                .filter(e -> List.of("operator", "viewer").contains(e.get("actor").asText()))
                .map(e -> String.join(" ", e.get("actor").asText(), e.get("method").asText(),
                        e.get("action").asText(), e.get("target").asText(), e.get("status").asText(),
                        e.get("outcome").asText()))
                .toList();
    }

    private List<JsonNode> trail(Instant since, String actor) {
        Api.Response page = api.withKey("test-admin-key").get("/api/audit?size=500&since=" + since
                + (actor == null ? "" : "&actor=" + actor));
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<JsonNode> entries = new ArrayList<>();
        page.json().get("items").forEach(entries::add);
        return entries;
    }
}

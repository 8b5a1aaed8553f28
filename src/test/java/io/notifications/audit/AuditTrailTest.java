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
    void theTrailIsForAdminKeysAndItsParametersAreChecked() {
        assertThat(api.withKey("test-operate-key").get("/api/audit").status()).isEqualTo(403);
        Api.Response bad = api.withKey("test-admin-key").get("/api/audit?since=yesterday&size=0");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("fields").has("since")).isTrue();
        assertThat(bad.json().get("fields").has("size")).isTrue();
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

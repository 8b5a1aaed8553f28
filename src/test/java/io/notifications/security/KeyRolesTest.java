package io.notifications.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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

/**
 * Keys with names and roles (application-test.yaml): READ reads, OPERATE also changes, ADMIN also reaches the
 * consoles, the configuration and the audit trail; the older api-keys list gives ADMIN keys named key-1, key-2, ...
 * in order. A call the role does not allow gets 403 with a problem body naming the key and its role.
 */
@ServiceTest
class KeyRolesTest {

    private static final List<String> ADMIN_ONLY = List.of("/api/audit", "/actuator/env", "/actuator/configprops",
            "/actuator/jolokia/version", "/actuator/hawtio/");

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void aReadKeyReadsButChangesNothing() {
        Api viewer = api.withKey("test-read-key");
        assertThat(viewer.get("/api/buckets").status()).isEqualTo(200);
        assertThat(viewer.get("/api/items").status()).isEqualTo(200);
        assertThat(viewer.get("/api/status").status()).isEqualTo(200);
        assertThat(viewer.get("/actuator/prometheus").status()).isEqualTo(200);

        store.createBucket("read-only");
        Api.Response refused = viewer.post("/api/buckets", store.bucketSettings("DATACORE", "read-only", "media-info"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.json().get("status").asInt()).isEqualTo(403);
        assertThat(refused.json().get("title").asText()).isEqualTo("Forbidden");
        assertThat(refused.json().get("detail").asText())
                .isEqualTo("the key 'viewer' has the role READ, which may not POST /api/buckets");
        assertThat(refused.json().get("instance").asText()).isEqualTo("/api/buckets");
        assertThat(api.get("/api/buckets?size=500").json().get("items").findValuesAsText("name"))
                .as("nothing created").doesNotContain("read-only");

        for (String[] change : List.of(new String[] {"PUT", "/api/buckets/1"}, new String[] {"DELETE", "/api/buckets/1"},
                new String[] {"POST", "/api/items/1/retry"}, new String[] {"POST", "/api/webhooks"},
                new String[] {"POST", "/api/faces/persons"})) {
            assertThat(viewer.call(change[0], change[1], "{}", Map.of()).status()).as(change[0] + " " + change[1])
                    .isEqualTo(403);
        }
        for (String path : ADMIN_ONLY) {
            assertThat(viewer.get(path).status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void anOperateKeyChangesButNeitherReachesTheConsolesNorTheConfigurationNorTheAuditTrail() {
        Api operator = api.withKey("test-operate-key");
        store.createBucket("operated");
        Api.Response created = operator.post("/api/buckets", store.bucketSettings("DATACORE", "operated", "media-info"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(operator.delete("/api/buckets/" + created.json().get("id").asLong()).status()).isEqualTo(204);
        for (String path : ADMIN_ONLY) {
            Api.Response refused = operator.get(path);
            assertThat(refused.status()).as(path).isEqualTo(403);
            assertThat(refused.json().get("detail").asText()).contains("'operator' has the role OPERATE");
        }
        Api.Response jolokia = operator.post("/actuator/jolokia",
                "{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}", Map.of());
        assertThat(jolokia.status()).isEqualTo(403);
    }

    @Test
    void anAdminKeyReachesEverythingAndTheOlderKeyListGivesAdminKeys() {
        for (String key : List.of("test-admin-key", Api.TEST_KEY)) {
            for (String path : ADMIN_ONLY) {
                assertThat(api.withKey(key).get(path).status()).as(key + " " + path).isEqualTo(200);
            }
        }
    }

    @Test
    void theOlderKeyListNamesItsKeysKey1Key2InOrder() {
        Instant start = Instant.now().minusSeconds(1);
        store.createBucket("legacy-keys");
        // "test" is the second entry of api-keys, which application-test.yaml gives as its SHA-256
        long bucket = api.withKey("test").createBucket(store.bucketSettings("DATACORE", "legacy-keys", "media-info"))
                .get("id").asLong();
        assertThat(api.withKey(Api.TEST_KEY).delete("/api/buckets/" + bucket).status()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(changes(start, "key-2")).contains("create-bucket /api/buckets/" + bucket);
            assertThat(changes(start, "key-1")).contains("delete-bucket /api/buckets/" + bucket);
        });
    }

    private List<String> changes(Instant since, String actor) {
        Api.Response page = api.withKey("test-admin-key").get("/api/audit?size=500&since=" + since + "&actor=" + actor);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        List<String> changes = new ArrayList<>();
        page.json().get("items").forEach(e -> changes.add(e.get("action").asText() + " " + e.get("target").asText()));
        return changes;
    }
}

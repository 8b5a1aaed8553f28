package io.notifications.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Keys with names and roles (application-test.yaml): READ reads, OPERATE also changes, ADMIN also reaches the
 * consoles, the configuration and the audit trail; the older api-keys list gives ADMIN keys. A call the role does
 * not allow gets 403 with a problem body naming the key and its role.
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
}

package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.bucket.BucketScheduler;
import io.notifications.support.Api;
import io.notifications.support.Api.Response;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class BucketApiTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    CamelContext camel;

    @Test
    void bucketsAddedChangedAndRemovedAtRuntimeTakeEffectAtOnce() {
        store.createBucket("runtime");
        store.put("runtime", "one.txt", "1");
        Map<String, Object> settings = store.bucketSettings("OBJECT_MATRIX", "runtime", "media-info");
        settings.put("schedule", "0 0/5 * * * ?");
        JsonNode created = api.createBucket(settings);
        long id = created.get("id").asLong();
        assertThat(camel.getRoute(BucketScheduler.routeId(id))).isNotNull();
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + id + "&status=DONE").get("total").asLong() == 1);

        settings.put("active", false);
        Response deactivated = api.put("/api/buckets/" + id, settings);
        assertThat(deactivated.status()).isEqualTo(200);
        assertThat(deactivated.json().get("active").asBoolean()).isFalse();
        assertThat(camel.getRoute(BucketScheduler.routeId(id))).isNull();
        assertThat(api.post("/api/buckets/" + id + "/scan", Map.of()).status()).isEqualTo(409);

        settings.put("active", true);
        settings.put("schedule", "1s");
        api.put("/api/buckets/" + id, settings);
        assertThat(camel.getRoute(BucketScheduler.routeId(id))).isNotNull();
        store.put("runtime", "two.txt", "2");
        // Found by the new one-second schedule, with no manual scan
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + id + "&status=DONE").get("total").asLong() == 2);

        Response deleted = api.delete("/api/buckets/" + id);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(camel.getRoute(BucketScheduler.routeId(id))).isNull();
        assertThat(api.get("/api/buckets/" + id).status()).isEqualTo(404);
        assertThat(api.items("bucket=" + id).get("total").asLong()).isZero();
    }

    @Test
    void vendorPresetsFillTheDefaultsAndEachCanBeOverridden() {
        JsonNode datacore = api.createBucket(inactive("DATACORE", "preset-datacore"));
        assertThat(datacore.get("pathStyle").asBoolean()).isTrue();
        assertThat(datacore.get("checksumMode").asText()).isEqualTo("WHEN_REQUIRED");
        assertThat(datacore.get("region").asText()).isEqualTo("us-east-1");
        assertThat(datacore.get("initialScan").asText()).isEqualTo("ALL");
        assertThat(datacore.get("source").asText()).isEqualTo("datacore");

        JsonNode objectMatrix = api.createBucket(inactive("OBJECT_MATRIX", "preset-om"));
        assertThat(objectMatrix.get("pathStyle").asBoolean()).isTrue();
        assertThat(objectMatrix.get("checksumMode").asText()).isEqualTo("WHEN_REQUIRED");
        assertThat(objectMatrix.get("source").asText()).isEqualTo("objectmatrix");

        JsonNode s3 = api.createBucket(inactive("S3", "preset-s3"));
        assertThat(s3.get("pathStyle").asBoolean()).isFalse();
        assertThat(s3.get("checksumMode").asText()).isEqualTo("WHEN_SUPPORTED");

        Map<String, Object> overridden = inactive("DATACORE", "preset-overridden");
        overridden.put("pathStyle", false);
        overridden.put("checksumMode", "WHEN_SUPPORTED");
        overridden.put("region", "eu-west-1");
        JsonNode custom = api.createBucket(overridden);
        assertThat(custom.get("pathStyle").asBoolean()).isFalse();
        assertThat(custom.get("checksumMode").asText()).isEqualTo("WHEN_SUPPORTED");
        assertThat(custom.get("region").asText()).isEqualTo("eu-west-1");
    }

    @Test
    void theSecretKeyIsWriteOnly() {
        Map<String, Object> settings = inactive("DATACORE", "secretive");
        settings.put("secretKey", "s3cr3t-never-shown");
        Response created = api.post("/api/buckets", settings);
        long id = created.json().get("id").asLong();
        settings.remove("secretKey");
        settings.put("prefix", "media/");
        Response updated = api.put("/api/buckets/" + id, settings);
        assertThat(updated.status()).isEqualTo(200);
        for (Response response : List.of(created, updated, api.get("/api/buckets/" + id), api.get("/api/buckets?size=500"))) {
            assertThat(response.body()).doesNotContain("s3cr3t-never-shown").doesNotContain("secretKey");
        }
    }

    @Test
    void badInputIsAnsweredWith400NamingEachField() {
        Response missing = api.post("/api/buckets", Map.of("vendor", "DATACORE", "schedule", "every tuesday",
                "endpoint", "ftp://example.com", "processor", "nope", "include", List.of("")));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("fields").fieldNames()).toIterable()
                .contains("name", "schedule", "endpoint", "processor", "accessKey", "include[0]");

        Response wrongType = api.post("/api/buckets", "{\"name\": \"x\", \"vendor\": \"S3\", \"active\": \"maybe\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().at("/fields/active").asText()).isEqualTo("must be true or false");

        Response badVendor = api.post("/api/buckets", Map.of("name", "x", "vendor", "DROPBOX"));
        assertThat(badVendor.status()).isEqualTo(400);
        assertThat(badVendor.json().at("/fields/vendor").asText()).contains("DATACORE", "OBJECT_MATRIX", "S3");

        Response badConfig = api.post("/api/buckets", Map.of("name", "x", "vendor", "S3",
                "processorConfig", Map.of("sha256", "yes please", "colour", "blue")));
        assertThat(badConfig.status()).isEqualTo(400);
        assertThat(badConfig.json().get("fields").fieldNames()).toIterable().anyMatch(f -> f.startsWith("processorConfig."));

        // What the client sent is repeated as it is in the reason, never read as a message template
        Response template = api.post("/api/buckets", Map.of("name", "x", "vendor", "S3", "processor", "${7*7} {max}"));
        assertThat(template.json().at("/fields/processor").asText()).startsWith("unknown processor '${7*7} {max}'");

        Response malformed = api.raw("POST", "/api/buckets", "application/json", "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("detail").asText()).startsWith("malformed JSON");

        assertThat(api.raw("POST", "/api/buckets", "application/json", "[1, 2]").status()).isEqualTo(400);
        assertThat(api.raw("POST", "/api/buckets", "application/json", "").status()).isEqualTo(400);
        assertThat(api.raw("PUT", "/api/buckets/1", "application/json", "{oops").status()).isIn(400, 404);
        for (String schedule : List.of("99999999999999999999s", "999999999999999d", "0 0 0 30 2 ?",
                "0 0 0 1 1 ? 2001", "50ms", "x".repeat(500))) {
            Response response = api.post("/api/buckets", Map.of("name", "x", "vendor", "S3", "schedule", schedule));
            assertThat(response.status()).as(schedule).isEqualTo(400);
            assertThat(response.json().get("fields").has("schedule")).as(schedule).isTrue();
        }
        Response tooLong = api.post("/api/buckets", Map.of("name", "x", "vendor", "S3",
                "endpoint", "http://example.com/" + "e".repeat(3000), "prefix", "p".repeat(2000),
                "include", List.of("i".repeat(9000))));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("fields").fieldNames()).toIterable().contains("endpoint", "prefix", "include");
        assertThat(api.get("/api/buckets?page=-1").status()).isEqualTo(400);
        assertThat(api.get("/api/buckets?size=100000").json().at("/fields/size").asText()).contains("1 to 500");
    }

    @Test
    void unknownIdsAre404AndDuplicatesAre409() {
        assertThat(api.get("/api/buckets/987654").status()).isEqualTo(404);
        assertThat(api.get("/api/buckets/not-a-number").status()).isEqualTo(404);
        assertThat(api.put("/api/buckets/987654", inactive("S3", "ghost")).status()).isEqualTo(404);
        assertThat(api.delete("/api/buckets/987654").status()).isEqualTo(404);
        assertThat(api.post("/api/buckets/987654/scan", Map.of()).status()).isEqualTo(404);

        api.createBucket(inactive("DATACORE", "twice"));
        Response duplicate = api.post("/api/buckets", inactive("OBJECT_MATRIX", "twice"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("detail").asText()).contains("twice");
    }

    @Test
    void repeatedScanRequestsAreAllAcceptedAndCollapse() {
        store.createBucket("rescanned");
        long id = api.createBucket(store.bucketSettings("DATACORE", "rescanned", "media-info")).get("id").asLong();
        for (int i = 0; i < 1100; i++) {
            assertThat(api.post("/api/buckets/" + id + "/scan", Map.of()).status()).isEqualTo(202);
        }
    }

        @Test
    void listsArePages() {
        api.createBucket(inactive("S3", "paged-1"));
        api.createBucket(inactive("S3", "paged-2"));
        JsonNode page = api.get("/api/buckets?page=0&size=1").json();
        assertThat(page.get("items")).hasSize(1);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(1);
        assertThat(page.get("total").asLong()).isGreaterThanOrEqualTo(2);
    }

    private Map<String, Object> inactive(String vendor, String name) {
        Map<String, Object> settings = store.bucketSettings(vendor, name, "media-info");
        settings.put("active", false);
        return settings;
    }
}

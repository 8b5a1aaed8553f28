package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.Api;
import io.notifications.support.S3RequestCounter;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class BucketScanTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    ItemRepository items;
    @Autowired
    S3RequestCounter s3Requests;
    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;

    @Test
    void discoversEveryKeyAcrossPagesAndRecordsExistingOnesAsSkippedWithNewOnly() {
        store.createBucket("many-pages");
        store.putMany("many-pages", "media/clip-", 1205);
        long listsBefore = s3Requests.count("ListObjectsV2");

        Map<String, Object> settings = store.bucketSettings("DATACORE", "many-pages", "media-info");
        settings.put("initialScan", "NEW_ONLY");
        long bucketId = api.createBucket(settings).get("id").asLong();

        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.SKIPPED) == 1205);
        await().atMost(PATIENCE).until(() -> api.get("/api/buckets/" + bucketId).json().path("lastScan").has("at"));
        assertThat(api.get("/api/buckets/" + bucketId).json().at("/lastScan/listed").asLong()).isEqualTo(1205);
        assertThat(s3Requests.count("ListObjectsV2") - listsBefore).isGreaterThanOrEqualTo(2);
        assertThat(items.countByBucketIdAndStatus(bucketId, ItemStatus.PENDING)).isZero();

        // After the baseline, only what arrives is processed
        store.put("many-pages", "media/arrived-later.txt", "new content");
        assertThat(api.post("/api/buckets/" + bucketId + "/scan", Map.of()).status()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode done = api.items("bucket=" + bucketId + "&status=DONE");
            assertThat(done.get("total").asLong()).isEqualTo(1);
            assertThat(done.at("/items/0/key").asText()).isEqualTo("media/arrived-later.txt");
            assertThat(done.at("/items/0/source").asText()).isEqualTo("datacore");
            assertThat(done.at("/items/0/result/contentType").asText()).isEqualTo("text/plain");
        });
        assertThat(items.countByBucketIdAndStatus(bucketId, ItemStatus.SKIPPED)).isEqualTo(1205);
    }

    @Test
    void concurrentScansOfOneBucketNeverDuplicateItems() {
        store.createBucket("concurrent-scans");
        store.putMany("concurrent-scans", "k", 600);
        Map<String, Object> settings = store.bucketSettings("OBJECT_MATRIX", "concurrent-scans", "gated");
        settings.put("processorConfig", Map.of("gate", "concurrent-scans"));
        settings.put("active", false);
        long bucketId = api.createBucket(settings).get("id").asLong();
        settings.put("active", true);
        // Activating schedules the bucket; the scans below race each other from the very first page
        NotifyBuilder scans = new NotifyBuilder(camel).fromRoute("bucket-scan").whenDone(4).create();
        List<CompletableFuture<Object>> running = new ArrayList<>();
        api.put("/api/buckets/" + bucketId, settings);
        for (int i = 0; i < 4; i++) {
            running.add(producer.asyncSendBody("direct:bucket-scan", bucketId));
        }
        running.forEach(CompletableFuture::join);
        assertThat(scans.matches(PATIENCE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();

        var all = items.findAll().stream().filter(i -> i.getBucketId() == bucketId).toList();
        assertThat(all).hasSize(600);
        assertThat(new HashSet<>(all.stream().map(i -> i.getKey()).toList())).hasSize(600);
        assertThat(api.get("/api/buckets/" + bucketId).json().at("/lastScan/error").isNull()).isTrue();
        io.notifications.support.TestProcessors.GatedProcessor.open("concurrent-scans");
        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 600);
    }

    @Test
    void aChangedEtagQueuesTheItemAgainAndUnchangedKeysAreLeftAlone() {
        store.createBucket("changing");
        store.put("changing", "clip.txt", "first version");
        store.put("changing", "stable.txt", "never changes");
        long bucketId = api.createBucket(store.bucketSettings("DATACORE", "changing", "media-info"))
                .get("id").asLong();
        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 2);
        JsonNode first = api.item(bucketId, "clip.txt");
        JsonNode stable = api.item(bucketId, "stable.txt");

        store.put("changing", "clip.txt", "second, longer version");
        api.post("/api/buckets/" + bucketId + "/scan", Map.of());

        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode changed = api.item(bucketId, "clip.txt");
            assertThat(changed.get("etag").asText()).isNotEqualTo(first.get("etag").asText());
            assertThat(changed.get("status").asText()).isEqualTo("DONE");
            assertThat(changed.at("/result/size").asLong()).isEqualTo("second, longer version".length());
        });
        JsonNode changed = api.item(bucketId, "clip.txt");
        assertThat(changed.get("id").asLong()).isEqualTo(first.get("id").asLong());
        assertThat(changed.at("/result/sha256").asText()).isNotEqualTo(first.at("/result/sha256").asText());
        assertThat(api.item(bucketId, "stable.txt").get("updatedAt")).isEqualTo(stable.get("updatedAt"));
    }

    @Test
    void includeAndExcludePatternsSelectKeys() {
        store.createBucket("patterns");
        for (String key : List.of("a.mp4", "deep/er/b.mp4", "proxies/c.mp4", "d.txt", "folder/")) {
            store.put("patterns", key, key.endsWith("/") ? "" : "x");
        }
        Map<String, Object> settings = store.bucketSettings("OBJECT_MATRIX", "patterns", "media-info");
        settings.put("include", List.of("*.mp4"));
        settings.put("exclude", List.of("proxies/**"));
        long bucketId = api.createBucket(settings).get("id").asLong();

        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 2);
        await().atMost(PATIENCE).until(() -> api.get("/api/buckets/" + bucketId).json().path("lastScan").has("at"));
        JsonNode page = api.items("bucket=" + bucketId);
        assertThat(page.get("total").asLong()).isEqualTo(2);
        List<String> keys = new ArrayList<>();
        page.get("items").forEach(i -> keys.add(i.get("key").asText()));
        assertThat(keys).containsExactlyInAnyOrder("a.mp4", "deep/er/b.mp4");
        assertThat(api.get("/api/buckets/" + bucketId).json().at("/lastScan/listed").asLong()).isEqualTo(5);
    }
}

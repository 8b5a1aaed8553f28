package io.notifications.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@ServiceTest
class FailureTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void aFailingProcessorEndsInFailedWithItsErrorAfterTheConfiguredAttempts() {
        store.createBucket("failing");
        store.put("failing", "doomed.txt", "doomed");
        Map<String, Object> settings = store.bucketSettings("DATACORE", "failing", "always-fails");
        settings.put("processorConfig", Map.of("message", "decoder exploded"));
        long bucketId = api.createBucket(settings).get("id").asLong();

        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucketId + "&status=FAILED").get("total").asInt() == 1);
        JsonNode failed = api.items("bucket=" + bucketId).at("/items/0");
        assertThat(failed.get("attempts").asInt()).isEqualTo(3);
        assertThat(failed.get("lastError").asText()).contains("decoder exploded");
        assertThat(failed.get("result").isNull()).isTrue();
        assertThat(failed.get("finishedAt").isNull()).isFalse();

        // A retry starts again from one attempt, and fails the same way
        long itemId = failed.get("id").asLong();
        assertThat(api.post("/api/items/" + itemId + "/retry", Map.of()).status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> {
            JsonNode item = api.get("/api/items/" + itemId).json();
            return item.get("status").asText().equals("FAILED") && item.get("attempts").asInt() == 3;
        });
    }

    @Test
    void anObjectDeletedBeforeProcessingFailsAtOnceWithoutRetries() {
        store.createBucket("vanishing");
        store.put("vanishing", "here.txt", "here");
        Map<String, Object> settings = store.bucketSettings("OBJECT_MATRIX", "vanishing", "media-info");
        settings.put("active", false);
        long bucketId = api.createBucket(settings).get("id").asLong();
        settings.put("active", true);
        settings.put("include", java.util.List.of("*.txt"));
        api.put("/api/buckets/" + bucketId, settings);
        api.post("/api/buckets/" + bucketId + "/scan", Map.of());
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucketId).get("total").asInt() == 1);
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucketId + "&status=DONE").get("total").asInt() == 1);

        // The item is retried after its object is gone
        store.delete("vanishing", "here.txt");
        long itemId = api.items("bucket=" + bucketId).at("/items/0/id").asLong();
        api.post("/api/items/" + itemId + "/retry", Map.of());
        await().atMost(PATIENCE).until(() -> api.get("/api/items/" + itemId).json().get("status").asText().equals("FAILED"));
        JsonNode item = api.get("/api/items/" + itemId).json();
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        assertThat(item.get("lastError").asText()).contains("no longer exists");
    }
}

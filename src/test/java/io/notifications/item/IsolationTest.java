package io.notifications.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import io.notifications.support.TestProcessors.GatedProcessor;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** One bucket's failures or backlog never stall another bucket. */
@ServiceTest
class IsolationTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    ItemRepository items;

    @Test
    void anUnreachableBucketDoesNotStopAnother() {
        Map<String, Object> unreachable = store.bucketSettings("DATACORE", "unreachable", "media-info");
        unreachable.put("endpoint", "http://127.0.0.1:9");
        unreachable.put("schedule", "1s");
        long deadId = api.createBucket(unreachable).get("id").asLong();

        store.createBucket("reachable");
        store.put("reachable", "fine.txt", "fine");
        long liveId = api.createBucket(store.bucketSettings("OBJECT_MATRIX", "reachable", "media-info"))
                .get("id").asLong();

        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(liveId, ItemStatus.DONE) == 1);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.get("/api/buckets/" + deadId).json()
                .at("/lastScan/error").asText()).isNotEmpty());
        // The failing bucket keeps its schedule and keeps trying
        store.put("reachable", "later.txt", "later");
        api.post("/api/buckets/" + liveId + "/scan", Map.of());
        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(liveId, ItemStatus.DONE) == 2);
        api.delete("/api/buckets/" + deadId);
    }

    @Test
    void aBacklogInOneBucketDoesNotStarveAnother() {
        store.createBucket("backlog");
        store.putMany("backlog", "busy-", 40);
        Map<String, Object> busy = store.bucketSettings("DATACORE", "backlog", "gated");
        busy.put("processorConfig", Map.of("gate", "backlog"));
        long busyId = api.createBucket(busy).get("id").asLong();
        // The backlog holds every worker it is allowed to, and they stay blocked
        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(busyId, ItemStatus.PROCESSING) >= 1);

        store.createBucket("quiet");
        store.putMany("quiet", "small-", 5);
        long quietId = api.createBucket(store.bucketSettings("OBJECT_MATRIX", "quiet", "media-info"))
                .get("id").asLong();

        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(quietId, ItemStatus.DONE) == 5);
        assertThat(items.countByBucketIdAndStatus(busyId, ItemStatus.PENDING)).isGreaterThan(30);
        assertThat(items.countByBucketIdAndStatus(busyId, ItemStatus.DONE)).isZero();

        GatedProcessor.open("backlog");
        await().atMost(PATIENCE).until(() -> items.countByBucketIdAndStatus(busyId, ItemStatus.DONE) == 40);
    }
}

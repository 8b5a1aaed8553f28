package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import io.notifications.item.DiscoveredObject;
import io.notifications.item.ItemStatus;
import io.notifications.item.ItemTransitions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Pageable;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Each status change writes its event, and a delivery per matching subscription, in the same transaction. */
@ServiceTest
class EventOutboxTest {

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    WebhookDeliveryRepository deliveries;
    @Autowired
    WebhookEventRepository events;
    @Autowired
    ObjectMapper objectMapper;
    @Autowired
    ItemTransitions transitions;
    @Autowired
    PlatformTransactionManager transactionManager;
    TransactionTemplate transaction;

    @BeforeEach
    void transactions() {
        transaction = new TransactionTemplate(transactionManager);
    }

    @Test
    void itemChangesAreRecordedAsEventsForMatchingSubscriptions() throws Exception {
        store.createBucket("outbox");
        store.put("outbox", "one.txt", "1");
        store.put("outbox", "two.txt", "22");
        Map<String, Object> bucket = store.bucketSettings("OBJECT_MATRIX", "outbox", "media-info");
        bucket.put("active", false);
        long bucketId = api.createBucket(bucket).get("id").asLong();
        // Not a reachable receiver: these deliveries stay in the outbox, which is what this test looks at
        long items = subscribe(Map.of("url", "http://127.0.0.1:9/items", "eventTypes", List.of("item.*"),
                "bucketId", bucketId, "enabled", true));
        long doneOnly = subscribe(Map.of("url", "http://127.0.0.1:9/done", "eventTypes", List.of("item.done"),
                "source", "objectmatrix"));
        long otherSource = subscribe(Map.of("url", "http://127.0.0.1:9/s3", "source", "s3"));
        long scans = subscribe(Map.of("url", "http://127.0.0.1:9/scans", "eventTypes", List.of("bucket.scan.completed")));

        bucket.put("active", true);
        api.put("/api/buckets/" + bucketId, bucket);
        api.post("/api/buckets/" + bucketId + "/scan", Map.of());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.items("bucket=" + bucketId + "&status=DONE").get("total").asInt() == 2);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(typesDeliveredTo(items)).containsExactlyInAnyOrder("item.created", "item.created",
                    "item.processing", "item.processing", "item.done", "item.done");
            assertThat(typesDeliveredTo(doneOnly)).containsOnly("item.done").hasSizeGreaterThanOrEqualTo(2);
            assertThat(typesDeliveredTo(scans)).contains("bucket.scan.completed");
        });
        assertThat(typesDeliveredTo(otherSource)).isEmpty();

        WebhookDelivery done = deliveries.findBySubscriptionId(items, Pageable.unpaged()).stream()
                .filter(d -> events.findById(d.getEventId()).orElseThrow().getType().equals("item.done"))
                .findFirst().orElseThrow();
        JsonNode payload = objectMapper.readTree(events.findById(done.getEventId()).orElseThrow().getPayload());
        assertThat(payload.get("id").asText()).isEqualTo(done.getEventId()).startsWith("msg_");
        assertThat(payload.get("type").asText()).isEqualTo("item.done");
        assertThat(payload.get("source").asText()).isEqualTo("objectmatrix");
        assertThat(payload.get("bucketId").asLong()).isEqualTo(bucketId);
        assertThat(payload.get("status").asText()).isEqualTo("DONE");
        assertThat(payload.get("processor").asText()).isEqualTo("media-info");
        assertThat(payload.get("attempt").asInt()).isEqualTo(1);
        assertThat(payload.at("/result/contentType").asText()).isEqualTo("text/plain");
        assertThat(payload.hasNonNull("timestamp")).isTrue();
        assertThat(payload.get("key").asText()).isIn("one.txt", "two.txt");
    }

    @Test
    void aChangeThatRollsBackLeavesNoEventAndACommittedOneLeavesExactlyOne() {
        Map<String, Object> bucket = store.bucketSettings("S3", "outbox-rollback", "media-info");
        bucket.put("active", false);
        long bucketId = api.createBucket(bucket).get("id").asLong();
        DiscoveredObject object = new DiscoveredObject("clip.mp4", "etag-1", 10L, Instant.now());
        long eventsBefore = events.count();

        transaction.executeWithoutResult(tx -> {
            assertThat(transitions.discovered("s3", bucketId, List.of(object), ItemStatus.PENDING)).isEqualTo(1);
            tx.setRollbackOnly();
        });
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isZero();
        assertThat(events.count()).isEqualTo(eventsBefore);

        transaction.executeWithoutResult(tx -> transitions.discovered("s3", bucketId, List.of(object), ItemStatus.PENDING));
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isOne();
        assertThat(events.findAll()).filteredOn(e -> e.getPayload().contains("\"bucketId\":" + bucketId + ","))
                .extracting(WebhookEvent::getType).containsExactly("item.created");
    }

    private long subscribe(Map<String, Object> settings) {
        var response = api.post("/api/webhooks", settings);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    private List<String> typesDeliveredTo(long subscriptionId) {
        return deliveries.findBySubscriptionId(subscriptionId, Pageable.unpaged()).stream()
                .map(d -> events.findById(d.getEventId()).orElseThrow().getType()).toList();
    }
}

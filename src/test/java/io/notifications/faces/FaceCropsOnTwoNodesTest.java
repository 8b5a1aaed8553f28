package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.support.Api;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Face crops live in the shared database, not on the disk of the node that made them: a crop made by one node is
 * served by another, a retried item stores its crop once, and deleting the bucket through the other node deletes
 * the crop for both.
 */
class FaceCropsOnTwoNodesTest {

    @Test
    void aCropMadeOnOneNodeIsServedByAnotherAndDeletedThroughIt() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext a = ServiceNode.start(node(schema, "node-a", true))) {
            Api apiOfA = api(a);
            Store store = new Store(a.getBean(EmbeddedS3Server.class));
            store.createBucket("two-nodes");
            store.put("two-nodes", "astronaut.png", FacialRecognitionTest.media("astronaut.png"));
            long bucket = FacialRecognitionTest.faceBucket(apiOfA, store, "two-nodes", Map.of());
            await().atMost(Duration.ofMinutes(2)).until(() ->
                    apiOfA.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 1);
            JsonNode item = apiOfA.item(bucket, "astronaut.png");
            String crop = item.at("/result/faces/0/crop").asText();
            assertThat(crop).matches("[0-9a-f]{64}\\.jpg");
            byte[] madeByA = apiOfA.bytes("/api/faces/crops/" + crop);

            // Node b starts only now: it cannot have processed the item, nor made the crop
            try (ConfigurableApplicationContext b = ServiceNode.start(node(schema, "node-b", false))) {
                Api apiOfB = api(b);
                assertThat(b.getEnvironment().getProperty("local.server.port"))
                        .isNotEqualTo(a.getEnvironment().getProperty("local.server.port"));
                Api.Response served = apiOfB.get("/api/faces/crops/" + crop);
                assertThat(served.status()).isEqualTo(200);
                assertThat(served.headers().firstValue("Cache-Control")).hasValue("private, no-store");
                assertThat(Arrays.equals(apiOfB.bytes("/api/faces/crops/" + crop), madeByA)).isTrue();
                assertThat(apiOfB.withKey(null).get("/api/faces/crops/" + crop).status()).isEqualTo(401);

                // Processed again (by either node), the item stores the same crop again: still one row on PostgreSQL
                long itemId = item.get("id").asLong();
                JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
                String finished = item.get("finishedAt").asText();
                assertThat(apiOfB.post("/api/items/" + itemId + "/retry", Map.of()).status()).isEqualTo(202);
                await().atMost(Duration.ofMinutes(2)).until(() -> {
                    JsonNode again = apiOfA.get("/api/items/" + itemId).json();
                    return again.get("status").asText().equals("DONE")
                            && !again.get("finishedAt").asText().equals(finished);
                });
                assertThat(apiOfA.get("/api/items/" + itemId).json().at("/result/faces/0/crop").asText())
                        .isEqualTo(crop);
                assertThat(cropRows(jdbc, itemId)).isOne();

                assertThat(apiOfB.delete("/api/buckets/" + bucket).status()).isEqualTo(204);
                assertThat(apiOfA.get("/api/faces/crops/" + crop).status()).isEqualTo(404);
                assertThat(apiOfB.get("/api/faces/crops/" + crop).status()).isEqualTo(404);
                assertThat(cropRows(jdbc, itemId)).isZero();
            }
        }
    }

    private static int cropRows(JdbcTemplate jdbc, long itemId) {
        return jdbc.queryForObject("select count(*) from face_crop where item_id = ?", Integer.class, itemId);
    }

    /** The node's API over HTTP, on its own port, with the test key. */
    private static Api api(ConfigurableApplicationContext node) {
        return new Api(node.getEnvironment(), node.getBean(ObjectMapper.class));
    }

    private static Map<String, Object> node(PostgresSchema schema, String id, boolean withStore) {
        Map<String, Object> node = new HashMap<>(schema.nodeProperties());
        node.put("notifications.node.id", id);
        node.put("notifications.embedded.s3.enabled", String.valueOf(withStore));
        node.put("notifications.embedded.sqs.enabled", "false");
        node.put("notifications.embedded.iconik.enabled", "false");
        node.put("iconik.webhook-secret", "");
        // Two nodes in one JVM register their MBeans under names of their own
        node.put("spring.jmx.unique-names", "true");
        return node;
    }
}

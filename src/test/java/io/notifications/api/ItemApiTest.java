package io.notifications.api;

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
class ItemApiTest {

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void itemsAreFilteredBySourceBucketAndStatusAndShowTheirResult() {
        store.createBucket("items-datacore");
        store.createBucket("items-om");
        store.put("items-datacore", "a.txt", "a");
        store.put("items-om", "b.txt", "b");
        long datacore = api.createBucket(store.bucketSettings("DATACORE", "items-datacore", "media-info")).get("id").asLong();
        long om = api.createBucket(store.bucketSettings("OBJECT_MATRIX", "items-om", "media-info")).get("id").asLong();
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.items("bucket=" + datacore + "&status=DONE").get("total").asInt() == 1
                        && api.items("bucket=items-om&status=DONE").get("total").asInt() == 1);

        JsonNode fromDatacore = api.items("source=datacore&bucket=" + datacore);
        assertThat(fromDatacore.get("total").asInt()).isEqualTo(1);
        JsonNode item = fromDatacore.at("/items/0");
        assertThat(item.get("bucketId").asLong()).isEqualTo(datacore);
        assertThat(item.get("key").asText()).isEqualTo("a.txt");
        assertThat(item.get("attempts").asInt()).isEqualTo(1);
        assertThat(item.at("/result/sha256").asText())
                .isEqualTo("ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb");
        for (String field : new String[] {"etag", "size", "createdAt", "updatedAt", "startedAt", "finishedAt"}) {
            assertThat(item.hasNonNull(field)).as(field).isTrue();
        }
        assertThat(api.items("source=objectmatrix&bucket=" + datacore).get("total").asInt()).isZero();
        assertThat(api.items("source=objectmatrix&bucket=" + om).get("total").asInt()).isEqualTo(1);

        JsonNode single = api.get("/api/items/" + item.get("id").asLong()).json();
        assertThat(single.get("key").asText()).isEqualTo("a.txt");

        // Retry puts a finished item back in the queue; it is processed again
        var retried = api.post("/api/items/" + item.get("id").asLong() + "/retry", Map.of());
        assertThat(retried.status()).isEqualTo(202);
        assertThat(retried.json().get("status").asText()).isEqualTo("PENDING");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.get("/api/items/" + item.get("id").asLong()).json().get("status").asText().equals("DONE"));
    }

    @Test
    void badQueriesAre400AndUnknownItems404() {
        JsonNode bad = api.get("/api/items?source=dropbox&status=LOST&page=x&size=0").json();
        assertThat(bad.get("status").asInt()).isEqualTo(400);
        assertThat(bad.get("fields").fieldNames()).toIterable().contains("source", "status", "page", "size");
        assertThat(api.get("/api/items/424242").status()).isEqualTo(404);
        assertThat(api.get("/api/items/../../etc/passwd").status()).isIn(400, 404);
        assertThat(api.post("/api/items/424242/retry", Map.of()).status()).isEqualTo(404);
        assertThat(api.items("bucket=no-such-bucket").get("total").asInt()).isZero();
    }
}

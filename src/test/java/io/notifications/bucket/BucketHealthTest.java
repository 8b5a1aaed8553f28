package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.embedded.EmbeddedS3Properties;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Each active bucket has its own health contributor: it goes DOWN when the bucket's store stops answering, and
 * UP again by itself when the store is back. Liveness does not depend on the stores.
 */
@ServiceTest
class BucketHealthTest {

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void aBucketGoesDownWithItsEndpointAndComesUpWhenItReturns() throws Exception {
        Path data = Files.createTempDirectory("flaky-s3");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        EmbeddedS3Properties settings = new EmbeddedS3Properties(true, "127.0.0.1", port, data.toString(),
                "flaky-access", "flaky-secret");
        EmbeddedS3Server server = new EmbeddedS3Server(settings);
        new Store(server).createBucket("flaky");
        Map<String, Object> bucket = store.bucketSettings("DATACORE", "flaky", "media-info");
        bucket.put("endpoint", server.endpoint());
        bucket.put("accessKey", "flaky-access");
        bucket.put("secretKey", "flaky-secret");
        long id = api.createBucket(bucket).get("id").asLong();
        String health = "/actuator/health/buckets/" + id;

        Api.Response up = api.get(health);
        assertThat(up.status()).as(up.body()).isEqualTo(200);
        assertThat(up.json().get("status").asText()).isEqualTo("UP");
        assertThat(up.json().at("/details/name").asText()).isEqualTo("flaky");
        assertThat(up.body()).doesNotContain("flaky-secret");

        server.destroy();
        Api.Response down = api.get(health);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.json().get("status").asText()).isEqualTo("DOWN");
        assertThat(down.json().at("/details/error").asText()).contains("unreachable");
        assertThat(api.get("/actuator/health/buckets").json().get("status").asText()).isEqualTo("DOWN");
        assertThat(api.withKey(null).get("/actuator/health/liveness").status()).isEqualTo(200);

        EmbeddedS3Server back = new EmbeddedS3Server(settings);
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> api.get(health).status() == 200);
            assertThat(api.get(health).json().get("status").asText()).isEqualTo("UP");
        } finally {
            back.destroy();
            api.delete("/api/buckets/" + id);
        }
    }
}

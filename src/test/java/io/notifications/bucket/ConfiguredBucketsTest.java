package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.notifications.embedded.EmbeddedS3Properties;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Configuration alone points the service at a store: no embedded server, no API call. */
class ConfiguredBucketsTest {

    private EmbeddedS3Server external;

    @BeforeEach
    void startExternalStore() throws Exception {
        // Stands in for a real DataCore endpoint: the service's own embedded server is switched off
        external = new EmbeddedS3Server(new EmbeddedS3Properties(true, "127.0.0.1", 0, "", "swarm-user", "swarm-secret"));
        try (S3Client s3 = S3Client.builder().endpointOverride(java.net.URI.create(external.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("swarm-user", "swarm-secret")))
                .build()) {
            s3.createBucket(b -> b.bucket("ingest"));
            s3.putObject(p -> p.bucket("ingest").key("in/a.mp4"), RequestBody.fromString("a"));
            s3.putObject(p -> p.bucket("ingest").key("in/b.txt"), RequestBody.fromString("b"));
        }
    }

    @AfterEach
    void stopExternalStore() throws Exception {
        external.destroy();
    }

    @Test
    void bucketsDeclaredInConfigurationAreCreatedAndProcessed() {
        Map<String, Object> node = new LinkedHashMap<>(base());
        node.put("notifications.buckets[0].name", "ingest");
        node.put("notifications.buckets[0].vendor", "DATACORE");
        node.put("notifications.buckets[0].endpoint", external.endpoint());
        node.put("notifications.buckets[0].access-key", "swarm-user");
        node.put("notifications.buckets[0].secret-key", "swarm-secret");
        node.put("notifications.buckets[0].include[0]", "*.mp4");
        node.put("notifications.buckets[0].processor-config.sha256", "false");
        try (ConfigurableApplicationContext service = ServiceNode.start(node)) {
            Bucket bucket = service.getBean(BucketRepository.class).findByName("ingest").get(0);
            assertThat(bucket.getVendor()).isEqualTo(Vendor.DATACORE);
            assertThat(bucket.isPathStyle()).isTrue();
            ItemRepository items = service.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.countByBucketIdAndStatus(bucket.getId(), ItemStatus.DONE) == 1);
            assertThat(items.findAll().get(0).getResult()).doesNotContain("sha256").contains("\"size\":1");
        }
    }

    @Test
    void anInvalidDeclaredBucketStopsStartupNamingTheProperty() {
        Map<String, Object> node = new LinkedHashMap<>(base());
        node.put("notifications.buckets[0].name", "ingest");
        node.put("notifications.buckets[0].vendor", "OBJECT_MATRIX");
        node.put("notifications.buckets[0].schedule", "whenever");
        assertThatThrownBy(() -> ServiceNode.start(node).close())
                .hasStackTraceContaining("notifications.buckets[0] is not a valid bucket")
                .hasStackTraceContaining("schedule=must be a Quartz cron expression");
    }

    private static Map<String, Object> base() {
        return Map.of("spring.datasource.url", "jdbc:h2:mem:configured-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "notifications.embedded.s3.enabled", "false");
    }
}

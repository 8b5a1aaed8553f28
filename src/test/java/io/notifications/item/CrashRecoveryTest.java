package io.notifications.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Properties;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Items a crash left PROCESSING or PENDING are processed after the next start: nothing is lost. */
class CrashRecoveryTest {

    private final String database = "jdbc:h2:mem:recovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private EmbeddedS3Server s3Server;

    @BeforeEach
    void startStore() throws Exception {
        s3Server = new EmbeddedS3Server(new EmbeddedS3Properties(true, "127.0.0.1", 0, "", "recovery", "recovery-secret"));
    }

    @AfterEach
    void stopStore() throws Exception {
        s3Server.destroy();
    }

    @Test
    void itemsLeftProcessingArePendingAgainAndProcessedAfterARestart() {
        Map<String, Object> node = Map.of(
                "spring.datasource.url", database,
                "notifications.embedded.s3.enabled", "false");
        long bucketId;
        try (ConfigurableApplicationContext first = ServiceNode.start(node)) {
            try (S3Client s3 = first.getBean(io.notifications.bucket.S3ClientFactory.class).build(s3Server.endpoint(),
                    "us-east-1", true, Vendor.DATACORE.defaultChecksumMode(), "recovery", "recovery-secret")) {
                s3.createBucket(b -> b.bucket("recovering"));
                for (String key : List.of("a.txt", "b.txt", "c.txt")) {
                    s3.putObject(p -> p.bucket("recovering").key(key), RequestBody.fromString(key));
                }
            }
            bucketId = first.getBean(BucketService.class).create(new BucketSettings("recovering", Vendor.DATACORE,
                    s3Server.endpoint(), null, null, null, "recovery", "recovery-secret", null, null, null, null,
                    "1h", "media-info", null, true)).getId();
            ItemRepository items = first.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 3);
        }

        // What a crash mid-flight leaves behind: two items running, one queued
        JdbcTemplate jdbc = new JdbcTemplate(new DriverManagerDataSource(database, "sa", ""));
        jdbc.update("update item set status = 'PROCESSING', result = null where object_key in ('a.txt', 'b.txt')");
        jdbc.update("update item set status = 'PENDING', result = null where object_key = 'c.txt'");

        try (ConfigurableApplicationContext second = ServiceNode.start(node)) {
            ItemRepository items = second.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 3);
            for (Item item : items.findAll()) {
                assertThat(item.getAttempts()).as(item.getKey()).isEqualTo(2);
                assertThat(item.getResult()).as(item.getKey()).contains("\"contentType\":\"text/plain\"");
            }
        }
    }
}

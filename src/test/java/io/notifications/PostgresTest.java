package io.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The migrations and the whole pipeline on PostgreSQL, in a schema of their own: on the server POSTGRES_URL names,
 * or on an embedded PostgreSQL (see {@link PostgresSchema}).
 */
class PostgresTest {

    @Test
    void migrationsRunAndBucketsAreProcessedOnPostgres() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext context = ServiceNode.start(schema.nodeProperties())) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            assertThat(jdbc.queryForObject("select count(*) from " + schema.name() + ".flyway_schema_history where success",
                    Integer.class)).isPositive();

            EmbeddedS3Server store = context.getBean(EmbeddedS3Server.class);
            try (S3Client s3 = context.getBean(io.notifications.bucket.S3ClientFactory.class).build(store.endpoint(),
                    "us-east-1", true, Vendor.OBJECT_MATRIX.defaultChecksumMode(), store.accessKey(), store.secretKey())) {
                s3.createBucket(b -> b.bucket("on-postgres"));
                for (int i = 0; i < 30; i++) {
                    int n = i;
                    s3.putObject(p -> p.bucket("on-postgres").key("clip-" + n + ".txt"), RequestBody.fromString("clip " + n));
                }
            }
            BucketService buckets = context.getBean(BucketService.class);
            long bucketId = buckets.create(new BucketSettings("on-postgres", Vendor.OBJECT_MATRIX, store.endpoint(),
                    null, null, null, store.accessKey(), store.secretKey(), null, null, null, null, "1h",
                    "media-info", null, true)).getId();
            // A concurrent second scan exercises the idempotent insert on PostgreSQL's unique index
            buckets.scanNow(bucketId);
            ItemRepository items = context.getBean(ItemRepository.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == 30);
            assertThat(items.count()).isEqualTo(30);

            // A deleted object's item becomes GONE at the next scan, and retention removes it once it is old enough
            try (S3Client s3 = context.getBean(io.notifications.bucket.S3ClientFactory.class).build(store.endpoint(),
                    "us-east-1", true, Vendor.OBJECT_MATRIX.defaultChecksumMode(), store.accessKey(),
                    store.secretKey())) {
                s3.deleteObject(d -> d.bucket("on-postgres").key("clip-7.txt"));
            }
            buckets.scanNow(bucketId);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.GONE) == 1);
            jdbc.update("update item set updated_at = updated_at - interval '31 days' where status = 'GONE'");
            context.getBean(ProducerTemplate.class).requestBody("direct:retention", (Object) null);
            assertThat(items.count()).isEqualTo(29);
        }
    }
}

package io.notifications.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketRepository;
import io.notifications.support.Api;
import io.notifications.support.ServiceNode;
import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSettings;
import io.notifications.webhook.WebhookSubscriptionRepository;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Bucket secret keys and webhook secrets are stored encrypted, whether sent to the REST API or written by the
 * service: the raw columns hold no secret. Rows an older version stored in plain text are encrypted by migration 12,
 * and a key rotation (a new encryption-key, the old one among previous-encryption-keys) re-encrypts every row at
 * startup. A key that wrote rows cannot be dropped unnoticed: startup is refused, naming previous-encryption-keys.
 */
class StoredSecretsTest {

    private static final String FIRST_KEY = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String SECOND_KEY = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";
    private static final String UNRELATED_KEY = "QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl8=";
    private static final String BUCKET_SECRET = "plain-s3-secret-key-written-by-an-older-version";
    private static final String API_BUCKET_SECRET = "s3-secret-key-sent-to-the-rest-api";
    private static final String WEBHOOK_SECRET = "whsec_MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String NEW_WEBHOOK_SECRET = "whsec_bmV3LXNlY3JldC1vZi10aGlydHktdHdvLWJ5dGVzISE=";
    private static final String PREVIOUS_WEBHOOK_SECRET = "whsec_ZmVkY2JhOTg3NjU0MzIxMGZlZGNiYTk4NzY1NDMyMTA=";

    /** Above what the sequences hand out in this test. */
    private static final long OLD_ROW = 1000;

    private final String url = "jdbc:h2:mem:secrets-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    private final JdbcTemplate raw = new JdbcTemplate(new DriverManagerDataSource(url, "sa", ""));

    @Test
    void plainSecretsAreEncryptedByTheMigrationAndReEncryptedWhenTheKeyRotates() {
        Flyway.configure().dataSource(url, "sa", "").target("11").load().migrate();
        Timestamp now = Timestamp.from(Instant.now());
        raw.update("INSERT INTO bucket (id, name, vendor, region, path_style, checksum_mode, access_key, secret_key, "
                + "initial_scan, schedule, processor, active, created_at, updated_at, version) VALUES (1000, 'old', "
                + "'DATACORE', 'us-east-1', TRUE, 'WHEN_REQUIRED', 'old-access', ?, 'ALL', '1h', 'media-info', FALSE, "
                + "?, ?, 0)", BUCKET_SECRET, now, now);
        raw.update("INSERT INTO webhook_subscription (id, url, event_types, enabled, secret, previous_secret, "
                + "previous_secret_expires_at, created_at, updated_at, version) VALUES (1000, 'https://example.com/hook', "
                + "'item.done', FALSE, ?, ?, ?, ?, ?, 0)", WEBHOOK_SECRET, PREVIOUS_WEBHOOK_SECRET, now, now, now);

        try (ConfigurableApplicationContext node = start(FIRST_KEY)) {
            assertEncryptedUnder(FIRST_KEY);
            assertReadable(node);
            // Written through the service as the API writes it
            node.getBean(WebhookService.class).create(new WebhookSettings("https://example.com/new",
                    List.of("item.done"), null, null, null, null, false, NEW_WEBHOOK_SECRET));
            // And sent to the REST API over HTTP; inactive, as nothing is there to scan
            long created = new Api(node.getEnvironment(), node.getBean(ObjectMapper.class)).createBucket(Map.of(
                    "name", "through-the-api", "vendor", "DATACORE", "endpoint", "http://127.0.0.1:9",
                    "accessKey", "api-access", "secretKey", API_BUCKET_SECRET, "schedule", "1h",
                    "processor", "media-info", "active", false)).get("id").asLong();
            assertThat(raw.queryForObject("SELECT secret_key FROM bucket WHERE id = ?", String.class, created))
                    .startsWith("enc:v1:" + keyId(FIRST_KEY) + ":");
            assertThat(node.getBean(BucketRepository.class).findById(created).orElseThrow().getSecretKey())
                    .isEqualTo(API_BUCKET_SECRET);
            assertEncryptedUnder(FIRST_KEY);
        }
        try (ConfigurableApplicationContext node = start(SECOND_KEY, FIRST_KEY)) {
            assertEncryptedUnder(SECOND_KEY);
            assertReadable(node);
        }
        assertThatThrownBy(() -> start(UNRELATED_KEY).close())
                .hasStackTraceContaining("notifications.security.previous-encryption-keys: secrets in the database "
                        + "were encrypted under the key with id " + keyId(SECOND_KEY));
        try (ConfigurableApplicationContext node = start(SECOND_KEY)) {
            assertReadable(node);
        }
    }

    private void assertEncryptedUnder(String key) {
        List<String> stored = raw.queryForList("SELECT secret_key FROM bucket UNION ALL SELECT secret FROM "
                + "webhook_subscription UNION ALL SELECT previous_secret FROM webhook_subscription", String.class)
                .stream().filter(java.util.Objects::nonNull).toList();
        assertThat(stored).hasSizeGreaterThanOrEqualTo(3)
                .allSatisfy(value -> assertThat(value).startsWith("enc:v1:" + keyId(key) + ":"));
        assertThat(String.join(" ", stored)).doesNotContain(BUCKET_SECRET).doesNotContain(API_BUCKET_SECRET)
                .doesNotContain("whsec_")
                .doesNotContain("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY")
                .doesNotContain("bmV3LXNlY3JldC1vZi10aGlydHktdHdvLWJ5dGVzISE");
    }

    private static void assertReadable(ConfigurableApplicationContext node) {
        assertThat(node.getBean(BucketRepository.class).findById(OLD_ROW).orElseThrow().getSecretKey())
                .isEqualTo(BUCKET_SECRET);
        var subscription = node.getBean(WebhookSubscriptionRepository.class).findById(OLD_ROW).orElseThrow();
        assertThat(subscription.getSecret()).isEqualTo(WEBHOOK_SECRET);
        assertThat(subscription.getPreviousSecret()).isEqualTo(PREVIOUS_WEBHOOK_SECRET);
    }

    private ConfigurableApplicationContext start(String key, String... previous) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", url);
        properties.put("notifications.security.encryption-key", key);
        properties.put("notifications.security.previous-encryption-keys", String.join(",", previous));
        return ServiceNode.start(properties);
    }

    private static String keyId(String key) {
        return StoredSecrets.keyId(java.util.Base64.getDecoder().decode(key));
    }
}

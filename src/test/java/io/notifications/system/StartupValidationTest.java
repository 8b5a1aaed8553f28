package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notifications.support.ServiceNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Configuration that cannot work stops startup at once, with a message that names the property: iconik's URL
 * and rules here, the retention settings, declared buckets (a bad cron expression) in ConfiguredBucketsTest.
 */
class StartupValidationTest {

    @Test
    void anUnknownProcessorInAnIconikRuleStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("iconik.rules[0].name", "faces", "iconik.rules[0].processor", "faces")))
                .hasStackTraceContaining("iconik.rules[0].processor: unknown processor 'faces'");
    }

    @Test
    void anInvalidProcessorConfigInAnIconikRuleStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("iconik.rules[0].name", "faces",
                "iconik.rules[0].processor", "facial-recognition", "iconik.rules[0].processor-config.model", "haar")))
                .hasStackTraceContaining("iconik.rules[0].processor-config.model: must be ssd, tiny or rekognition");
    }

    @Test
    void anIconikRulesPipelineIsCheckedStepByStepAndNotBesideAProcessor() {
        assertThatThrownBy(() -> start(Map.of("iconik.rules[0].name", "faces",
                "iconik.rules[0].pipeline[0].processor", "media-info",
                "iconik.rules[0].pipeline[1].processor", "facial-recognition",
                "iconik.rules[0].pipeline[1].config.model", "haar")))
                .hasStackTraceContaining("iconik.rules[0].pipeline[1].config.model: must be ssd, tiny or rekognition");
        assertThatThrownBy(() -> start(Map.of("iconik.rules[0].name", "faces",
                "iconik.rules[0].processor", "media-info",
                "iconik.rules[0].pipeline[0].processor", "facial-recognition")))
                .hasStackTraceContaining("iconik.rules[0].pipeline: give either a pipeline or a processor with its "
                        + "processor-config, not both");
    }

    @Test
    void anInvalidUrlStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("iconik.base-url", "app.iconik.io/API",
                "notifications.embedded.iconik.enabled", "false")))
                .hasStackTraceContaining("iconik.base-url: 'app.iconik.io/API' is not an absolute http or https URL");
    }

    @Test
    void aMalformedApiKeyDigestStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("notifications.security.api-keys[0]", "sha256:abc")))
                .hasStackTraceContaining("notifications.security.api-keys[0]: a sha256: entry needs 64 hex digits");
    }

    @Test
    void aNamedKeyWithoutItsRoleOrSharingANameOrAKeyStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("notifications.security.keys[0].name", "ops",
                "notifications.security.keys[0].key", "a-key-for-ops")))
                .hasStackTraceContaining("notifications.security.keys[0].role: is missing");
        assertThatThrownBy(() -> start(Map.of("notifications.security.keys[0].name", "ops",
                "notifications.security.keys[0].key", "a-key-for-ops", "notifications.security.keys[0].role", "READ",
                "notifications.security.keys[1].name", "ops", "notifications.security.keys[1].key", "another-key",
                "notifications.security.keys[1].role", "ADMIN")))
                .hasStackTraceContaining("notifications.security.keys[1].key: belongs to 'ops', a name another key has");
        assertThatThrownBy(() -> start(Map.of("notifications.security.keys[0].name", "ops",
                "notifications.security.keys[0].key", "a-key-for-ops", "notifications.security.keys[0].role", "READ",
                "notifications.security.keys[1].name", "dev", "notifications.security.keys[1].key", "a-key-for-ops",
                "notifications.security.keys[1].role", "ADMIN")))
                .hasStackTraceContaining("notifications.security.keys[1].key: is the key of 'ops' too");
    }

    @Test
    void aDeclaredBucketWithoutItsEndpointStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("notifications.buckets[0].name", "ingest",
                "notifications.buckets[0].vendor", "OBJECT_MATRIX", "notifications.buckets[0].access-key", "k",
                "notifications.buckets[0].secret-key", "s")))
                .hasStackTraceContaining("notifications.buckets[0] is not a valid bucket")
                .hasStackTraceContaining("endpoint=is required for OBJECT_MATRIX");
    }

    @Test
    void theAuditRetentionUnderItsOldNameOrABadRetentionSettingStopsStartup() {
        assertThatThrownBy(() -> start(Map.of("notifications.audit.retention", "3650d")))
                .hasStackTraceContaining("notifications.audit.retention: is now notifications.retention.audit");
        assertThatThrownBy(() -> start(Map.of("notifications.retention.schedule", "hourly")))
                .hasStackTraceContaining("notifications.retention.schedule: 'hourly' is not a Quartz cron expression");
        assertThatThrownBy(() -> start(Map.of("notifications.retention.batch-size", "0")))
                .hasStackTraceContaining("notifications.retention")
                .hasStackTraceContaining("batchSize");
    }

    private static void start(Map<String, Object> properties) {
        Map<String, Object> all = new LinkedHashMap<>(properties);
        all.put("spring.datasource.url", "jdbc:h2:mem:startup-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ServiceNode.start(all).close();
    }
}

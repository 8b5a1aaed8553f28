package io.notifications.bucket;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.system.InvalidInputException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Buckets declared in configuration ({@code notifications.buckets[0].name=...}, or NOTIFICATIONS_BUCKETS_0_NAME in
 * the environment) are created at startup when no bucket of that name exists at that endpoint. From then on the
 * API manages them, so a change made through the API is not overwritten at the next start.
 */
@Component
class ConfiguredBuckets implements ApplicationRunner {

    /** The fields of a bucket in the API, as configuration properties. */
    record Declared(String name, Vendor vendor, String endpoint, String region, Boolean pathStyle,
                    ChecksumMode checksumMode, String accessKey, String secretKey, String prefix,
                    List<String> include, List<String> exclude, InitialScan initialScan, String schedule,
                    String processor, Map<String, Object> processorConfig, Boolean active,
                    List<Map<String, Object>> pipeline, Discovery discovery, String reconcileSchedule,
                    String eventSecret, String eventQueue) {

        @Override
        public String toString() {
            return "Declared[name=" + name + ", vendor=" + vendor + ", endpoint=" + endpoint + "]";
        }
    }

    @ConfigurationProperties("notifications")
    record Declarations(List<Declared> buckets) {
        Declarations {
            buckets = buckets == null ? List.of() : buckets;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ConfiguredBuckets.class);

    private final Declarations declarations;
    private final BucketService bucketService;
    private final ObjectMapper objectMapper;

    ConfiguredBuckets(Declarations declarations, BucketService bucketService, ObjectMapper objectMapper) {
        this.declarations = declarations;
        this.bucketService = bucketService;
        this.objectMapper = objectMapper;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<Declared> declared = declarations.buckets();
        for (int i = 0; i < declared.size(); i++) {
            Declared d = declared.get(i);
            BucketSettings settings = new BucketSettings(d.name(), d.vendor(), d.endpoint(), d.region(), d.pathStyle(),
                    d.checksumMode(), d.accessKey(), d.secretKey(), d.prefix(), d.include(), d.exclude(),
                    d.initialScan(), d.schedule(), d.processor(),
                    d.processorConfig() == null ? null : objectMapper.valueToTree(d.processorConfig()), d.active(),
                    d.pipeline() == null ? null : objectMapper.valueToTree(d.pipeline()), d.discovery(),
                    d.reconcileSchedule(), d.eventSecret(), d.eventQueue());
            try {
                int index = i;
                bucketService.createIfAbsent(settings)
                        .ifPresent(bucket -> log.info("Created {} from notifications.buckets[{}]", bucket, index));
            } catch (InvalidInputException e) {
                throw new IllegalStateException("notifications.buckets[" + i + "] is not a valid bucket: "
                        + e.fieldErrors(), e);
            }
        }
    }
}

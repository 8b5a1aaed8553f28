package io.notifications.bucket;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.system.JoinedLength;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * The writable fields of a bucket, as clients send them, with the rules each must follow. Absent optional fields
 * take the vendor preset or the documented default; {@code secretKey} and {@code eventSecret} are write-only and,
 * on update, kept when omitted. The OpenAPI document shows the patterns, so they are written to mean the same in JavaScript.
 */
@VendorRequirements
@KnownProcessor
public record BucketSettings(
        @NotBlank(message = "is required")
        @Size(max = 255, message = BucketSettings.NAME_RULE)
        @Pattern(regexp = "[^/\\s]*", message = BucketSettings.NAME_RULE)
        String name,
        @NotNull(message = "is required: DATACORE, OBJECT_MATRIX or S3")
        Vendor vendor,
        @HttpUrl(maxLength = 2048)
        String endpoint,
        @Pattern(regexp = "[a-z0-9-]{1,64}", message = "must be lower-case letters, digits and '-'")
        String region,
        Boolean pathStyle,
        ChecksumMode checksumMode,
        @Size(max = 512, message = "must be at most {max} characters")
        String accessKey,
        @Size(max = 1024, message = "must be at most {max} characters")
        String secretKey,
        @Size(max = 1024, message = "must be at most {max} characters")
        String prefix,
        @JoinedLength(max = 8000)
        List<@Glob String> include,
        @JoinedLength(max = 8000)
        List<@Glob String> exclude,
        InitialScan initialScan,
        @Schedule
        String schedule,
        String processor,
        JsonNode processorConfig,
        Boolean active,
        JsonNode pipeline,
        Discovery discovery,
        @Schedule
        String reconcileSchedule,
        @Size(min = 16, max = 1024, message = "must be 16 to 1024 characters")
        String eventSecret,
        @Size(max = 2048, message = "must be at most {max} characters")
        @Pattern(regexp = "(https?://\\S+|[A-Za-z0-9_-]{1,80})", message = "must be an SQS queue URL or name")
        String eventQueue) {

    static final String NAME_RULE = "must be at most 255 characters without '/' or white space";

    /** Settings that run one processor rather than a pipeline. */
    public BucketSettings(String name, Vendor vendor, String endpoint, String region, Boolean pathStyle,
                          ChecksumMode checksumMode, String accessKey, String secretKey, String prefix,
                          List<String> include, List<String> exclude, InitialScan initialScan, String schedule,
                          String processor, JsonNode processorConfig, Boolean active) {
        this(name, vendor, endpoint, region, pathStyle, checksumMode, accessKey, secretKey, prefix, include, exclude,
                initialScan, schedule, processor, processorConfig, active, null, null, null, null, null);
    }

    /** Settings that find their objects by listing alone. */
    public BucketSettings(String name, Vendor vendor, String endpoint, String region, Boolean pathStyle,
                          ChecksumMode checksumMode, String accessKey, String secretKey, String prefix,
                          List<String> include, List<String> exclude, InitialScan initialScan, String schedule,
                          String processor, JsonNode processorConfig, Boolean active, JsonNode pipeline) {
        this(name, vendor, endpoint, region, pathStyle, checksumMode, accessKey, secretKey, prefix, include, exclude,
                initialScan, schedule, processor, processorConfig, active, pipeline, null, null, null, null);
    }

    /** These settings with the secret key given, such as the one an update that omits it keeps. */
    public BucketSettings withSecretKey(String secret) {
        return new BucketSettings(name, vendor, endpoint, region, pathStyle, checksumMode, accessKey, secret, prefix,
                include, exclude, initialScan, schedule, processor, processorConfig, active, pipeline, discovery,
                reconcileSchedule, eventSecret, eventQueue);
    }

    /** These settings with the event secret given, such as the one an update that omits it keeps. */
    public BucketSettings withEventSecret(String secret) {
        return new BucketSettings(name, vendor, endpoint, region, pathStyle, checksumMode, accessKey, secretKey, prefix,
                include, exclude, initialScan, schedule, processor, processorConfig, active, pipeline, discovery,
                reconcileSchedule, secret, eventQueue);
    }

    /** Whether the settings name a pipeline rather than one processor. */
    public boolean hasPipeline() {
        return pipeline != null && !pipeline.isNull();
    }

    /** The processor, or the default one. */
    public String processorOrDefault() {
        return processor == null ? BucketService.DEFAULT_PROCESSOR : processor;
    }

    /** The processor's configuration as stored: JSON text, or null for the processor's defaults. */
    public String processorConfigJson() {
        return processorConfig == null || processorConfig.isNull() ? null : processorConfig.toString();
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "BucketSettings[name=" + name + ", vendor=" + vendor + ", endpoint=" + endpoint + "]";
    }
}

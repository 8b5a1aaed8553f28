package io.notifications.bucket;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The writable fields of a bucket, as clients send them. Absent optional fields take the vendor preset or the
 * documented default; {@code secretKey} is write-only and, on update, kept when omitted.
 */
public record BucketSettings(
        String name,
        Vendor vendor,
        String endpoint,
        String region,
        Boolean pathStyle,
        ChecksumMode checksumMode,
        String accessKey,
        String secretKey,
        String prefix,
        List<String> include,
        List<String> exclude,
        InitialScan initialScan,
        String schedule,
        String processor,
        JsonNode processorConfig,
        Boolean active) {

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "BucketSettings[name=" + name + ", vendor=" + vendor + ", endpoint=" + endpoint + "]";
    }
}

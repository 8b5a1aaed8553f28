package io.notifications.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.ChecksumMode;
import io.notifications.bucket.Discovery;
import io.notifications.bucket.InitialScan;
import io.notifications.bucket.Vendor;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/** A bucket as the API shows it. There is deliberately no secret key or event secret field. */
public record BucketView(
        long id,
        String name,
        Vendor vendor,
        String source,
        @Schema(nullable = true) String endpoint,
        String region,
        boolean pathStyle,
        ChecksumMode checksumMode,
        @Schema(nullable = true) String accessKey,
        @Schema(nullable = true) String prefix,
        List<String> include,
        List<String> exclude,
        InitialScan initialScan,
        String schedule,
        Discovery discovery,
        @Schema(description = "EVENTS: the schedule of the listing that catches what an event missed")
        String reconcileSchedule,
        @Schema(description = "Whether the bucket has an eventSecret, which is never shown")
        boolean eventSecretSet,
        @Schema(nullable = true, description = "EVENTS: the bucket's own SQS queue; none: the shared queue")
        String eventQueue,
        String processor,
        @Schema(type = "object", nullable = true, implementation = Object.class) JsonNode processorConfig,
        @ArraySchema(schema = @Schema(type = "object", implementation = Object.class,
                description = "A step: processor, config, name, when"))
        JsonNode pipeline,
        boolean active,
        LastScan lastScan,
        Instant createdAt,
        Instant updatedAt) {

    /** Null until the bucket's first scan. */
    @Schema(nullable = true)
    public record LastScan(Instant at, @Schema(nullable = true) Long durationMs, @Schema(nullable = true) Long listed, @Schema(nullable = true) Long queued,
                           @Schema(nullable = true) String error) {
    }

    static BucketView of(Bucket b, JsonNode processorConfig, JsonNode pipeline) {
        LastScan lastScan = b.getLastScanAt() == null ? null : new LastScan(b.getLastScanAt(),
                b.getLastScanDurationMs(), b.getLastScanListed(), b.getLastScanQueued(), b.getLastScanError());
        return new BucketView(b.getId(), b.getName(), b.getVendor(), b.source(), b.getEndpoint(), b.getRegion(),
                b.isPathStyle(), b.getChecksumMode(), b.getAccessKey(), b.getPrefix(), b.getInclude(), b.getExclude(),
                b.getInitialScan(), b.getSchedule(), b.getDiscovery(), b.getReconcileSchedule(),
                b.getEventSecret() != null, b.getEventQueue(), b.getProcessor(), processorConfig, pipeline, b.isActive(),
                lastScan, b.getCreatedAt(), b.getUpdatedAt());
    }
}

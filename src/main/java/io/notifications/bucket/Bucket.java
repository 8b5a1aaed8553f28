package io.notifications.bucket;

import io.notifications.processing.Pipeline;
import io.notifications.security.EncryptedSecret;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import org.hibernate.annotations.DynamicUpdate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** A bucket in an S3-compatible store that is scanned on its own schedule. */
@Entity
@Table(name = "bucket")
// Only changed columns are written, so saving settings never overwrites what a concurrent scan recorded
@DynamicUpdate
public class Bucket {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "bucket_seq")
    @SequenceGenerator(name = "bucket_seq", sequenceName = "bucket_seq", allocationSize = 10)
    private Long id;

    private String name;

    @Enumerated(EnumType.STRING)
    private Vendor vendor;

    private String endpoint;
    private String region;
    private boolean pathStyle;

    @Enumerated(EnumType.STRING)
    private ChecksumMode checksumMode;

    private String accessKey;

    @Convert(converter = EncryptedSecret.class)
    private String secretKey;

    @Column(name = "key_prefix")
    private String prefix;

    @Column(name = "include_patterns")
    private String includePatterns;

    @Column(name = "exclude_patterns")
    private String excludePatterns;

    @Enumerated(EnumType.STRING)
    private InitialScan initialScan;

    private String schedule;

    @Enumerated(EnumType.STRING)
    private Discovery discovery = Discovery.LISTING;

    /** EVENTS: the schedule of the listing that catches what an event missed. */
    private String reconcileSchedule;

    /** EVENTS: the shared secret of {@code POST /api/buckets/{id}/events}; none turns that intake off. */
    @Convert(converter = EncryptedSecret.class)
    private String eventSecret;

    /** EVENTS: an SQS queue of this bucket's own (URL or name); none: the shared queue, if configured. */
    private String eventQueue;

    private String processor;
    private String processorConfig;
    /** The steps as JSON; null for the one step of {@code processor} with {@code processorConfig}. */
    private String pipeline;
    private boolean active;

    /** Set when the first complete scan has finished: before it, {@link InitialScan#NEW_ONLY} skips objects. */
    private Instant baselineCompletedAt;

    private Instant lastScanAt;
    private Long lastScanDurationMs;
    private Long lastScanListed;
    private Long lastScanQueued;
    private String lastScanError;

    private Instant createdAt;
    private Instant updatedAt;

    @Version
    private long version;

    public Long getId() { return id; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Vendor getVendor() { return vendor; }
    public void setVendor(Vendor vendor) { this.vendor = vendor; }
    public String getEndpoint() { return endpoint; }
    public void setEndpoint(String endpoint) { this.endpoint = endpoint; }
    public String getRegion() { return region; }
    public void setRegion(String region) { this.region = region; }
    public boolean isPathStyle() { return pathStyle; }
    public void setPathStyle(boolean pathStyle) { this.pathStyle = pathStyle; }
    public ChecksumMode getChecksumMode() { return checksumMode; }
    public void setChecksumMode(ChecksumMode checksumMode) { this.checksumMode = checksumMode; }
    public String getAccessKey() { return accessKey; }
    public void setAccessKey(String accessKey) { this.accessKey = accessKey; }
    public String getSecretKey() { return secretKey; }
    public void setSecretKey(String secretKey) { this.secretKey = secretKey; }
    public String getPrefix() { return prefix; }
    public void setPrefix(String prefix) { this.prefix = prefix; }
    public List<String> getInclude() { return split(includePatterns); }
    public void setInclude(List<String> include) { this.includePatterns = join(include); }
    public List<String> getExclude() { return split(excludePatterns); }
    public void setExclude(List<String> exclude) { this.excludePatterns = join(exclude); }
    public InitialScan getInitialScan() { return initialScan; }
    public void setInitialScan(InitialScan initialScan) { this.initialScan = initialScan; }
    public String getSchedule() { return schedule; }
    public void setSchedule(String schedule) { this.schedule = schedule; }
    public Discovery getDiscovery() { return discovery; }
    public void setDiscovery(Discovery discovery) { this.discovery = discovery; }
    public String getReconcileSchedule() { return reconcileSchedule; }
    public void setReconcileSchedule(String reconcileSchedule) { this.reconcileSchedule = reconcileSchedule; }
    public String getEventSecret() { return eventSecret; }
    public void setEventSecret(String eventSecret) { this.eventSecret = eventSecret; }
    public String getEventQueue() { return eventQueue; }
    public void setEventQueue(String eventQueue) { this.eventQueue = eventQueue; }

    /** The schedule its listings run on: the reconciliation's when events find its objects. */
    public String listingSchedule() {
        return discovery == Discovery.EVENTS ? reconcileSchedule : schedule;
    }
    public String getProcessor() { return processor; }
    public void setProcessor(String processor) { this.processor = processor; }
    public String getProcessorConfig() { return processorConfig; }
    public void setProcessorConfig(String processorConfig) { this.processorConfig = processorConfig; }
    public String getPipeline() { return pipeline; }
    public void setPipeline(String pipeline) { this.pipeline = pipeline; }

    /** What the bucket's items run: its pipeline, or its processor as a pipeline of one step. */
    public Pipeline pipeline() {
        return pipeline != null ? Pipeline.fromJson(pipeline) : Pipeline.of(processor, processorConfig);
    }
    public boolean isActive() { return active; }
    public void setActive(boolean active) { this.active = active; }
    public Instant getBaselineCompletedAt() { return baselineCompletedAt; }
    public void setBaselineCompletedAt(Instant baselineCompletedAt) { this.baselineCompletedAt = baselineCompletedAt; }
    public Instant getLastScanAt() { return lastScanAt; }
    public Long getLastScanDurationMs() { return lastScanDurationMs; }
    public Long getLastScanListed() { return lastScanListed; }
    public Long getLastScanQueued() { return lastScanQueued; }
    public String getLastScanError() { return lastScanError; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public long getVersion() { return version; }

    /** The {@code source} of this bucket's items: the vendor's lower-case name. */
    public String source() {
        return vendor.source();
    }

    public void touch(Instant now) {
        if (createdAt == null) {
            createdAt = now;
        }
        updatedAt = now;
    }

    /** For logs: never includes credentials. */
    @Override
    public String toString() {
        return vendor + " bucket " + id + " '" + name + "'";
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split("\n"));
    }

    private static String join(List<String> patterns) {
        return patterns == null || patterns.isEmpty() ? null : String.join("\n", patterns);
    }
}

package io.notifications.item;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Objects;

/**
 * One piece of media to process: an object in a bucket, or an iconik asset. The row is the truth about its status;
 * {@link ItemTransitions} is the only code that changes it.
 */
@Entity
@Table(name = "item")
public class Item {

    public static final String ICONIK = "iconik";
    /** The length of the object_key column: S3's own limit on keys. */
    static final int MAX_KEY_LENGTH = 1024;

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "item_seq")
    @SequenceGenerator(name = "item_seq", sequenceName = "item_seq", allocationSize = 50)
    private Long id;

    /** {@code datacore}, {@code objectmatrix} or {@code s3} (the vendor of its bucket), or {@code iconik}. */
    private String source;

    private Long bucketId;

    @Column(name = "object_key")
    private String key;

    private String etag;
    private Long size;
    private Instant lastModified;
    /** The source's ordering token of the last reported change applied (S3's sequencer); null if none was. */
    private String changeSequence;

    @Enumerated(EnumType.STRING)
    private ItemStatus status;

    private int attempts;
    private String lastError;
    private String result;
    private Instant nextAttemptAt;

    /** iconik items only: the asset, its version, the collection it came through, and the rule that chose it. */
    private String assetId;
    private String assetVersionId;
    private String collectionId;
    private String ruleName;
    /** iconik items only; a bucket item uses its bucket's processor and config. */
    private String processor;
    private String processorConfig;
    /** iconik items only: the rule's steps as JSON, when it names a pipeline rather than one processor. */
    private String pipeline;
    /** What each step of this run did, as a JSON array of {@link ItemStep}s; kept across the run's attempts. */
    private String steps;
    /**
     * The item's iconik job, one for all the attempts of a run: created by the first attempt and set back to
     * STARTED by each retry. Written by the iconik write-back outside the item's status changes (see
     * IconikWriteBack); cleared only when the item is queued again as a new run, which gets a job of its own.
     */
    private String iconikJobId;

    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant finishedAt;
    /** The node processing the item, and until when; set by the claim and renewed in bulk (ItemLeases). */
    private String leaseOwner;
    private Instant leaseUntil;

    @Version
    private long version;

    protected Item() {
    }

    Item(String source, Long bucketId, String key, String etag, Long size, Instant lastModified,
         ItemStatus status, Instant now) {
        this.source = source;
        this.bucketId = bucketId;
        this.key = key;
        this.etag = etag;
        this.size = size;
        this.lastModified = lastModified;
        this.status = status;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public Long getId() { return id; }
    public String getSource() { return source; }
    public Long getBucketId() { return bucketId; }
    public String getKey() { return key; }
    public String getEtag() { return etag; }
    public Long getSize() { return size; }
    public Instant getLastModified() { return lastModified; }
    public String getChangeSequence() { return changeSequence; }
    public ItemStatus getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public String getLastError() { return lastError; }
    public String getResult() { return result; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public String getAssetId() { return assetId; }
    public String getAssetVersionId() { return assetVersionId; }
    public String getCollectionId() { return collectionId; }
    public String getRuleName() { return ruleName; }
    public String getProcessor() { return processor; }
    public String getProcessorConfig() { return processorConfig; }
    public String getPipeline() { return pipeline; }
    public String getSteps() { return steps; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public long getVersion() { return version; }

    /** A new iconik item: the asset's version, chosen for {@code processor} by a rule. */
    static Item ofAsset(AssetToProcess asset, Instant now) {
        // An iconik title is only a label here, and may be longer than the key column that holds it
        String title = asset.title().length() > MAX_KEY_LENGTH ? asset.title().substring(0, MAX_KEY_LENGTH)
                : asset.title();
        Item item = new Item(ICONIK, null, title, null, asset.size(), null, ItemStatus.PENDING, now);
        item.assetId = asset.assetId();
        item.assetVersionId = asset.versionId();
        item.collectionId = asset.collectionId();
        item.ruleName = asset.ruleName();
        item.processor = asset.processor();
        item.processorConfig = asset.processorConfig();
        item.pipeline = asset.pipeline();
        return item;
    }

    /**
     * The settings of the next run of an asset item, e.g. a custom action's with its form values. Steps that an
     * earlier run finished with other settings are not kept: the new run starts from the first step.
     */
    void runWith(String processor, String processorConfig, String pipeline) {
        if (!Objects.equals(this.processor, processor) || !Objects.equals(this.processorConfig, processorConfig)
                || !Objects.equals(this.pipeline, pipeline)) {
            this.steps = null;
        }
        this.processor = processor;
        this.processorConfig = processorConfig;
        this.pipeline = pipeline;
    }

    /** An item made by a source's report of a change: written (PENDING), or removed before it was ever seen (GONE). */
    static Item reported(String source, long bucketId, ObjectChange change, Instant now) {
        Item item = new Item(source, bucketId, change.key(), change.etag(), change.size(), change.happenedAt(),
                change.removed() ? ItemStatus.GONE : ItemStatus.PENDING, now);
        item.changeSequence = change.sequence();
        return item;
    }

    /** Remembers the newest report applied, so that older ones are known as older (see ObjectChanges). */
    void reportApplied(ObjectChange change) {
        if (change.sequence() != null) {
            this.changeSequence = change.sequence();
        }
        if (change.happenedAt() != null && (lastModified == null || change.happenedAt().isAfter(lastModified))) {
            this.lastModified = change.happenedAt();
        }
    }

    void contentChanged(String etag, Long size, Instant lastModified, Instant now) {
        this.etag = etag;
        this.size = size;
        this.lastModified = lastModified;
        // The sequence of an earlier report does not order this content (a listing's has none): its time does,
        // until a report applied with it (reportApplied) says otherwise
        this.changeSequence = null;
        // New content: what the steps found in the old one does not hold for it
        this.steps = null;
        requeue(now);
    }

    /**
     * Queued again with fresh attempts. A FAILED item keeps the steps that finished, so its new run resumes after
     * them; any other run starts from the first step.
     */
    void requeue(Instant now) {
        if (status != ItemStatus.FAILED) {
            this.steps = null;
        }
        endLease();
        this.iconikJobId = null;
        this.status = ItemStatus.PENDING;
        this.attempts = 0;
        this.lastError = null;
        this.result = null;
        this.nextAttemptAt = null;
        this.startedAt = null;
        this.finishedAt = null;
        this.updatedAt = now;
    }

    void done(String result, String steps, Instant now) {
        endLease();
        this.status = ItemStatus.DONE;
        this.result = result;
        this.steps = steps;
        this.lastError = null;
        this.nextAttemptAt = null;
        this.finishedAt = now;
        this.updatedAt = now;
    }

    void failed(String error, Instant now) {
        endLease();
        this.status = ItemStatus.FAILED;
        this.lastError = error;
        this.nextAttemptAt = null;
        this.finishedAt = now;
        this.updatedAt = now;
    }

    void retryLater(String error, Instant at, Instant now) {
        endLease();
        this.status = ItemStatus.PENDING;
        this.lastError = error;
        this.nextAttemptAt = at;
        this.updatedAt = now;
    }

    /** The result, error and times stay, so that the item still says what it was until it is removed. */
    void gone(Instant now) {
        endLease();
        this.status = ItemStatus.GONE;
        this.nextAttemptAt = null;
        this.updatedAt = now;
    }

    private void endLease() {
        this.leaseOwner = null;
        this.leaseUntil = null;
    }

    public String getLeaseOwner() { return leaseOwner; }
    public Instant getLeaseUntil() { return leaseUntil; }

    @Override
    public String toString() {
        return source + " item " + id + " '" + key + "'";
    }
}

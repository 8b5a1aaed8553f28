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

/**
 * One piece of media to process: today an object in a bucket. The row is the truth about its status;
 * {@link ItemTransitions} is the only code that changes it.
 */
@Entity
@Table(name = "item")
public class Item {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "item_seq")
    @SequenceGenerator(name = "item_seq", sequenceName = "item_seq", allocationSize = 50)
    private Long id;

    /** {@code datacore}, {@code objectmatrix} or {@code s3}: the vendor of the bucket the item came from. */
    private String source;

    private Long bucketId;

    @Column(name = "object_key")
    private String key;

    private String etag;
    private Long size;
    private Instant lastModified;

    @Enumerated(EnumType.STRING)
    private ItemStatus status;

    private int attempts;
    private String lastError;
    private String result;
    private Instant nextAttemptAt;

    private Instant createdAt;
    private Instant updatedAt;
    private Instant startedAt;
    private Instant finishedAt;

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
    public ItemStatus getStatus() { return status; }
    public int getAttempts() { return attempts; }
    public String getLastError() { return lastError; }
    public String getResult() { return result; }
    public Instant getNextAttemptAt() { return nextAttemptAt; }
    public Instant getCreatedAt() { return createdAt; }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getStartedAt() { return startedAt; }
    public Instant getFinishedAt() { return finishedAt; }
    public long getVersion() { return version; }

    void contentChanged(String etag, Long size, Instant lastModified, Instant now) {
        this.etag = etag;
        this.size = size;
        this.lastModified = lastModified;
        requeue(now);
    }

    void requeue(Instant now) {
        this.status = ItemStatus.PENDING;
        this.attempts = 0;
        this.lastError = null;
        this.result = null;
        this.nextAttemptAt = null;
        this.startedAt = null;
        this.finishedAt = null;
        this.updatedAt = now;
    }

    void done(String result, Instant now) {
        this.status = ItemStatus.DONE;
        this.result = result;
        this.lastError = null;
        this.nextAttemptAt = null;
        this.finishedAt = now;
        this.updatedAt = now;
    }

    void failed(String error, Instant now) {
        this.status = ItemStatus.FAILED;
        this.lastError = error;
        this.nextAttemptAt = null;
        this.finishedAt = now;
        this.updatedAt = now;
    }

    void retryLater(String error, Instant at, Instant now) {
        this.status = ItemStatus.PENDING;
        this.lastError = error;
        this.nextAttemptAt = at;
        this.updatedAt = now;
    }

    @Override
    public String toString() {
        return source + " item " + id + " '" + key + "'";
    }
}

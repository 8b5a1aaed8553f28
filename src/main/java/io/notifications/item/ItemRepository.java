package io.notifications.item;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface ItemRepository extends JpaRepository<Item, Long>, JpaSpecificationExecutor<Item> {

    /** The item of a bucket's key, locked until the transaction ends, so reports of one key apply one at a time. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Item i where i.bucketId = :bucketId and i.key = :key")
    Item findLockedByBucketIdAndKey(@Param("bucketId") long bucketId, @Param("key") String key);

    /** How many items each source and bucket (null for iconik) has in each status. */
    record StatusCount(String source, Long bucketId, ItemStatus status, long count) {
    }

    @Query("select new io.notifications.item.ItemRepository$StatusCount(i.source, i.bucketId, i.status, count(i))"
            + " from Item i group by i.source, i.bucketId, i.status")
    List<StatusCount> countByStatus();

    /** How many items of a source and bucket finished in one minute ({@code minute}: epoch seconds / 60). */
    record MinuteCount(String source, Long bucketId, long minute, long count) {
    }

    @Query("select new io.notifications.item.ItemRepository$MinuteCount(i.source, i.bucketId,"
            + " cast(floor(extract(epoch from i.finishedAt) / 60) as long), count(i))"
            + " from Item i where i.status = io.notifications.item.ItemStatus.DONE and i.finishedAt >= :since"
            + " group by i.source, i.bucketId, cast(floor(extract(epoch from i.finishedAt) / 60) as long)")
    List<MinuteCount> countDoneByMinute(@Param("since") Instant since);

    /** The latest failures, newest first. */
    List<Item> findByStatusOrderByUpdatedAtDesc(ItemStatus status, Pageable page);

    /** Newest first by when they finished, which ix_item_finished serves. */
    List<Item> findByStatusOrderByFinishedAtDesc(ItemStatus status, Pageable page);

    /** What a scan needs to know about a key it has listed: no more than this is read per page. */
    record KnownKey(Long id, String key, String etag, ItemStatus status) {
    }

    @Query("""
            select new io.notifications.item.ItemRepository$KnownKey(i.id, i.key, i.etag, i.status) from Item i
            where i.bucketId = :bucketId and i.key in :keys""")
    List<KnownKey> findKnownKeys(@Param("bucketId") long bucketId, @Param("keys") Collection<String> keys);

    /** The items whose keys fall in a range, for databases that order strings as Java does (see KnownKeys). */
    @Query("""
            select new io.notifications.item.ItemRepository$KnownKey(i.id, i.key, i.etag, i.status) from Item i
            where i.bucketId = :bucketId and i.key between :first and :last""")
    List<KnownKey> findKeysBetween(@Param("bucketId") long bucketId, @Param("first") String first,
                                   @Param("last") String last);

    /**
     * A page of a bucket's items in the given statuses, unchanged since {@code before}, with keys after
     * {@code afterKey} in the database's own order (the (bucket, key) index serves it): what a complete scan checks
     * against its listing, one page at a time.
     */
    @Query("""
            select new io.notifications.item.ItemRepository$KnownKey(i.id, i.key, i.etag, i.status) from Item i
            where i.bucketId = :bucketId and i.key > :afterKey and i.status in :statuses and i.updatedAt < :before
            order by i.key""")
    List<KnownKey> findKeysAfter(@Param("bucketId") long bucketId, @Param("afterKey") String afterKey,
                                 @Param("statuses") Collection<ItemStatus> statuses, @Param("before") Instant before,
                                 Pageable limit);

    long countByBucketIdAndStatusNot(long bucketId, ItemStatus status);

    /**
     * Deletes at most {@code batch} items GONE since before {@code cutoff}; their face crops go with them (ON DELETE
     * CASCADE). The outer conditions are checked again on each row as it is deleted, so an item a concurrent scan
     * has just queued again is left alone.
     */
    @Modifying
    @Transactional
    @Query(value = """
            DELETE FROM item
            WHERE id IN (SELECT id FROM item WHERE status = 'GONE' AND updated_at < :cutoff LIMIT :batch)
              AND status = 'GONE' AND updated_at < :cutoff""", nativeQuery = true)
    int deleteGoneBefore(@Param("cutoff") Instant cutoff, @Param("batch") int batch);

    /**
     * The claim: it succeeds (returns 1) only while the item is still PENDING, so two workers, on one node or on
     * several, never share one. The claiming node holds it with a lease until {@code until}.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Item i set i.status = io.notifications.item.ItemStatus.PROCESSING, i.attempts = i.attempts + 1,
              i.startedAt = :now, i.finishedAt = null, i.updatedAt = :now, i.version = i.version + 1,
              i.leaseOwner = :owner, i.leaseUntil = :until
            where i.id = :id and i.status = io.notifications.item.ItemStatus.PENDING""")
    int claim(@Param("id") long id, @Param("now") Instant now, @Param("owner") String owner,
              @Param("until") Instant until);

    /** The steps a running attempt finished so far. The version stays: the claim stays valid. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Item i set i.steps = :steps
            where i.id = :id and i.version = :version and i.status = io.notifications.item.ItemStatus.PROCESSING""")
    int recordSteps(@Param("id") long id, @Param("version") long version, @Param("steps") String steps);

    /** Extends the leases of the node's running items. The version stays: their claims stay valid. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Item i set i.leaseUntil = :until
            where i.status = io.notifications.item.ItemStatus.PROCESSING and i.leaseOwner = :owner""")
    int renewLeases(@Param("owner") String owner, @Param("until") Instant until);

    /**
     * Items whose lease ran out (their node died, or lost the database for longer than the lease) go back to
     * PENDING. The version changes, so a late answer from the old node cannot complete them.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Item i set i.status = io.notifications.item.ItemStatus.PENDING, i.nextAttemptAt = null,
              i.leaseOwner = null, i.leaseUntil = null, i.updatedAt = :now, i.version = i.version + 1
            where i.status = io.notifications.item.ItemStatus.PROCESSING and i.leaseUntil < :now""")
    int releaseExpired(@Param("now") Instant now);

    /**
     * At a node's start, its own items still PROCESSING were interrupted by its stop, whatever their lease says;
     * items claimed before leases existed (no owner) too.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update Item i set i.status = io.notifications.item.ItemStatus.PENDING, i.nextAttemptAt = null,
              i.leaseOwner = null, i.leaseUntil = null, i.updatedAt = :now, i.version = i.version + 1
            where i.status = io.notifications.item.ItemStatus.PROCESSING
              and (i.leaseOwner = :owner or i.leaseOwner is null)""")
    int releaseOwn(@Param("owner") String owner, @Param("now") Instant now);

    @Query("""
            select distinct i.bucketId from Item i, io.notifications.bucket.Bucket b
            where b.id = i.bucketId and b.active = true and i.status = io.notifications.item.ItemStatus.PENDING
              and (i.nextAttemptAt is null or i.nextAttemptAt <= :now)""")
    List<Long> findBucketsWithDueItems(@Param("now") Instant now);

    @Query("""
            select i.id from Item i where i.bucketId = :bucketId and i.status = io.notifications.item.ItemStatus.PENDING
              and (i.nextAttemptAt is null or i.nextAttemptAt <= :now) order by i.id""")
    List<Long> findDueItemIds(@Param("bucketId") long bucketId, @Param("now") Instant now, Pageable limit);

    /** Items that belong to no bucket (iconik assets), due now. */
    @Query("""
            select i.id from Item i where i.bucketId is null and i.status = io.notifications.item.ItemStatus.PENDING
              and (i.nextAttemptAt is null or i.nextAttemptAt <= :now) order by i.id""")
    List<Long> findDueItemIdsWithoutBucket(@Param("now") Instant now, Pageable limit);

    @Transactional
    @Modifying
    @Query("update Item i set i.iconikJobId = :jobId where i.id = :id")
    int setIconikJob(@Param("id") long id, @Param("jobId") String jobId);

    @Query("select i.iconikJobId from Item i where i.id = :id")
    String findIconikJob(@Param("id") long id);

    Item findByAssetIdAndAssetVersionIdAndRuleName(String assetId, String assetVersionId, String ruleName);

    List<Item> findByAssetIdIn(Collection<String> assetIds);

    /** The items of an asset in the given statuses, every version and rule (the asset's unique index serves it). */
    @Query("select i.id from Item i where i.assetId = :assetId and i.source = :source and i.status in :statuses")
    List<Long> findIdsOfAsset(@Param("source") String source, @Param("assetId") String assetId,
                              @Param("statuses") Collection<ItemStatus> statuses);

    long countByBucketIdAndStatus(long bucketId, ItemStatus status);

    @Transactional
    @Modifying(clearAutomatically = true)
    @Query("update Item i set i.source = :source where i.bucketId = :bucketId")
    int updateSource(@Param("bucketId") long bucketId, @Param("source") String source);
}

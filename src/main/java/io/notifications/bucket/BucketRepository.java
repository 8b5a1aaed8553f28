package io.notifications.bucket;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

public interface BucketRepository extends JpaRepository<Bucket, Long> {

    List<Bucket> findByName(String name);

    List<Bucket> findByActiveTrue();

    /** Scan statistics are bookkeeping, not a settings change: they leave the bucket's version alone. */
    @Transactional
    @Modifying
    @Query("""
            update Bucket b set b.lastScanAt = :at, b.lastScanDurationMs = :durationMs, b.lastScanListed = :listed,
              b.lastScanQueued = :queued, b.lastScanError = :error
            where b.id = :id""")
    int recordScan(@Param("id") long id, @Param("at") Instant at, @Param("durationMs") Long durationMs,
                   @Param("listed") Long listed, @Param("queued") Long queued, @Param("error") String error);

    @Transactional
    @Modifying
    @Query("update Bucket b set b.baselineCompletedAt = :at where b.id = :id and b.baselineCompletedAt is null")
    int completeBaseline(@Param("id") long id, @Param("at") Instant at);
}

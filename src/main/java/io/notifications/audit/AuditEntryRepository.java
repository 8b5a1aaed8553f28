package io.notifications.audit;

import java.time.Instant;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.transaction.annotation.Transactional;

public interface AuditEntryRepository extends JpaRepository<AuditEntry, Long>, JpaSpecificationExecutor<AuditEntry> {

    /** Deletes at most {@code batch} entries older than {@code cutoff}; small batches hold no long locks. */
    @Modifying
    @Transactional
    @Query(value = "DELETE FROM audit WHERE id IN (SELECT id FROM audit WHERE at < :cutoff ORDER BY id LIMIT :batch)",
            nativeQuery = true)
    int deleteOlderThan(Instant cutoff, int batch);
}

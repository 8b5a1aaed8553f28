package io.notifications.webhook;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface WebhookEventRepository extends JpaRepository<WebhookEvent, String> {

    /** An event's place in the outbox by age, for reading it a page at a time. */
    record EventAge(String id, Instant createdAt) {
    }

    /** Events created before {@code before}, oldest first, after the given one (by time, then id). */
    @Query("""
            select new io.notifications.webhook.WebhookEventRepository$EventAge(e.id, e.createdAt)
            from WebhookEvent e
            where e.createdAt < :before
              and (e.createdAt > :afterAt or (e.createdAt = :afterAt and e.id > :afterId))
            order by e.createdAt, e.id""")
    List<EventAge> findCreatedBefore(@Param("before") Instant before, @Param("afterAt") Instant afterAt,
                                     @Param("afterId") String afterId, Pageable limit);

    /**
     * Deletes those of the events whose deliveries have all ended (DELIVERED or DEAD) before {@code endedBefore},
     * or that have none; their deliveries and attempts go with them (ON DELETE CASCADE).
     */
    @Modifying
    @Query(value = """
            DELETE FROM webhook_event WHERE id IN (:ids) AND NOT EXISTS (
              SELECT 1 FROM webhook_delivery d WHERE d.event_id = webhook_event.id
                AND (d.status NOT IN ('DELIVERED', 'DEAD') OR d.updated_at >= :endedBefore))""", nativeQuery = true)
    int deleteEnded(@Param("ids") Collection<String> ids, @Param("endedBefore") Instant endedBefore);
}

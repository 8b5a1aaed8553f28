package io.notifications.webhook;

import java.time.Instant;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/**
 * Subscriptions. Their health is kept with conditional updates that leave the version alone: many deliveries
 * to one subscription finish at once, and none of them may fail over who noted the failure first.
 */
public interface WebhookSubscriptionRepository extends JpaRepository<WebhookSubscription, Long> {

    List<WebhookSubscription> findByEnabledTrue();

    @Query("select s.id from WebhookSubscription s where s.enabled = true order by s.id")
    List<Long> findEnabledIds();

    @Modifying
    @Query("update WebhookSubscription s set s.failingSince = :now where s.id = :id and s.failingSince is null")
    int markFailing(@Param("id") long id, @Param("now") Instant now);

    @Modifying
    @Query("update WebhookSubscription s set s.failingSince = null where s.id = :id and s.failingSince is not null")
    int markHealthy(@Param("id") long id);

    /** Disables the subscription if it has been failing since before {@code threshold}; 1 for the call that did. */
    @Modifying
    @Query("""
            update WebhookSubscription s set s.enabled = false, s.disabledReason = :reason
            where s.id = :id and s.enabled = true and s.failingSince <= :threshold""")
    int disableIfFailingSince(@Param("id") long id, @Param("threshold") Instant threshold, @Param("reason") String reason);
}

package io.notifications.webhook;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, Long> {

    /** One subscription's due deliveries that no node is attempting, oldest first. */
    @Query("""
            select d.id from WebhookDelivery d
            where d.subscriptionId = :subscriptionId
              and d.status = io.notifications.webhook.DeliveryStatus.PENDING and d.nextAttemptAt <= :now
              and (d.leaseUntil is null or d.leaseUntil < :now)
            order by d.nextAttemptAt, d.id""")
    List<Long> findDueIds(@Param("subscriptionId") long subscriptionId, @Param("now") Instant now, Pageable limit);

    /**
     * Claims a due delivery for one attempt by this node: it succeeds (returns 1) only while the delivery is due
     * and no other node's lease holds it, so each attempt is made by one node. Recording the attempt ends the lease.
     */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("""
            update WebhookDelivery d set d.leaseOwner = :owner, d.leaseUntil = :until, d.version = d.version + 1
            where d.id = :id and d.status = io.notifications.webhook.DeliveryStatus.PENDING
              and d.nextAttemptAt <= :now and (d.leaseUntil is null or d.leaseUntil < :now)""")
    int claim(@Param("id") long id, @Param("now") Instant now, @Param("owner") String owner,
              @Param("until") Instant until);

    /** A delivery with what sending it needs, in one query. */
    @Query("""
            select new io.notifications.webhook.OutgoingDelivery(d, e, s)
            from WebhookDelivery d, WebhookEvent e, WebhookSubscription s
            where d.id = :id and e.id = d.eventId and s.id = d.subscriptionId""")
    Optional<OutgoingDelivery> findOutgoing(@Param("id") long id);

    Page<WebhookDelivery> findBySubscriptionId(long subscriptionId, Pageable page);

    /**
     * Locks the deliveries of the events until the transaction ends, so that none is sent again through the API
     * while retention decides whether its event may go.
     */
    @Query(value = "SELECT id FROM webhook_delivery WHERE event_id IN (:eventIds) FOR UPDATE", nativeQuery = true)
    List<Long> lockByEventIds(@Param("eventIds") Collection<String> eventIds);

    List<WebhookDelivery> findBySubscriptionIdAndStatusAndCreatedAtGreaterThanEqual(
            long subscriptionId, DeliveryStatus status, Instant since);

    long countBySubscriptionIdAndStatus(long subscriptionId, DeliveryStatus status);
}

package io.notifications.webhook;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, Long> {

    /** One subscription's due deliveries, oldest first. */
    @Query("""
            select d.id from WebhookDelivery d
            where d.subscriptionId = :subscriptionId
              and d.status = io.notifications.webhook.DeliveryStatus.PENDING and d.nextAttemptAt <= :now
            order by d.nextAttemptAt, d.id""")
    List<Long> findDueIds(@Param("subscriptionId") long subscriptionId, @Param("now") Instant now, Pageable limit);

    /** A delivery with what sending it needs, in one query. */
    @Query("""
            select new io.notifications.webhook.OutgoingDelivery(d, e, s)
            from WebhookDelivery d, WebhookEvent e, WebhookSubscription s
            where d.id = :id and e.id = d.eventId and s.id = d.subscriptionId""")
    Optional<OutgoingDelivery> findOutgoing(@Param("id") long id);

    Page<WebhookDelivery> findBySubscriptionId(long subscriptionId, Pageable page);

    List<WebhookDelivery> findBySubscriptionIdAndStatusAndCreatedAtGreaterThanEqual(
            long subscriptionId, DeliveryStatus status, Instant since);

    long countBySubscriptionIdAndStatus(long subscriptionId, DeliveryStatus status);
}

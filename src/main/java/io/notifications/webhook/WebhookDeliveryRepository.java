package io.notifications.webhook;

import java.time.Instant;
import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

public interface WebhookDeliveryRepository extends JpaRepository<WebhookDelivery, Long> {

    /** Enabled subscriptions that have deliveries due. */
    @Query("""
            select distinct d.subscriptionId from WebhookDelivery d, WebhookSubscription s
            where s.id = d.subscriptionId and s.enabled = true
              and d.status = io.notifications.webhook.DeliveryStatus.PENDING and d.nextAttemptAt <= :now""")
    List<Long> findSubscriptionsWithDue(@Param("now") Instant now);

    /** One subscription's due deliveries, oldest first. */
    @Query("""
            select d.id from WebhookDelivery d
            where d.subscriptionId = :subscriptionId
              and d.status = io.notifications.webhook.DeliveryStatus.PENDING and d.nextAttemptAt <= :now
            order by d.nextAttemptAt, d.id""")
    List<Long> findDueIds(@Param("subscriptionId") long subscriptionId, @Param("now") Instant now, Pageable limit);

    Page<WebhookDelivery> findBySubscriptionId(long subscriptionId, Pageable page);

    List<WebhookDelivery> findBySubscriptionIdAndStatusAndCreatedAtGreaterThanEqual(
            long subscriptionId, DeliveryStatus status, Instant since);

    long countBySubscriptionIdAndStatus(long subscriptionId, DeliveryStatus status);
}

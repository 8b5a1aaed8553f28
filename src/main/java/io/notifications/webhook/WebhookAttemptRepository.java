package io.notifications.webhook;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface WebhookAttemptRepository extends JpaRepository<WebhookAttempt, Long> {

    List<WebhookAttempt> findByDeliveryIdOrderByAttemptedAt(long deliveryId);
}

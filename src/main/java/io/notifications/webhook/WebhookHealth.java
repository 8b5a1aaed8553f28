package io.notifications.webhook;

import java.util.List;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code webhooks} in the actuator health: how many subscriptions are enabled, failing (their receiver has not
 * taken a delivery since {@code failingSince}) and disabled. A receiver's trouble is not the service's, so it
 * stays UP and shows the counts.
 */
@Component("webhooks")
public class WebhookHealth implements HealthIndicator {

    private final WebhookSubscriptionRepository subscriptions;

    public WebhookHealth(WebhookSubscriptionRepository subscriptions) {
        this.subscriptions = subscriptions;
    }

    @Override
    public Health health() {
        List<WebhookSubscription> all = subscriptions.findAll();
        long disabled = all.stream().filter(s -> !s.isEnabled()).count();
        long failing = all.stream().filter(s -> s.isEnabled() && s.getFailingSince() != null).count();
        return Health.up().withDetail("enabled", all.size() - disabled).withDetail("failing", failing)
                .withDetail("disabled", disabled).build();
    }
}

package io.notifications.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Webhook delivery settings.
 *
 * @param allowedTargets     hosts or CIDR ranges that are admitted although they are internal (e.g. 10.0.0.0/8)
 * @param connectTimeout     connect timeout of a delivery
 * @param responseTimeout    how long a receiver may take to answer
 * @param secretGracePeriod  how long the previous secret keeps signing after a rotation
 */
@ConfigurationProperties("notifications.webhooks")
public record WebhookProperties(
        @DefaultValue("") List<String> allowedTargets,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("15s") Duration responseTimeout,
        @DefaultValue("24h") Duration secretGracePeriod) {
}

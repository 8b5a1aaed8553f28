package io.notifications.iconik;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code iconik} in the actuator health: iconik's API answers and takes the service's App-ID and token. Where no
 * rule uses iconik it is not asked, and UP says so.
 */
@Component("iconik")
public class IconikHealth implements HealthIndicator {

    private final IconikClient iconik;
    private final IconikProperties properties;

    public IconikHealth(IconikClient iconik, IconikProperties properties) {
        this.iconik = iconik;
        this.properties = properties;
    }

    @Override
    public Health health() {
        if (properties.rules().isEmpty()) {
            return Health.up().withDetail("rules", 0).build();
        }
        try {
            iconik.probe();
            return Health.up().withDetail("rules", properties.rules().size()).build();
        } catch (IconikCallException refused) {
            Health.Builder down = Health.down().withDetail("error", refused.getMessage());
            if (iconik.credentialsRejectedAt() != null) {
                down.withDetail("since", iconik.credentialsRejectedAt().toString());
            }
            return down.build();
        } catch (IconikUnavailableException unreachable) {
            return Health.down().withDetail("error", unreachable.getMessage()).build();
        }
    }
}

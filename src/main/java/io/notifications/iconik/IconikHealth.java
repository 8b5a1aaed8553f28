package io.notifications.iconik;

import java.time.Instant;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code iconik} in the actuator health: DOWN while iconik rejects the service's credentials. */
@Component("iconik")
public class IconikHealth implements HealthIndicator {

    private final IconikClient iconik;

    public IconikHealth(IconikClient iconik) {
        this.iconik = iconik;
    }

    @Override
    public Health health() {
        Instant rejected = iconik.credentialsRejectedAt();
        if (rejected != null) {
            return Health.down().withDetail("error", IconikClient.CREDENTIALS_REJECTED)
                    .withDetail("since", rejected.toString()).build();
        }
        return Health.up().build();
    }
}

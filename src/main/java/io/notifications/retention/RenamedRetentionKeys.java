package io.notifications.retention;

import io.notifications.system.InvalidConfigurationException;
import java.util.Map;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The audit trail's retention moved under {@code notifications.retention}. A value left under its old name would be
 * ignored and the trail kept for a time nobody chose, so startup stops and names the new key.
 */
@Component
class RenamedRetentionKeys implements InitializingBean {

    private static final Map<String, String> RENAMED = Map.of(
            "notifications.audit.retention", "notifications.retention.audit",
            "notifications.audit.batch", "notifications.retention.batch-size");

    private final Environment environment;

    RenamedRetentionKeys(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void afterPropertiesSet() {
        RENAMED.forEach((old, renamed) -> {
            if (environment.containsProperty(old)) {
                throw new InvalidConfigurationException(old, "is now " + renamed,
                        "Set " + renamed + " instead of " + old + " and start again.");
            }
        });
    }
}

package io.notifications.audit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The audit trail.
 *
 * @param retention entries older than this are deleted, a batch at a time, by the {@code audit-retention} route
 * @param batch     how many entries one delete removes
 */
@ConfigurationProperties("notifications.audit")
public record AuditProperties(@DefaultValue("400d") Duration retention, @DefaultValue("1000") int batch) {
}

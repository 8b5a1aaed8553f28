package io.notifications.retention;

import io.notifications.system.InvalidConfigurationException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.quartz.CronExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long what the service no longer needs is kept, and how the {@code retention} route deletes it.
 *
 * @param webhookEvents an outbox event, with its deliveries and their attempts, is deleted this long after its last
 *                      delivery ended (DELIVERED or DEAD), or after it was created if it had no delivery to make.
 *                      An event with a delivery still pending is kept however old it is
 * @param goneItems     an item is deleted this long after it became GONE (its object was missing from a complete
 *                      scan of its bucket, or iconik reported its asset deleted), and its face crops with it
 * @param audit         audit trail entries older than this are deleted
 * @param batchSize     the most rows one delete removes, each delete in a transaction of its own, so that none holds
 *                      locks for long
 * @param schedule      when retention runs: a Quartz cron expression (seconds first). With the postgres profile the
 *                      nodes share this schedule and each run happens on one node only
 */
@Validated
@ConfigurationProperties("notifications.retention")
public record RetentionProperties(
        @DefaultValue("30d") @DurationMin(minutes = 1) Duration webhookEvents,
        @DefaultValue("30d") @DurationMin(minutes = 1) Duration goneItems,
        @DefaultValue("400d") @DurationMin(minutes = 1) Duration audit,
        @DefaultValue("1000") @Min(1) @Max(100_000) int batchSize,
        @DefaultValue("0 15 * * * ?") String schedule) {

    public RetentionProperties {
        if (!CronExpression.isValidExpression(schedule)) {
            throw new InvalidConfigurationException("notifications.retention.schedule", "'" + schedule
                    + "' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week),"
                    + " e.g. '0 15 * * * ?' for hourly at a quarter past");
        }
    }
}

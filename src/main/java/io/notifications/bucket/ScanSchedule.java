package io.notifications.bucket;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * A bucket's scan schedule: either a Quartz cron expression ({@code 0 0/5 * * * ?}) or a fixed interval
 * ({@code 30s}, {@code 5m}, {@code 1h}, or ISO-8601 such as {@code PT30S}).
 */
public record ScanSchedule(String cron, Duration interval) {

    private static final Pattern SHORT_INTERVAL = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    public static Optional<ScanSchedule> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        Duration interval = parseInterval(trimmed);
        if (interval != null) {
            return interval.compareTo(MIN_INTERVAL) < 0 ? Optional.empty() : Optional.of(new ScanSchedule(null, interval));
        }
        return CronExpression.isValidExpression(trimmed) ? Optional.of(new ScanSchedule(trimmed, null)) : Optional.empty();
    }

    public boolean isCron() {
        return cron != null;
    }

    private static Duration parseInterval(String text) {
        Matcher m = SHORT_INTERVAL.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        if (text.toUpperCase(Locale.ROOT).startsWith("P")) {
            try {
                return Duration.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return null;
    }
}

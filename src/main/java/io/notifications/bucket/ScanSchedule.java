package io.notifications.bucket;

import java.text.ParseException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Date;
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
    private static final Duration MAX_INTERVAL = Duration.ofDays(366);
    private static final int MAX_LENGTH = 128;

    /** Empty unless the text is a schedule that will actually fire. */
    public static Optional<ScanSchedule> parse(String text) {
        if (text == null || text.isBlank() || text.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String trimmed = text.trim();
        try {
            Duration interval = parseInterval(trimmed);
            if (interval != null) {
                boolean sensible = interval.compareTo(MIN_INTERVAL) >= 0 && interval.compareTo(MAX_INTERVAL) <= 0;
                return sensible ? Optional.of(new ScanSchedule(null, interval)) : Optional.empty();
            }
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            return Optional.empty();
        }
        return firesInFuture(trimmed) ? Optional.of(new ScanSchedule(trimmed, null)) : Optional.empty();
    }

    /** Valid syntax is not enough: "0 0 0 30 2 ?" (30 February) parses, but Quartz refuses a trigger that never fires. */
    private static boolean firesInFuture(String cron) {
        if (!CronExpression.isValidExpression(cron)) {
            return false;
        }
        try {
            return new CronExpression(cron).getNextValidTimeAfter(new Date()) != null;
        } catch (ParseException | RuntimeException e) {
            return false;
        }
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

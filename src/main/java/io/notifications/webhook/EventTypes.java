package io.notifications.webhook;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The event types and the patterns subscriptions choose them by: exact ({@code item.done}) or {@code item.*},
 * {@code *}. Each type has its schema in {@code docs/webhooks/{type}.schema.json} (see {@link EventCatalogue}).
 */
public final class EventTypes {

    public static final List<String> ALL = List.of("item.created", "item.processing", "item.done", "item.failed",
            "item.gone", "bucket.scan.completed", "source.unreachable", "source.recovered", "webhook.disabled",
            "webhook.ping");
    private static final Pattern VALID = Pattern.compile("\\*|[a-z]+(\\.[a-z]+)*(\\.\\*)?");

    private EventTypes() {
    }

    public static boolean isValidPattern(String pattern) {
        return pattern != null && VALID.matcher(pattern).matches()
                && (pattern.endsWith("*") || ALL.contains(pattern));
    }

    public static boolean matches(String pattern, String type) {
        if (pattern.equals("*")) {
            return true;
        }
        if (pattern.endsWith(".*")) {
            return type.startsWith(pattern.substring(0, pattern.length() - 1));
        }
        return pattern.equals(type);
    }
}

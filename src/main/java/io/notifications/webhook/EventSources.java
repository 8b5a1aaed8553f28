package io.notifications.webhook;

import java.util.Set;

/**
 * The sources events come from (each item's {@code source}), for the {@code source} filter of a subscription.
 * Provided from above, so that this package names none of them.
 */
public interface EventSources {

    /** Every source an event may carry, e.g. {@code datacore} or {@code iconik}. */
    Set<String> names();
}

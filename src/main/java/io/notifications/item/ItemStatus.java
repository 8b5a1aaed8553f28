package io.notifications.item;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/** An item's place in the pipeline. Only {@link ItemTransitions} moves an item from one to another. */
public enum ItemStatus {
    PENDING,
    PROCESSING,
    DONE,
    FAILED,
    /** Already in the bucket when it was added with {@code initialScan: NEW_ONLY}; never processed. */
    SKIPPED,
    /**
     * Finished, and then its object was missing from a complete scan of its bucket, or its source reported its
     * asset deleted (iconik): removed after {@code notifications.retention.gone-items}, or queued again as new if
     * a scan finds the object again (or an iconik event finds the asset again).
     */
    GONE;

    /** Where an item rests once it needs no more work: the statuses a scan may turn into GONE. */
    public static final Set<ItemStatus> FINISHED = Collections.unmodifiableSet(EnumSet.of(DONE, FAILED, SKIPPED));
}

package io.notifications.item;

/** An item's place in the pipeline. Only {@link ItemTransitions} moves an item from one to another. */
public enum ItemStatus {
    PENDING,
    PROCESSING,
    DONE,
    FAILED,
    /** Already in the bucket when it was added with {@code initialScan: NEW_ONLY}; never processed. */
    SKIPPED
}

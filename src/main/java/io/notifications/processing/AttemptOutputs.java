package io.notifications.processing;

/**
 * What a processor stores for an item beside the item's result while it processes it, such as the face crops a
 * facial-recognition result names. Only the result of the item's last successful attempt may name any, so the
 * processing core discards an item's stored outputs when an attempt starts (those of its earlier run, or of an
 * interrupted attempt) and when an attempt fails, each in the transaction that records the claim or the failure:
 * nothing is left that no result names.
 */
public interface AttemptOutputs {

    /** Deletes whatever was stored for the item's attempts; returns how many were deleted. */
    int discard(long itemId);
}

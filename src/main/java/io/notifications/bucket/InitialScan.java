package io.notifications.bucket;

/** What the first complete scan of a bucket does with the objects that are already there. */
public enum InitialScan {
    /** Process them, as the system this replaces does. */
    ALL,
    /** Record them as SKIPPED and process only what arrives afterwards. */
    NEW_ONLY
}

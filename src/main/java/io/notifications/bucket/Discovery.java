package io.notifications.bucket;

/** How a bucket hears of new and changed objects. */
public enum Discovery {
    /** Listing the bucket on its schedule (the default). */
    LISTING,
    /**
     * S3 event notifications, through the SQS intake or {@code POST /api/buckets/{id}/events}, with a listing on the
     * slower {@code reconcileSchedule} to catch anything an event missed.
     */
    EVENTS
}

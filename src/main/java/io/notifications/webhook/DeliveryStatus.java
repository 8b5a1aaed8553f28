package io.notifications.webhook;

public enum DeliveryStatus {
    /** Waiting for its first or next attempt. */
    PENDING,
    /** A receiver answered 2xx. */
    DELIVERED,
    /** Every attempt of the schedule failed; it can still be redelivered through the API. */
    DEAD
}

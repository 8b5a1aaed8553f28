package io.notifications.processing;

/** A processing failure that another attempt cannot fix, e.g. the object or its bucket is gone. */
public class NotRetryableException extends RuntimeException {

    public NotRetryableException(String message) {
        super(message);
    }

    public NotRetryableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.notifications.webhook;

/** The subscription's URL leads to an address deliveries may not go to. */
public class RefusedTargetException extends RuntimeException {

    public RefusedTargetException(String message) {
        super(message);
    }
}

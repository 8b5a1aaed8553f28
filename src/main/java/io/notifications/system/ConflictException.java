package io.notifications.system;

/** The request clashes with the current state, e.g. a duplicate; answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}

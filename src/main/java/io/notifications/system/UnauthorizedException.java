package io.notifications.system;

/** The caller did not prove who it is; answered with 401. */
public class UnauthorizedException extends RuntimeException {

    public UnauthorizedException(String message) {
        super(message);
    }
}

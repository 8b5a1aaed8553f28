package io.notifications.iconik;

import io.notifications.processing.NotRetryableException;

/**
 * iconik refused a call in a way that trying again cannot fix: credentials rejected (401/403), not found (404),
 * or another 4xx. The item fails at once with this message.
 */
public class IconikCallException extends NotRetryableException {

    private final int status;

    public IconikCallException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    public boolean isCredentialsRejected() {
        return status == 401 || status == 403;
    }
}

package io.notifications.iconik;

/** iconik could not be reached, or kept answering 429 or 5xx, through all retries; a later attempt may succeed. */
public class IconikUnavailableException extends RuntimeException {

    public IconikUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.notifications.system;

import java.util.Map;
import java.util.TreeMap;

/** A client sent something unacceptable. Each bad field is named with the reason; answered with 400. */
public class InvalidInputException extends RuntimeException {

    private final Map<String, String> fieldErrors;

    public InvalidInputException(Map<String, String> fieldErrors) {
        super("invalid fields: " + new TreeMap<>(fieldErrors).keySet());
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    public static InvalidInputException of(String field, String message) {
        return new InvalidInputException(Map.of(field, message));
    }

    public Map<String, String> fieldErrors() {
        return new TreeMap<>(fieldErrors);
    }
}

package io.notifications.api;

import io.notifications.system.InvalidInputException;
import io.notifications.system.NotFoundException;
import java.util.Map;

/** Parses path and query parameters, naming the parameter when one is bad. */
final class ApiParameters {

    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE_SIZE = 500;

    private ApiParameters() {
    }

    /** A path id that is not a positive number cannot name anything that exists. */
    static long id(String value, String what) {
        try {
            long id = Long.parseLong(value);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException | NullPointerException ignored) {
            // fall through
        }
        throw new NotFoundException(what + " '" + value + "' does not exist");
    }

    static int page(String value, Map<String, String> errors) {
        return intParam("page", value, 0, 0, Integer.MAX_VALUE / MAX_PAGE_SIZE, errors);
    }

    static int size(String value, Map<String, String> errors) {
        return intParam("size", value, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE, errors);
    }

    static void throwIfAny(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
    }

    private static int intParam(String name, String value, int fallback, int min, int max, Map<String, String> errors) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        errors.put(name, "must be a whole number from " + min + " to " + max);
        return fallback;
    }
}

package io.notifications.iconik;

import io.notifications.system.InvalidInputException;
import java.util.Map;

/** A message that is not an iconik event this service understands; it can never succeed, however often it is tried. */
public class MalformedIconikEventException extends InvalidInputException {

    public MalformedIconikEventException(String field, String problem) {
        super(Map.of(field, problem));
    }

    @Override
    public String getMessage() {
        return "not an iconik event: " + fieldErrors().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .findFirst().orElse("");
    }
}

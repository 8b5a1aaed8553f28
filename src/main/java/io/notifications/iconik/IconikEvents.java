package io.notifications.iconik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Reads iconik webhook events, refusing what is not one with an error that names the problem. */
@Component("iconikEvents")
public class IconikEvents {

    /** The event types this service acts on; anything else is refused, and SQS moves it to the dead-letter queue. */
    static final Set<String> KNOWN_TYPES = Set.of("assets", "collections");
    private static final int MAX_LENGTH = 256 * 1024;

    private final ObjectMapper objectMapper;

    public IconikEvents(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    public IconikEvent parse(String body) {
        if (body == null || body.isBlank()) {
            throw new MalformedIconikEventException("body", "is empty");
        }
        if (body.length() > MAX_LENGTH) {
            throw new MalformedIconikEventException("body", "is longer than " + MAX_LENGTH + " characters");
        }
        JsonNode json;
        try {
            json = objectMapper.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedIconikEventException("body", "is not JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (!json.isObject()) {
            throw new MalformedIconikEventException("body", "must be a JSON object");
        }
        String eventType = text(json, "event_type", true);
        if (!KNOWN_TYPES.contains(eventType)) {
            throw new MalformedIconikEventException("event_type", "'" + eventType + "' is not one of " + KNOWN_TYPES);
        }
        return new IconikEvent(text(json, "system_domain_id", false), eventType, text(json, "object_id", true),
                text(json, "realm", false), text(json, "operation", false), json.path("data"),
                text(json, "request_id", false));
    }

    private static String text(JsonNode json, String field, boolean required) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new MalformedIconikEventException(field, "is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > 256) {
            throw new MalformedIconikEventException(field, "must be a non-empty string of at most 256 characters");
        }
        return value.asText();
    }
}

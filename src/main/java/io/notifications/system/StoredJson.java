package io.notifications.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** JSON kept as text in the database (processor config, results), shown as JSON in the API. */
public final class StoredJson {

    private StoredJson() {
    }

    public static JsonNode parse(ObjectMapper objectMapper, String text) {
        if (text == null) {
            return null;
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            return objectMapper.getNodeFactory().textNode(text);
        }
    }

    /** The value as JSON text to store; null stays null. */
    public static String write(ObjectMapper objectMapper, Object value) {
        if (value == null) {
            return null;
        }
        try {
            return objectMapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }
}

package io.notifications.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The JSON Schema of each event type's payload. The one copy is {@code docs/webhooks/{type}.schema.json}, which
 * the build packages as {@code webhooks/{type}.schema.json}; a build without the schema of a type does not start.
 */
@Component
public class EventCatalogue {

    /** Where pom.xml puts docs/webhooks on the classpath. */
    public static final String LOCATION = "webhooks/";

    /**
     * @param title  one line on what the event means, the schema's {@code title}
     * @param schema the JSON Schema (draft 2020-12) of the whole body a receiver gets
     */
    public record EventType(String type, String title, JsonNode schema) {
    }

    private final List<EventType> types;

    public EventCatalogue(ObjectMapper objectMapper) {
        this.types = EventTypes.ALL.stream().map(type -> read(objectMapper, type)).toList();
    }

    /** Every type the service emits, in the order of {@link EventTypes#ALL}. */
    public List<EventType> types() {
        return types;
    }

    public static String resource(String type) {
        return LOCATION + type + ".schema.json";
    }

    private static EventType read(ObjectMapper objectMapper, String type) {
        try (InputStream in = EventCatalogue.class.getClassLoader().getResourceAsStream(resource(type))) {
            if (in == null) {
                throw new IllegalStateException("The webhook event type " + type + " has no schema: "
                        + resource(type) + " is missing (docs/webhooks/ is packaged by pom.xml)");
            }
            JsonNode schema = objectMapper.readTree(in);
            return new EventType(type, schema.path("title").asText(), schema);
        } catch (IOException e) {
            throw new UncheckedIOException("The schema of webhook event type " + type + " cannot be read", e);
        }
    }
}

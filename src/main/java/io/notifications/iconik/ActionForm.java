package io.notifications.iconik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notifications.processing.Pipeline;
import io.notifications.processing.PipelineStep;
import io.notifications.processing.ProcessorRegistry;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The form a user filled in when running a custom action ({@code metadata_values}: field name to
 * {@code {"field_values": [{"value": ...}]}}) as settings for a rule's processor. A field names the config property
 * of the same name, in snake_case or camelCase ({@code match_threshold} or {@code matchThreshold}); its first value
 * is taken as given, a string as iconik sends it, and converted and validated when the config is bound, like a
 * configured setting. Fields the processor has no property for are ignored: an action's form may carry others.
 * <p>
 * For a rule with a pipeline, a field goes to every step whose processor has a property of that name, over that
 * step's configured {@code config}, so that one form can set {@code gallery} for {@code facial-recognition} and
 * something else for another step; a field no step's processor has is ignored, as for one processor. A value the
 * processor refuses fails the item at once, naming the form field (see {@link IconikMedia}).
 */
@Component
public class ActionForm {

    private static final Logger log = LoggerFactory.getLogger(ActionForm.class);
    private static final Pattern SNAKE = Pattern.compile("_([a-z0-9])");

    private final ProcessorRegistry processors;
    private final ObjectMapper objectMapper;

    public ActionForm(ProcessorRegistry processors, ObjectMapper objectMapper) {
        this.processors = processors;
        this.objectMapper = objectMapper;
    }

    /**
     * The form's values that the rule's processor (or a step of its pipeline) has properties for, by property name;
     * empty without a form.
     */
    public Map<String, JsonNode> settings(IconikRule rule, JsonNode metadataValues) {
        Map<String, JsonNode> settings = new LinkedHashMap<>();
        if (metadataValues == null || !metadataValues.isObject()) {
            return settings;
        }
        Set<String> properties = new HashSet<>();
        rule.processors().forEach(processor -> properties.addAll(properties(processor)));
        metadataValues.fields().forEachRemaining(field -> {
            String property = property(field.getKey());
            JsonNode value = field.getValue().path("field_values").path(0).path("value");
            if (!properties.contains(property)) {
                log.debug("custom action form field '{}' is no setting of {} (rule '{}'); ignored", field.getKey(),
                        String.join(" or ", rule.processors()), rule.name());
            } else if (!value.isMissingNode() && !value.isNull()) {
                settings.put(property, value);
            }
        });
        return settings;
    }

    /** The pipeline with each form value set in the config of every step whose processor has that property. */
    Pipeline applyTo(Pipeline pipeline, Map<String, JsonNode> settings) {
        if (settings.isEmpty()) {
            return pipeline;
        }
        return new Pipeline(pipeline.steps().stream().map(step -> {
            Set<String> properties = properties(step.processor());
            if (settings.keySet().stream().noneMatch(properties::contains)) {
                return step;
            }
            ObjectNode config = step.config() != null && step.config().isObject()
                    ? ((ObjectNode) step.config()).deepCopy() : objectMapper.createObjectNode();
            settings.forEach((property, value) -> {
                if (properties.contains(property)) {
                    config.set(property, value);
                }
            });
            return new PipelineStep(step.name(), step.processor(), config, step.when());
        }).toList());
    }

    /** {@code match_threshold} and {@code matchThreshold} both name {@code matchThreshold}. */
    static String property(String fieldName) {
        Matcher matcher = SNAKE.matcher(fieldName);
        StringBuilder property = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(property, matcher.group(1).toUpperCase(Locale.ROOT));
        }
        return matcher.appendTail(property).toString();
    }

    /** The form field a config property is reported under: its snake_case name. */
    static String fieldName(String property) {
        return property.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    private Set<String> properties(String processor) {
        var type = objectMapper.constructType(processors.get(processor).configType());
        return objectMapper.getDeserializationConfig().introspect(type).findProperties().stream()
                .map(BeanPropertyDefinition::getName)
                .collect(Collectors.toSet());
    }
}

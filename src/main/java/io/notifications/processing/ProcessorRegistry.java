package io.notifications.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import io.notifications.system.JsonProblems;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Finds processors by name and binds their typed configuration from JSON. */
@Component
public class ProcessorRegistry {

    private final Map<String, MediaProcessor<?>> processors;
    private final ObjectMapper configMapper;
    private final Validator validator;

    public ProcessorRegistry(List<MediaProcessor<?>> processors, ObjectMapper objectMapper, Validator validator) {
        this.processors = processors.stream().collect(Collectors.toMap(MediaProcessor::name, Function.identity()));
        // A misspelt option would otherwise be silently ignored
        this.configMapper = objectMapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.validator = validator;
    }

    public Set<String> names() {
        return new TreeSet<>(processors.keySet());
    }

    public MediaProcessor<?> get(String name) {
        return get(name, "processor");
    }

    private MediaProcessor<?> get(String name, String field) {
        return Optional.ofNullable(name).map(processors::get).orElseThrow(() -> new InvalidProcessorConfigException(
                field, name == null ? "is required" : "unknown processor '" + name + "'; known: " + names()));
    }

    /** Binds and validates {@code configJson} (null means defaults) for the named processor. */
    public Object bindConfig(String processorName, String configJson) {
        return bindConfig(processorName, configJson, "processor", "processorConfig");
    }

    /**
     * Binds and validates {@code configJson} for the named processor; a refusal names {@code processorField} or
     * a path within {@code configField}, e.g. {@code pipeline[1].config.gallery}.
     */
    public Object bindConfig(String processorName, String configJson, String processorField, String configField) {
        MediaProcessor<?> processor = get(processorName, processorField);
        Object config;
        try {
            config = configMapper.readValue(configJson == null || configJson.isBlank() ? "{}" : configJson,
                    processor.configType());
        } catch (JsonMappingException e) {
            String path = JsonProblems.path(e);
            throw new InvalidProcessorConfigException(path.isEmpty() ? configField : configField + "." + path,
                    JsonProblems.describe(e));
        } catch (JsonProcessingException e) {
            throw new InvalidProcessorConfigException(configField, "not valid JSON: " + e.getOriginalMessage());
        }
        Set<ConstraintViolation<Object>> violations = validator.validate(config);
        if (!violations.isEmpty()) {
            ConstraintViolation<Object> first = violations.iterator().next();
            throw new InvalidProcessorConfigException(configField + "." + first.getPropertyPath(), first.getMessage());
        }
        try {
            validate(processor, config);
        } catch (InvalidProcessorConfigException e) {
            // A processor names its own fields as processorConfig.<field>
            throw new InvalidProcessorConfigException(e.field().replaceFirst("^processorConfig", configField),
                    e.getMessage());
        }
        return config;
    }

    @SuppressWarnings("unchecked")
    private static <C> void validate(MediaProcessor<C> processor, Object config) {
        processor.validate((C) config);
    }
}

package io.notifications.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * The processors an item runs, in order, on one claim and one fetch of its media. A bucket's or rule's
 * {@code processor} with its {@code processorConfig} is a pipeline of one step.
 */
public record Pipeline(List<PipelineStep> steps) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Pipeline {
        steps = List.copyOf(steps);
    }

    /** The pipeline of one processor with its settings (JSON text, or null for its defaults). */
    public static Pipeline of(String processor, String configJson) {
        try {
            return new Pipeline(List.of(new PipelineStep(null, processor,
                    configJson == null || configJson.isBlank() ? null : JSON.readTree(configJson), null)));
        } catch (JsonProcessingException e) {
            throw new InvalidProcessorConfigException("processorConfig", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** A pipeline as stored by {@link #toJson()}. */
    public static Pipeline fromJson(String json) {
        try {
            return new Pipeline(List.of(JSON.readValue(json, PipelineStep[].class)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored pipeline is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The steps as a JSON array, as stored and as the API shows them. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(steps);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public PipelineStep first() {
        return steps.get(0);
    }

    /** The processors of the steps, in order, each once. */
    public List<String> processors() {
        return steps.stream().map(PipelineStep::processor).distinct().toList();
    }
}

package io.notifications.processing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.system.JsonProblems;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * Reads pipelines as clients write them and binds them to the processors, refusing what cannot run with the
 * field that is wrong, e.g. {@code pipeline[1].config.gallery} or {@code pipeline[1].when}.
 */
@Component
public class Pipelines {

    public static final int MAX_STEPS = 10;
    private static final Pattern STEP_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    private final ProcessorRegistry processors;
    private final ObjectMapper strict;

    public Pipelines(ProcessorRegistry processors, ObjectMapper objectMapper) {
        this.processors = processors;
        this.strict = objectMapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** A step ready to run: its processor, its bound settings and its condition (null to always run). */
    public record BoundStep(String name, MediaProcessor<?> processor, Object config, StepCondition when) {
    }

    /** The pipeline a client sent under {@code field} (a JSON array of steps), checked and bound. */
    public Pipeline read(JsonNode steps, String field) {
        if (steps == null || !steps.isArray()) {
            throw new InvalidProcessorConfigException(field, "must be an array of steps");
        }
        if (steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw new InvalidProcessorConfigException(field, "must have 1 to " + MAX_STEPS + " steps");
        }
        List<PipelineStep> read = new ArrayList<>();
        for (int i = 0; i < steps.size(); i++) {
            JsonNode step = steps.get(i);
            String at = field + "[" + i + "]";
            if (!step.isObject()) {
                throw new InvalidProcessorConfigException(at, "must be a JSON object with a processor");
            }
            try {
                read.add(strict.treeToValue(step, PipelineStep.class));
            } catch (JsonMappingException e) {
                String path = JsonProblems.path(e);
                throw new InvalidProcessorConfigException(path.isEmpty() ? at : at + "." + path,
                        JsonProblems.describe(e));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new InvalidProcessorConfigException(at, "is not valid JSON");
            }
        }
        Pipeline pipeline = new Pipeline(read);
        bind(pipeline, field);
        return pipeline;
    }

    /**
     * Binds every step, checking processor names, settings, step names and conditions.
     *
     * @param field what the client calls the pipeline, for the refusal's field name
     */
    public List<BoundStep> bind(Pipeline pipeline, String field) {
        List<BoundStep> bound = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < pipeline.steps().size(); i++) {
            PipelineStep step = pipeline.steps().get(i);
            String at = field + "[" + i + "]";
            if (step.config() != null && !step.config().isNull() && !step.config().isObject()) {
                throw new InvalidProcessorConfigException(at + ".config", "must be a JSON object");
            }
            Object config = processors.bindConfig(step.processor(), step.configJson(), at + ".processor",
                    at + ".config");
            if (step.name() != null && !STEP_NAME.matcher(step.name()).matches()) {
                throw new InvalidProcessorConfigException(at + ".name",
                        "must be 1 to 64 lower-case letters, digits and '-', starting with a letter or digit");
            }
            if (!names.add(step.stepName())) {
                throw new InvalidProcessorConfigException(step.name() == null ? at + ".processor" : at + ".name",
                        "a step named '" + step.stepName() + "' comes earlier; give this one a name of its own");
            }
            StepCondition when = null;
            if (step.when() != null) {
                try {
                    when = StepCondition.parse(step.when());
                } catch (IllegalArgumentException e) {
                    throw new InvalidProcessorConfigException(at + ".when", e.getMessage());
                }
            }
            bound.add(new BoundStep(step.stepName(), processors.get(step.processor()), config, when));
        }
        return bound;
    }
}

package io.notifications.processing;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One step of a pipeline as a client writes it: a processor, its settings, an optional name (by default the
 * processor's; needed when one processor runs twice) and an optional condition on the earlier steps' results.
 *
 * @param config a JSON object, or null for the processor's defaults
 * @param when   a condition in Spring's expression language, or null to always run
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineStep(String name, String processor, JsonNode config, String when) {

    /** The name results and conditions know the step by. */
    public String stepName() {
        return name == null || name.isBlank() ? processor : name;
    }

    /** The settings as JSON text, or null for the processor's defaults. */
    public String configJson() {
        return config == null || config.isNull() ? null : config.toString();
    }
}

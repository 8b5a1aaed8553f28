package io.notifications.iconik;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.Pipeline;
import io.notifications.processing.PipelineStep;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which iconik events (and custom actions) lead to which processor, or pipeline of processors. An event matches when its
 * {@code event_type.realm.operation} matches one of {@code events} (with {@code *} wildcards) and, if
 * {@code collections} is set, it concerns one of those collections.
 *
 * @param name            names the rule in items and logs
 * @param events          e.g. {@code assets.*.create}, {@code collections.contents.create}; a collection event of
 *                        another realm (a collection itself was created or changed) processes the whole collection
 * @param collections     collection ids the rule is limited to; none means all
 * @param actions         custom action ids whose assets this rule processes; none means no action
 * @param processor       the processor, e.g. {@code media-info}: a pipeline of one step; not with {@code pipeline}
 * @param processorConfig the processor's config
 * @param pipeline        the processors to run in order on one fetch of the asset's media, each a {@link Step};
 *                        instead of {@code processor} and {@code processorConfig}
 * @param metadataView    the metadata view the results are written to; none skips writing metadata
 * @param metadataFields  result field to metadata field; empty writes every scalar of the result under its own name
 * @param segments        whether results with times become time-based segments on the asset
 */
public record IconikRule(
        String name,
        @DefaultValue({"assets.*.create", "assets.*.update", "collections.contents.create"}) List<String> events,
        List<String> collections,
        List<String> actions,
        String processor,
        Map<String, Object> processorConfig,
        List<Step> pipeline,
        String metadataView,
        Map<String, String> metadataFields,
        @DefaultValue("true") boolean segments) {

    public IconikRule {
        events = nonBlank(events);
        collections = nonBlank(collections);
        actions = nonBlank(actions);
        metadataFields = metadataFields == null ? Map.of() : Map.copyOf(metadataFields);
        pipeline = pipeline == null ? List.of() : List.copyOf(pipeline);
    }

    /**
     * One step of a rule's pipeline, e.g. {@code iconik.rules[0].pipeline[1].processor=facial-recognition}.
     *
     * @param name      what results, conditions and {@code metadataFields} know the step by; by default its
     *                  processor's name (needed when one processor runs twice)
     * @param processor the processor, e.g. {@code facial-recognition}
     * @param config    the processor's config, as {@code processorConfig} is for a rule of one processor
     * @param when      a condition on the earlier steps' results (Spring expression language, sandboxed), e.g.
     *                  {@code contentType matches 'video/.*'}; none always runs the step
     */
    public record Step(String name, String processor, Map<String, Object> config, String when) {
    }

    /** Whether the rule names a pipeline rather than one processor. */
    public boolean hasPipeline() {
        return !pipeline.isEmpty();
    }

    /** The rule's pipeline as the processing core reads it, or null when the rule names one processor. */
    public Pipeline toPipeline(ObjectMapper json) {
        return !hasPipeline() ? null : new Pipeline(pipeline.stream()
                .map(step -> new PipelineStep(step.name(), step.processor(),
                        step.config() == null ? null : json.valueToTree(step.config()), step.when()))
                .toList());
    }

    /** The processors the rule runs, in order, each once. */
    public List<String> processors() {
        return hasPipeline() ? pipeline.stream().map(Step::processor).distinct().toList()
                : processor == null ? List.of() : List.of(processor);
    }

    private static List<String> nonBlank(List<String> values) {
        return values == null ? List.of() : values.stream().filter(v -> v != null && !v.isBlank()).toList();
    }

    /** Whether an event's {@code event_type.realm.operation} matches one of the patterns; {@code *} matches anything. */
    public boolean matches(String eventKey) {
        return events.stream().anyMatch(pattern -> Pattern.compile(
                Arrays.stream(pattern.split("\\*", -1)).map(Pattern::quote).collect(Collectors.joining(".*")))
                .matcher(eventKey).matches());
    }
}

package io.notifications.iconik;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Which iconik events (and custom actions) lead to which processor. An event matches when its
 * {@code event_type.realm.operation} matches one of {@code events} (with {@code *} wildcards) and, if
 * {@code collections} is set, it concerns one of those collections.
 *
 * @param name            names the rule in items and logs
 * @param events          e.g. {@code assets.*.create}, {@code collections.contents.create}; a collection event of
 *                        another realm (a collection itself was created or changed) processes the whole collection
 * @param collections     collection ids the rule is limited to; none means all
 * @param actions         custom action ids whose assets this rule processes; none means no action
 * @param processor       the processor, e.g. {@code media-info}
 * @param processorConfig the processor's config
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
        String metadataView,
        Map<String, String> metadataFields,
        @DefaultValue("true") boolean segments) {

    public IconikRule {
        events = nonBlank(events);
        collections = nonBlank(collections);
        actions = nonBlank(actions);
        metadataFields = metadataFields == null ? Map.of() : Map.copyOf(metadataFields);
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

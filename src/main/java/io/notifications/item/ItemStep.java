package io.notifications.item;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;

/**
 * What one step of an item's pipeline did in its run: DONE with its result, SKIPPED because its condition was
 * false, or FAILED with the error. A step that is DONE or SKIPPED is not run again by a retry of the run.
 *
 * @param durationMs how long the step ran (null when it did not run)
 * @param reason     why it was skipped or how it failed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ItemStep(String name, String processor, Outcome outcome, Long durationMs, JsonNode result,
                       String reason) {

    private static final TypeReference<List<ItemStep>> STEPS = new TypeReference<>() { };

    public enum Outcome { DONE, SKIPPED, FAILED }

    static ItemStep done(String name, String processor, long durationMs, JsonNode result) {
        return new ItemStep(name, processor, Outcome.DONE, durationMs, result, null);
    }

    static ItemStep skipped(String name, String processor, String reason) {
        return new ItemStep(name, processor, Outcome.SKIPPED, null, null, reason);
    }

    static ItemStep failed(String name, String processor, long durationMs, String reason) {
        return new ItemStep(name, processor, Outcome.FAILED, durationMs, null, reason);
    }

    /** The steps as an item records them (its {@code steps} column); none for null. */
    public static List<ItemStep> read(ObjectMapper objectMapper, String json) throws JsonProcessingException {
        return json == null ? List.of() : objectMapper.readValue(json, STEPS);
    }

    /** Finished in an earlier attempt of the run: a retry does not run it again. */
    boolean finished() {
        return outcome == Outcome.DONE || outcome == Outcome.SKIPPED;
    }
}

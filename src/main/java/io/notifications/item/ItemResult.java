package io.notifications.item;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * What an item's run produced: one entry per step of its pipeline. Its {@link #result} is what the item's
 * {@code result} has always been for one processor, that processor's result; for several steps it is each
 * finished step's result under the step's name.
 */
public record ItemResult(List<ItemStep> steps) {

    public ItemResult {
        steps = List.copyOf(steps);
    }

    /** The item's {@code result}. */
    public JsonNode result(ObjectMapper objectMapper) {
        if (steps.size() == 1) {
            return steps.get(0).result();
        }
        ObjectNode byStep = objectMapper.createObjectNode();
        steps.stream().filter(step -> step.outcome() == ItemStep.Outcome.DONE)
                .forEach(step -> byStep.set(step.name(), step.result()));
        return byStep;
    }
}

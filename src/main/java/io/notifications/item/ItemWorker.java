package io.notifications.item;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import io.notifications.processing.NotRetryableException;
import io.notifications.processing.Pipeline;
import io.notifications.processing.Pipelines;
import io.notifications.processing.Pipelines.BoundStep;
import io.notifications.system.StoredJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Runs a claimed item through the pipeline its source names, step by step on one fetch of the media its source
 * opens, and returns what each step did. Steps an earlier attempt of the run finished are not run again; each
 * step's outcome is recorded as soon as it is known, so a crash or a failure later in the pipeline keeps it.
 */
@Component("itemWorker")
public class ItemWorker {

    private static final Logger log = LoggerFactory.getLogger(ItemWorker.class);
    private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() { };

    private final ItemSources sources;
    private final Pipelines pipelines;
    private final ItemTransitions transitions;
    private final ObjectMapper objectMapper;
    private final ItemMetrics metrics;

    public ItemWorker(ItemSources sources, Pipelines pipelines, ItemTransitions transitions,
                      ObjectMapper objectMapper, ItemMetrics metrics) {
        this.sources = sources;
        this.pipelines = pipelines;
        this.transitions = transitions;
        this.objectMapper = objectMapper;
        this.metrics = metrics;
    }

    public ItemResult process(ClaimedItem item) throws Exception {
        try (var ignored = MDC.putCloseable("itemId", String.valueOf(item.id()));
             var ignoredSource = MDC.putCloseable("source", item.source())) {
            ItemSource source = sources.of(item);
            Pipeline pipeline = source.pipelineOf(item);
            List<BoundStep> steps;
            try {
                steps = pipelines.bind(pipeline, "pipeline");
            } catch (InvalidProcessorConfigException e) {
                // Another attempt binds the same settings: it cannot succeed
                throw new NotRetryableException(source.configRefused(item, asOneProcessor(e, pipeline)), e);
            }
            List<ItemStep> done = new ArrayList<>(finishedEarlier(item, steps));
            // A proxy only if every step that still runs can take one, so that the media is fetched once
            boolean proxyAccepted = steps.stream().skip(done.size()).allMatch(step -> step.processor().acceptsProxy());
            if (done.size() == steps.size()) {
                // Every step finished before, and what followed failed (e.g. writing the result back)
                return new ItemResult(done);
            }
            try (MediaSource media = source.open(item, proxyAccepted)) {
                if (steps.size() - done.size() > 1) {
                    media.readOnce();
                }
                for (int i = done.size(); i < steps.size(); i++) {
                    done.add(run(item, steps.get(i), i, steps.size(), media, done));
                    if (steps.size() > 1) {
                        // A retry resumes after it; with one step there is nothing to resume, and complete records it
                        transitions.stepsSoFar(item, json(done));
                    }
                }
            }
            return new ItemResult(done);
        }
    }

    /** One step: skipped if its condition is false, else run; a failure is recorded as the step's, then thrown. */
    private ItemStep run(ClaimedItem item, BoundStep step, int index, int count, MediaSource media,
                         List<ItemStep> earlier) throws Exception {
        String processor = step.processor().name();
        if (step.when() != null) {
            boolean runs;
            try {
                runs = step.when().test(names(earlier));
            } catch (IllegalArgumentException e) {
                throw failed(item, step, index, count, 0, earlier, new NotRetryableException(e.getMessage()));
            }
            if (!runs) {
                return ItemStep.skipped(step.name(), processor, "when " + step.when() + " was false");
            }
        }
        long started = System.nanoTime();
        String outcome = "failed";
        try {
            Object result = runProcessor(step.processor(), media.step(index, count), step.config());
            long millis = (System.nanoTime() - started) / 1_000_000;
            log.debug("{} item {} '{}' step {} ({}) done in {} ms", item.source(), item.id(), item.key(),
                    step.name(), processor, millis);
            outcome = "done";
            return ItemStep.done(step.name(), processor, millis, objectMapper.valueToTree(result));
        } catch (Exception e) {
            throw failed(item, step, index, count, (System.nanoTime() - started) / 1_000_000, earlier, e);
        } finally {
            metrics.processed(processor, outcome, System.nanoTime() - started);
        }
    }

    /**
     * Records the failed step beside the finished ones, and names the step in the error when there are several,
     * keeping whether another attempt may cure it.
     */
    private Exception failed(ClaimedItem item, BoundStep step, int index, int count, long millis,
                             List<ItemStep> earlier, Exception error) {
        String reason = ItemTransitions.describe(error);
        List<ItemStep> steps = new ArrayList<>(earlier);
        steps.add(ItemStep.failed(step.name(), step.processor().name(), millis, reason));
        try {
            transitions.stepsSoFar(item, json(steps));
        } catch (RuntimeException e) {
            error.addSuppressed(e);
        }
        if (count == 1) {
            return error;
        }
        String message = "step " + (index + 1) + " of " + count + " (" + step.name() + "): " + reason;
        return error instanceof NotRetryableException ? new StepFailedException.NotRetryable(message, error)
                : new StepFailedException(message, error);
    }

    /** The steps of the run that earlier attempts finished, as far as they match the pipeline's steps now. */
    private List<ItemStep> finishedEarlier(ClaimedItem item, List<BoundStep> steps) {
        List<ItemStep> recorded;
        try {
            recorded = ItemStep.read(objectMapper, item.steps());
        } catch (JsonProcessingException e) {
            log.warn("Item {} has unreadable steps; running its pipeline from the start: {}", item.id(), e.toString());
            return List.of();
        }
        List<ItemStep> kept = new ArrayList<>();
        for (int i = 0; i < Math.min(recorded.size(), steps.size()); i++) {
            ItemStep step = recorded.get(i);
            if (!step.finished() || !step.name().equals(steps.get(i).name())
                    || !step.processor().equals(steps.get(i).processor().name())) {
                break;
            }
            kept.add(step);
        }
        return kept;
    }

    /** What a condition can name: each field of the earlier results (a later step's wins), and {@code steps}. */
    private Map<String, Object> names(List<ItemStep> earlier) {
        Map<String, Object> names = new LinkedHashMap<>();
        Map<String, Object> byStep = new LinkedHashMap<>();
        for (ItemStep step : earlier) {
            if (step.outcome() == ItemStep.Outcome.DONE && step.result() != null && step.result().isObject()) {
                Map<String, Object> fields = objectMapper.convertValue(step.result(), FIELDS);
                names.putAll(fields);
                byStep.put(step.name(), fields);
            }
        }
        names.put("steps", byStep);
        return names;
    }

    /** A pipeline of one processor names its fields as the bucket or rule does: processor, processorConfig. */
    private static InvalidProcessorConfigException asOneProcessor(InvalidProcessorConfigException e,
                                                                  Pipeline pipeline) {
        if (pipeline.steps().size() != 1) {
            return e;
        }
        String field = e.field().replaceFirst("^pipeline\\[0]\\.config", "processorConfig")
                .replaceFirst("^pipeline\\[0]\\.processor", "processor");
        return new InvalidProcessorConfigException(field, e.getMessage());
    }

    private String json(List<ItemStep> steps) {
        return StoredJson.write(objectMapper, steps);
    }

    private static <C> Object runProcessor(MediaProcessor<C> processor, MediaSource media, Object config)
            throws Exception {
        return processor.process(media, processor.configType().cast(config));
    }
}

package io.notifications.iconik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notifications.item.ClaimedItem;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemResult;
import io.notifications.item.ItemStep;
import io.notifications.processing.MediaSource;
import io.notifications.processing.Pipeline;
import io.notifications.processing.PipelineStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What users see of processing inside iconik: a job with its status and progress while an item runs, and then the
 * result of each step written to the asset, as metadata values in the rule's view and as time-based segments where
 * a step's result has times ({@code segments: [{startMs, endMs, text, type}]}). A failure sets the job to FAILED with its error.
 */
@Component
public class IconikWriteBack {

    private static final Logger log = LoggerFactory.getLogger(IconikWriteBack.class);

    private final IconikClient iconik;
    private final IconikProperties properties;
    private final ObjectMapper objectMapper;
    private final ItemRepository items;

    public IconikWriteBack(IconikClient iconik, IconikProperties properties, ObjectMapper objectMapper,
                           ItemRepository items) {
        this.iconik = iconik;
        this.items = items;
        this.properties = properties;
        this.objectMapper = objectMapper;
    }

    /**
     * Starts the item's job in iconik and returns its id, or null when jobs are off. An item has one job for all
     * its attempts: the first attempt creates it and notes it on the item; a later attempt (a retry, or one after
     * an interrupted attempt) sets the same job back to STARTED with its progress reset. Only when iconik no longer
     * knows the noted job is a new one created. The note is cleared when the item is queued again as a new run.
     */
    String startJob(ClaimedItem item) {
        if (!properties.jobs()) {
            return null;
        }
        String noted = items.findIconikJob(item.id());
        if (noted != null) {
            try {
                iconik.updateJob(noted, jobChange(item, "STARTED")
                        .put("progress_processed", 0)
                        .put("message", "attempt " + item.attempt()));
                return noted;
            } catch (IconikCallException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                log.info("iconik job {} of item {} is gone; a new one is created", noted, item.id());
            }
        }
        ObjectNode job = objectMapper.createObjectNode()
                .put("title", label(item) + ": " + item.key())
                .put("type", "CUSTOM")
                .put("custom_type", label(item))
                .put("status", "STARTED")
                .put("object_type", "assets")
                .put("object_id", item.assetId())
                .put("progress_processed", 0)
                .put("progress_total", 100)
                .put("message", "attempt " + item.attempt());
        job.putArray("related_objects").addObject().put("object_type", "assets").put("object_id", item.assetId());
        String jobId = iconik.createJob(job).path("id").asText(null);
        items.setIconikJob(item.id(), jobId);
        return jobId;
    }

    /**
     * Shows a processor's progress in the item's job: the processing takes the job from 0 to 80% (the rest is the
     * write-back), in steps of 10%, so at most eight PATCHes whatever the processor reports. A PATCH that fails
     * is only logged: progress must not fail the work.
     */
    MediaSource.Progress progress(ClaimedItem item) {
        String jobId = jobOf(item);
        if (jobId == null) {
            return done -> { };
        }
        AtomicInteger shown = new AtomicInteger();
        return done -> {
            int step = (int) Math.floor(done * PROCESSING_SHARE / PROGRESS_STEP) * PROGRESS_STEP;
            int before = shown.get();
            if (step > before && step < 100 && shown.compareAndSet(before, step)) {
                try {
                    iconik.updateJob(jobId, jobChange(item, "STARTED").put("progress_processed", step));
                } catch (RuntimeException e) {
                    log.debug("Could not show progress {}% in iconik job {}: {}", step, jobId, e.getMessage());
                }
            }
        };
    }

    private static final int PROCESSING_SHARE = 80;
    private static final int PROGRESS_STEP = 10;

    /** Writes each finished step's result to the asset and finishes the item's job. */
    void finished(ClaimedItem item, ItemResult result) throws Exception {
        String jobId = jobOf(item);
        Map<String, JsonNode> results = new LinkedHashMap<>();
        result.steps().stream()
                .filter(step -> step.outcome() == ItemStep.Outcome.DONE && step.result() != null)
                .forEach(step -> results.put(step.name(), step.result()));
        Optional<IconikRule> rule = rule(item);
        String view = rule.map(IconikRule::metadataView).orElse(null);
        if (view != null && !view.isBlank()) {
            iconik.putMetadata(item.assetId(), view, metadataValues(results, rule.get()));
        }
        if (rule.map(IconikRule::segments).orElse(false)) {
            List<ObjectNode> bodies = new ArrayList<>();
            results.values().forEach(stepResult ->
                    stepResult.path("segments").forEach(segment -> bodies.add(segment(item, segment))));
            if (!bodies.isEmpty()) {
                iconik.createSegments(item.assetId(), bodies);
            }
        }
        if (jobId != null) {
            iconik.updateJob(jobId, jobChange(item, "FINISHED").put("progress_processed", 100));
        }
    }

    /**
     * The attempt failed: the job says so, with the error; a retry sets the same job STARTED again. Never throws;
     * iconik being down must not hide the failure.
     */
    void jobFailed(ClaimedItem item, Throwable error) {
        String jobId = jobOf(item);
        if (jobId == null) {
            return;
        }
        String message = error == null ? "failed" : String.valueOf(error.getMessage());
        try {
            iconik.updateJob(jobId, jobChange(item, "FAILED")
                    .put("error_message", message.length() > 1000 ? message.substring(0, 1000) : message));
        } catch (IconikCallException e) {
            log.warn("Could not mark iconik job {} of item {} FAILED: {}", jobId, item.id(), e.getMessage());
            if (e.isNotFound()) {
                items.setIconikJob(item.id(), null);
            }
        } catch (RuntimeException e) {
            log.warn("Could not mark iconik job {} of item {} FAILED: {}", jobId, item.id(), e.getMessage());
        }
    }

    /** The job noted on the item, which {@link #startJob} made or took up; null when jobs are off or none is. */
    private String jobOf(ClaimedItem item) {
        return properties.jobs() ? items.findIconikJob(item.id()) : null;
    }

    private ObjectNode jobChange(ClaimedItem item, String status) {
        // iconik's JobSchema requires these three even in a PATCH
        return objectMapper.createObjectNode()
                .put("title", label(item) + ": " + item.key())
                .put("type", "CUSTOM")
                .put("status", status)
                .put("progress_total", 100);
    }

    /**
     * What the job says runs: the processor, or a pipeline's steps by name, e.g. {@code media-info +
     * facial-recognition}; past three steps, the first two and how many more, so that a title stays short.
     */
    private static String label(ClaimedItem item) {
        if (item.pipeline() == null) {
            return item.processor();
        }
        List<String> steps = Pipeline.fromJson(item.pipeline()).steps().stream().map(PipelineStep::stepName).toList();
        return steps.size() <= 3 ? String.join(" + ", steps)
                : String.join(" + ", steps.subList(0, 2)) + " + " + (steps.size() - 2) + " more";
    }

    private Optional<IconikRule> rule(ClaimedItem item) {
        return properties.rules().stream().filter(r -> r.name() != null && r.name().equals(item.ruleName())).findFirst();
    }

    /**
     * The metadata values of the steps' results. With no {@code metadataFields}, every top-level scalar of every
     * result goes under its own name. With them, each mapping names a value by its path in a result ({@code
     * width}, or nested: {@code picture.gps.latitude}), optionally after a step's name ({@code media-info.width});
     * nothing else is written, so what a processor reports beyond that stays out of iconik.
     */
    private ObjectNode metadataValues(Map<String, JsonNode> results, IconikRule rule) {
        ObjectNode body = objectMapper.createObjectNode();
        ObjectNode values = body.putObject("metadata_values");
        Map<String, String> fields = rule.metadataFields();
        if (fields.isEmpty()) {
            results.values().forEach(stepResult -> stepResult.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                    putValue(values, field.getKey(), field.getValue());
                }
            }));
            return body;
        }
        fields.forEach((path, name) -> {
            JsonNode value = valueAt(results, path);
            if (value != null && value.isValueNode() && !value.isNull()) {
                putValue(values, name, value);
            }
        });
        return body;
    }

    private static void putValue(ObjectNode values, String name, JsonNode value) {
        values.putObject(name).putArray("field_values").addObject().set("value", value);
    }

    /** The value at a dotted path in the named step's result, or else in the first result that has it. */
    private static JsonNode valueAt(Map<String, JsonNode> results, String path) {
        for (Map.Entry<String, JsonNode> step : results.entrySet()) {
            if (path.startsWith(step.getKey() + ".")) {
                JsonNode value = step.getValue().at(pointer(path.substring(step.getKey().length() + 1)));
                if (!value.isMissingNode()) {
                    return value;
                }
            }
        }
        return results.values().stream().map(stepResult -> stepResult.at(pointer(path)))
                .filter(value -> !value.isMissingNode()).findFirst().orElse(null);
    }

    private static String pointer(String dotted) {
        return "/" + dotted.replace("~", "~0").replace("/", "~1").replace('.', '/');
    }

    /** iconik knows these segment types only; anything else would be refused with a 400. */
    private static final Set<String> SEGMENT_TYPES =
            Set.of("MARKER", "QC", "GENERIC", "COMMENT", "TAG", "TRANSCRIPTION", "SCENE", "PERSON");

    private static String segmentType(String type) {
        String upper = type.toUpperCase(Locale.ROOT);
        return SEGMENT_TYPES.contains(upper) ? upper : "GENERIC";
    }

    private ObjectNode segment(ClaimedItem item, JsonNode segment) {
        ObjectNode body = objectMapper.createObjectNode()
                .put("segment_type", segmentType(segment.path("type").asText("")))
                .put("time_start_milliseconds", segment.path("startMs").asLong())
                .put("time_end_milliseconds", segment.path("endMs").asLong());
        if (segment.hasNonNull("text")) {
            body.put("segment_text", segment.path("text").asText());
        }
        if (item.assetVersionId() != null && !IconikIntake.NO_VERSION.equals(item.assetVersionId())) {
            body.put("version_id", item.assetVersionId());
        }
        return body;
    }
}

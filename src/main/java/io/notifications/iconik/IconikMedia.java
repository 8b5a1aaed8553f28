package io.notifications.iconik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.item.ClaimedItem;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import io.notifications.processing.Pipeline;
import io.notifications.processing.PipelineStep;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * An iconik asset's media, streamed from the signed URL iconik gives for it: a proxy when the processor accepts
 * one (smaller, and always a format iconik can play), else the original file. The URL is asked for when the
 * stream is opened, because signed URLs expire. The progress a processor reports shows in the item's iconik job.
 */
@Component
class IconikMedia {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(60);

    /**
     * A refused setting's field: {@code processorConfig.<property>} for one processor (or a pipeline of one step),
     * {@code pipeline[<step>].config.<property>} for a pipeline's step.
     */
    private static final Pattern SETTING =
            Pattern.compile("(?:processorConfig|pipeline\\[(\\d+)]\\.config)\\.([^.\\[]+).*");

    private final IconikClient iconik;
    private final IconikProperties properties;
    private final ObjectMapper objectMapper;
    private final IconikWriteBack writeBack;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    IconikMedia(IconikClient iconik, IconikProperties properties, ObjectMapper objectMapper,
                       IconikWriteBack writeBack) {
        this.iconik = iconik;
        this.writeBack = writeBack;
        this.properties = properties;
        this.objectMapper = objectMapper;
    }

    MediaSource open(ClaimedItem item, boolean proxyAccepted) {
        return new MediaSource(item.id(), item.key(), item.size(),
                () -> download(url(item.assetId(), item.assetVersionId(), proxyAccepted)))
                .onProgress(writeBack.progress(item));
    }

    /**
     * A refused setting that the rule does not configure (or configures otherwise) came from the custom action's
     * form: the error names the form field, e.g. {@code form value 'match_threshold': must be ...}, and for a
     * pipeline the step too, e.g. {@code form value 'match_threshold' (step facial-recognition): must be ...}.
     */
    String configRefused(ClaimedItem item, InvalidProcessorConfigException refused) {
        Matcher setting = SETTING.matcher(refused.field());
        if (setting.matches()) {
            int step = setting.group(1) == null ? 0 : Integer.parseInt(setting.group(1));
            String property = setting.group(2);
            if (item.pipeline() == null ? fromForm(item, property) : fromForm(item, step, property)) {
                return "form value '" + ActionForm.fieldName(property) + "'"
                        + (item.pipeline() == null ? "" : " (step " + stepName(item, step) + ")") + ": "
                        + refused.getMessage();
            }
        }
        return refused.field() + ": " + refused.getMessage();
    }

    private boolean fromForm(ClaimedItem item, String property) {
        if (item.processorConfig() == null) {
            return false;
        }
        JsonNode run;
        try {
            run = objectMapper.readTree(item.processorConfig()).path(property);
        } catch (JsonProcessingException e) {
            return false;
        }
        JsonNode configured = rule(item)
                .map(rule -> rule.processorConfig() == null ? null : rule.processorConfig().get(property))
                .map(value -> (JsonNode) objectMapper.valueToTree(value))
                .orElse(null);
        return !run.isMissingNode() && (configured == null || !configured.equals(run));
    }

    /** The same for a step of a pipeline: its setting differs from the one the rule's step configures. */
    private boolean fromForm(ClaimedItem item, int step, String property) {
        List<PipelineStep> run = Pipeline.fromJson(item.pipeline()).steps();
        if (step >= run.size() || run.get(step).config() == null) {
            return false;
        }
        JsonNode value = run.get(step).config().path(property);
        JsonNode configured = rule(item)
                .map(rule -> rule.toPipeline(objectMapper))
                .filter(pipeline -> step < pipeline.steps().size())
                .map(pipeline -> pipeline.steps().get(step).config())
                .map(config -> config.get(property))
                .orElse(null);
        return !value.isMissingNode() && (configured == null || !configured.equals(value));
    }

    private static String stepName(ClaimedItem item, int step) {
        List<PipelineStep> steps = Pipeline.fromJson(item.pipeline()).steps();
        return step < steps.size() ? steps.get(step).stepName() : String.valueOf(step + 1);
    }

    private Optional<IconikRule> rule(ClaimedItem item) {
        return properties.rules().stream()
                .filter(rule -> rule.name() != null && rule.name().equals(item.ruleName()))
                .findFirst();
    }

    private String url(String assetId, String versionId, boolean proxyAccepted) {
        if (proxyAccepted) {
            String proxy = firstUrl(iconik.proxies(assetId), versionId);
            if (proxy != null) {
                return proxy;
            }
        }
        String original = firstUrl(iconik.files(assetId), versionId);
        if (original == null) {
            // Usually an upload still in progress: the attempt is retried with the item's backoff
            throw new IllegalStateException("iconik asset " + assetId + " has no finished file of version "
                    + versionId + " yet");
        }
        return original;
    }

    /** The URL of a finished rendition of the item's version (or of any version, when iconik does not say). */
    private static String firstUrl(List<JsonNode> renditions, String versionId) {
        return renditions.stream()
                .filter(r -> !r.path("url").asText("").isBlank())
                .filter(r -> r.path("status").isMissingNode() || "CLOSED".equals(r.path("status").asText()))
                .filter(r -> r.path("version_id").asText("").isBlank() || r.path("version_id").asText().equals(versionId))
                .map(r -> r.path("url").asText())
                .findFirst().orElse(null);
    }

    private InputStream download(String url) throws IOException {
        HttpResponse<InputStream> response;
        try {
            // Until the answer starts; a stall while reading the body is the processor's read timeout to catch
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(ANSWER_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading iconik media", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            // The query of a signed URL is its credential: it stays out of the message
            throw new IOException("downloading iconik media from " + URI.create(url).getHost() + " answered HTTP "
                    + response.statusCode());
        }
        return response.body();
    }
}

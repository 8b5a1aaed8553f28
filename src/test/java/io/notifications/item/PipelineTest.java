package io.notifications.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.S3RequestCounter;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import io.notifications.support.TestProcessors.CountingProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Pipelines through the REST API: steps in order on one fetch, conditions, resuming retries, refusals. */
@ServiceTest
class PipelineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    S3RequestCounter s3Requests;

    @Test
    void stepsRunInOrderOnOneFetchOfTheMediaAndEachIsRecordedWithItsOutcomeAndDuration() throws Exception {
        try (Receiver receiver = new Receiver()) {
            store.createBucket("two-steps");
            store.put("two-steps", "fetched-once.txt", "twelve bytes");
            Map<String, Object> settings = pipelineBucket("two-steps", List.of(
                    Map.of("processor", "media-info"),
                    Map.of("processor", "counting", "name", "count")));
            settings.put("active", false);
            long bucketId = api.createBucket(settings).get("id").asLong();
            api.post("/api/webhooks", Map.of("url", receiver.url("/done"), "eventTypes", List.of("item.done"),
                    "bucketId", bucketId, "processor", "counting"));
            settings.put("active", true);
            api.put("/api/buckets/" + bucketId, settings);
            api.post("/api/buckets/" + bucketId + "/scan", Map.of());

            JsonNode item = awaitStatus(bucketId, "fetched-once.txt", "DONE");
            assertThat(s3Requests.gets("fetched-once.txt")).as("the media is fetched once for both steps")
                    .isEqualTo(1);
            JsonNode steps = item.get("steps");
            assertThat(steps).hasSize(2);
            assertThat(steps.at("/0/name").asText()).isEqualTo("media-info");
            assertThat(steps.at("/0/outcome").asText()).isEqualTo("DONE");
            assertThat(steps.at("/0/durationMs").isIntegralNumber()).isTrue();
            assertThat(steps.at("/0/result/size").asLong()).isEqualTo(12);
            assertThat(steps.at("/1/name").asText()).isEqualTo("count");
            assertThat(steps.at("/1/processor").asText()).isEqualTo("counting");
            assertThat(steps.at("/1/outcome").asText()).isEqualTo("DONE");
            assertThat(steps.at("/1/result/processed").asText()).isEqualTo("fetched-once.txt");
            // The result holds each step's under its name
            assertThat(item.at("/result/media-info/contentType").asText()).isEqualTo("text/plain");
            assertThat(item.at("/result/count/processed").asText()).isEqualTo("fetched-once.txt");

            // The subscription names the second step's processor; the event carries every step
            await().atMost(PATIENCE).until(() -> !receiver.requests().isEmpty());
            JsonNode event = new ObjectMapper().readTree(receiver.requests().get(0).body());
            assertThat(event.get("processor").asText()).isEqualTo("media-info");
            assertThat(event.get("processors")).hasSize(2);
            assertThat(event.at("/steps/1/result/processed").asText()).isEqualTo("fetched-once.txt");
            assertThat(event.at("/result/media-info/size").asLong()).isEqualTo(12);
        }
    }

    @Test
    void aStepWhoseConditionIsFalseIsSkippedAndOneWhoseConditionHoldsRuns() {
        store.createBucket("conditions");
        store.put("conditions", "notes.txt", "just text");
        long bucketId = createActive(pipelineBucket("conditions", List.of(
                Map.of("processor", "media-info"),
                Map.of("processor", "counting", "name", "videos-only", "when", "contentType matches 'video/.*'"),
                Map.of("processor", "counting", "name", "texts",
                        "when", "{'text/plain', 'text/csv'}.contains(steps['media-info'].contentType)"),
                Map.of("processor", "counting", "name", "no-such-field", "when", "durationSeconds > 60"))));

        JsonNode steps = awaitStatus(bucketId, "notes.txt", "DONE").get("steps");
        assertThat(steps.at("/1/outcome").asText()).isEqualTo("SKIPPED");
        assertThat(steps.at("/1/reason").asText()).contains("contentType matches 'video/.*'").contains("false");
        assertThat(steps.at("/1/durationMs").isMissingNode()).isTrue();
        assertThat(steps.at("/2/outcome").asText()).isEqualTo("DONE");
        // A name no earlier step reported is null, and null > 60 is false
        assertThat(steps.at("/3/outcome").asText()).isEqualTo("SKIPPED");
    }

    @Test
    void aRetryResumesAtTheFirstStepThatDidNotFinish() {
        store.createBucket("resuming");
        store.put("resuming", "once.txt", "counted once");
        long bucketId = createActive(pipelineBucket("resuming", List.of(
                Map.of("processor", "counting", "name", "first"),
                Map.of("processor", "flaky", "config", Map.of("failures", 1)))));

        JsonNode item = awaitStatus(bucketId, "once.txt", "DONE");
        assertThat(item.get("attempts").asInt()).isEqualTo(2);
        assertThat(CountingProcessor.EVERY_NODE.get("once.txt").get())
                .as("the first step finished in attempt 1 and was not run again").isEqualTo(1);
        JsonNode steps = item.get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.at("/0/outcome").asText()).isEqualTo("DONE");
        assertThat(steps.at("/1/outcome").asText()).isEqualTo("DONE");
        assertThat(steps.at("/1/result/attempt").asInt()).isEqualTo(2);
        assertThat(item.get("lastError").isNull()).isTrue();
    }

    @Test
    void newContentOfAFailedObjectRunsFromTheFirstStepAgain() {
        store.createBucket("new-content");
        store.put("new-content", "changing.txt", "first version");
        long bucketId = createActive(pipelineBucket("new-content", List.of(
                Map.of("processor", "counting", "name", "first"),
                Map.of("processor", "always-fails"))));
        awaitStatus(bucketId, "changing.txt", "FAILED");
        assertThat(CountingProcessor.EVERY_NODE.get("changing.txt").get())
                .as("the retries of the run resumed after the first step").isEqualTo(1);

        store.put("new-content", "changing.txt", "second version");
        api.post("/api/buckets/" + bucketId + "/scan", Map.of());
        await().atMost(PATIENCE).until(() -> CountingProcessor.EVERY_NODE.get("changing.txt").get() == 2);
        JsonNode item = awaitStatus(bucketId, "changing.txt", "FAILED");
        assertThat(item.at("/steps/0/outcome").asText()).isEqualTo("DONE");
        assertThat(CountingProcessor.EVERY_NODE.get("changing.txt").get()).isEqualTo(2);
    }

    @Test
    void aFailedStepIsNamedInTheErrorAndKeptWithTheStepsBeforeIt() {
        store.createBucket("failing-step");
        store.put("failing-step", "bad.txt", "bad");
        long bucketId = createActive(pipelineBucket("failing-step", List.of(
                Map.of("processor", "media-info"),
                Map.of("processor", "always-fails", "config", Map.of("message", "decoder exploded")))));

        JsonNode item = awaitStatus(bucketId, "bad.txt", "FAILED");
        assertThat(item.get("lastError").asText()).contains("step 2 of 2 (always-fails)").contains("decoder exploded");
        JsonNode steps = item.get("steps");
        assertThat(steps.at("/0/outcome").asText()).isEqualTo("DONE");
        assertThat(steps.at("/1/outcome").asText()).isEqualTo("FAILED");
        assertThat(steps.at("/1/reason").asText()).contains("decoder exploded");
    }

    @Test
    void theApiRefusesABadPipelineNamingTheStepAndField() {
        Map<String, Object> settings = pipelineBucket("refused", List.of(
                Map.of("processor", "media-info"),
                Map.of("processor", "flaky", "config", Map.of("failures", "many"))));
        assertRefused(settings, "pipeline[1].config.failures", "must be a number");

        assertRefused(pipelineBucket("refused", List.of(Map.of("processor", "no-such"))),
                "pipeline[0].processor", "unknown processor 'no-such'");
        assertRefused(pipelineBucket("refused", List.of(Map.of("processor", "media-info"),
                Map.of("processor", "counting", "when", "mediaType in ['image','video']"))),
                "pipeline[1].when", "not a valid condition");
        assertRefused(pipelineBucket("refused", List.of(Map.of("processor", "counting"),
                Map.of("processor", "counting"))), "pipeline[1].processor", "a step named 'counting' comes earlier");
        assertRefused(pipelineBucket("refused", List.of(Map.of("processor", "media-info", "gallery", "staff"))),
                "pipeline[0].gallery", "is not a known field");
        assertRefused(pipelineBucket("refused", List.of()), "pipeline", "must have 1 to 10 steps");
        Map<String, Object> both = pipelineBucket("refused", List.of(Map.of("processor", "media-info")));
        both.put("processor", "media-info");
        assertRefused(both, "pipeline", "either a pipeline or a processor");
    }

    @Test
    void aBucketShowsItsPipelineAndAOneProcessorBucketShowsItsProcessorAsOneStep() {
        store.createBucket("shown");
        JsonNode pipelineBucket = api.createBucket(pipelineBucket("shown", List.of(
                Map.of("processor", "media-info", "config", Map.of("sha256", false)),
                Map.of("processor", "counting", "when", "size > 0"))));
        assertThat(pipelineBucket.at("/pipeline/0/config/sha256").asBoolean(true)).isFalse();
        assertThat(pipelineBucket.at("/pipeline/1/when").asText()).isEqualTo("size > 0");
        assertThat(pipelineBucket.get("processor").asText()).isEqualTo("media-info");

        Map<String, Object> single = store.bucketSettings("S3", "shown-single", "media-info");
        single.put("active", false);
        JsonNode singleBucket = api.createBucket(single);
        assertThat(singleBucket.get("pipeline")).hasSize(1);
        assertThat(singleBucket.at("/pipeline/0/processor").asText()).isEqualTo("media-info");
    }

    private void assertRefused(Map<String, Object> settings, String field, String message) {
        Api.Response response = api.post("/api/buckets", settings);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().at("/fields/" + field.replace("/", "~1")).asText()).as(response.body())
                .contains(message);
    }

    private Map<String, Object> pipelineBucket(String name, List<Map<String, Object>> steps) {
        Map<String, Object> settings = store.bucketSettings("S3", name, null);
        settings.remove("processor");
        settings.put("pipeline", new ArrayList<>(steps));
        return settings;
    }

    /** Created active: its first scan finds the objects already there. */
    private long createActive(Map<String, Object> settings) {
        return api.createBucket(settings).get("id").asLong();
    }

    private JsonNode awaitStatus(long bucketId, String key, String status) {
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucketId).get("total").asInt() == 1
                && api.item(bucketId, key).get("status").asText().equals(status));
        return api.get("/api/items/" + api.item(bucketId, key).get("id").asLong()).json();
    }
}

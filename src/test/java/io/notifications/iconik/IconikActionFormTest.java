package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.embedded.IconikSimulator;
import io.notifications.item.ItemRepository;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * The form a user fills in when running a custom action: its values are that run's processor settings, or, for a
 * rule with a pipeline, settings of each step whose processor has them.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=faces-on-demand",
        "iconik.rules[0].processor=facial-recognition",
        "iconik.rules[0].processor-config.model=tiny",
        "iconik.rules[0].processor-config.minFaceSize=10",
        "iconik.rules[0].actions[0]=find-faces",
        "iconik.rules[1].name=info-and-faces",
        "iconik.rules[1].pipeline[0].processor=media-info",
        "iconik.rules[1].pipeline[1].processor=facial-recognition",
        "iconik.rules[1].pipeline[1].name=faces",
        "iconik.rules[1].pipeline[1].config.model=tiny",
        "iconik.rules[1].pipeline[1].config.minFaceSize=10",
        "iconik.rules[1].actions[0]=info-and-faces"})
class IconikActionFormTest {

    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    ItemRepository items;
    @Autowired
    ObjectMapper objectMapper;

    @Test
    void formValuesAreTheRunsSettingsOverTheRulesAndARunWithoutThemHasTheRulesAgain() throws Exception {
        String asset = asset();
        run(asset, """
                "metadata_values": {
                  "model": {"field_values": [{"value": "ssd"}]},
                  "gallery": {"field_values": [{"value": "staff"}]},
                  "match_threshold": {"field_values": [{"value": "0.4"}]},
                  "ticket_number": {"field_values": [{"value": "T-1"}]}
                }""");
        JsonNode item = awaitItem(asset, "DONE");
        assertThat(item.at("/result/model").asText()).isEqualTo("ssd");
        // A gallery was chosen: every face says who it is (here nobody known)
        assertThat(item.at("/result/faces")).isNotEmpty()
                .allSatisfy(face -> assertThat(face.at("/person/name").asText()).isEqualTo("unknown"));
        // Kept on the item, so that a retry runs with the same settings; the unrelated form field is left out
        assertThat(storedConfig(item)).isEqualTo(objectMapper.readTree("""
                {"model": "ssd", "minFaceSize": "10", "gallery": "staff", "matchThreshold": "0.4"}"""));

        String firstFinish = item.get("finishedAt").asText();
        run(asset, "");
        await().atMost(PATIENCE).until(() -> {
            JsonNode again = api.items("asset=" + asset).at("/items/0");
            return again.get("status").asText().equals("DONE") && !again.get("finishedAt").asText().equals(firstFinish);
        });
        JsonNode again = api.items("asset=" + asset).at("/items/0");
        assertThat(again.at("/result/model").asText()).isEqualTo("tiny");
        assertThat(again.at("/result/faces/0/person").isMissingNode()).isTrue();
        assertThat(storedConfig(again)).isEqualTo(objectMapper.readTree("""
                {"model": "tiny", "minFaceSize": "10"}"""));
    }

    @Test
    void aBadFormValueFailsTheItemAtOnceWithAClearErrorThatTheIconikJobShows() throws Exception {
        String asset = asset();
        run(asset, """
                "metadata_values": {"match_threshold": {"field_values": [{"value": "5"}]}}""");
        JsonNode item = awaitItem(asset, "FAILED");
        String error = "form value 'match_threshold': must be less than or equal to 2.0";
        assertThat(item.get("lastError").asText()).endsWith(error);
        assertThat(item.get("attempts").asInt()).isOne();
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(asset))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("status").asText()).isEqualTo("FAILED");
                    assertThat(job.path("error_message").asText()).isEqualTo(error);
                });
    }

    @Test
    void aFormValueOfTheWrongTypeNamesTheFormField() throws Exception {
        String asset = asset();
        run(asset, """
                "metadata_values": {"maxFaces": {"field_values": [{"value": "many"}]}}""");
        assertThat(awaitItem(asset, "FAILED").get("lastError").asText())
                .endsWith("form value 'max_faces': must be a number");
    }

    @Test
    void inAPipelineEachFormValueGoesToTheStepsWhoseProcessorHasThatSetting() throws Exception {
        String asset = asset();
        run("info-and-faces", asset, """
                "metadata_values": {
                  "sha256": {"field_values": [{"value": "false"}]},
                  "gallery": {"field_values": [{"value": "staff"}]},
                  "ticket_number": {"field_values": [{"value": "T-1"}]}
                }""");
        JsonNode item = awaitItem(asset, "DONE");
        assertThat(item.at("/steps/1/result/faces")).isNotEmpty()
                .allSatisfy(face -> assertThat(face.at("/person/name").asText()).isEqualTo("unknown"));
        // Kept on the item's pipeline, each value in its step's config over the rule's; the unrelated field left out
        assertThat(objectMapper.readTree(items.findById(item.get("id").asLong()).orElseThrow().getPipeline()))
                .isEqualTo(objectMapper.readTree("""
                        [{"processor": "media-info", "config": {"sha256": "false"}},
                         {"name": "faces", "processor": "facial-recognition",
                          "config": {"model": "tiny", "minFaceSize": "10", "gallery": "staff"}}]"""));
    }

    @Test
    void aBadFormValueInAPipelineNamesTheFormFieldAndTheStep() {
        String asset = asset();
        run("info-and-faces", asset, """
                "metadata_values": {"match_threshold": {"field_values": [{"value": "5"}]}}""");
        JsonNode item = awaitItem(asset, "FAILED");
        String error = "form value 'match_threshold' (step faces): must be less than or equal to 2.0";
        assertThat(item.get("lastError").asText()).endsWith(error);
        assertThat(item.get("attempts").asInt()).isOne();
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(asset))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("title").asText()).isEqualTo("media-info + faces: astronaut.png");
                    assertThat(job.path("error_message").asText()).isEqualTo(error);
                });
    }

    private String asset() {
        String id = UUID.randomUUID().toString();
        iconik.addDemoAsset(id, "v1-" + id.substring(0, 8), "astronaut.png", "image/png");
        return id;
    }

    private void run(String asset, String form) {
        run("find-faces", asset, form);
    }

    private void run(String actionId, String asset, String form) {
        String action = "{\"action_id\": \"" + actionId + "\", \"asset_ids\": [\"" + asset + "\"], "
                + "\"context\": \"ASSET\"" + (form.isEmpty() ? "" : ", " + form) + "}";
        var accepted = api.post("/api/iconik/actions", action, SECRET);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("created").asInt()).isOne();
    }

    private JsonNode storedConfig(JsonNode item) throws Exception {
        return objectMapper.readTree(items.findById(item.get("id").asLong()).orElseThrow().getProcessorConfig());
    }

    private JsonNode awaitItem(String assetId, String status) {
        await().atMost(PATIENCE).until(() -> {
            JsonNode found = api.items("asset=" + assetId).get("items");
            return found.size() == 1 && found.get(0).get("status").asText().equals(status);
        });
        return api.items("asset=" + assetId).get("items").get(0);
    }
}

package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * A video asset in iconik: its faces are found in the proxy and written back as time-based PERSON segments. An
 * attempt that fails after its crops were stored (here, in the write-back) leaves none behind.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=faces",
        "iconik.rules[0].processor=facial-recognition",
        "iconik.rules[0].processor-config.frameInterval=0.5",
        "iconik.rules[0].metadata-view=fa5e0000-0000-4000-8000-000000000001",
        "iconik.rules[0].events[0]=assets.*.create"})
class IconikFacesTest {

    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anAttemptThatFailsAfterStoringCropsLeavesNoneAndTheRetriedRunKeepsItsOwn() throws Exception {
        String picture = UUID.randomUUID().toString();
        iconik.addAsset(new IconikSimulator.Asset(picture, UUID.randomUUID().toString(), "astronaut.png",
                "image/png", FacialRecognitionTest.media("astronaut.png")));
        // The faces are found and cropped; then iconik refuses the result (a 4xx is not retried): FAILED
        iconik.fail("/API/metadata/v1/assets/" + picture + "/", 400, 1, null);
        assertThat(api.post("/api/iconik/events", iconik.assetEvent(picture, "create"), SECRET).status())
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("asset=" + picture + "&status=FAILED").get("total").asInt() == 1);
        JsonNode failed = api.items("asset=" + picture).at("/items/0");
        assertThat(failed.get("lastError").asText()).contains("400");
        long itemId = failed.get("id").asLong();
        assertThat(cropNames(itemId)).isEmpty();

        assertThat(api.post("/api/items/" + itemId + "/retry", Map.of()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("asset=" + picture + "&status=DONE").get("total").asInt() == 1);
        JsonNode result = api.get("/api/items/" + itemId).json().get("result");
        assertThat(result.get("faceCount").asInt()).isOne();
        assertThat(cropNames(itemId)).containsExactly(result.at("/faces/0/crop").asText());
    }

    @Test
    void facesInAVideoAssetBecomePersonSegmentsInIconik() throws Exception {
        String video = UUID.randomUUID().toString();
        iconik.addAsset(new IconikSimulator.Asset(video, UUID.randomUUID().toString(), "Megamind.avi",
                "video/x-msvideo", FacialRecognitionTest.media("Megamind.avi")));
        var accepted = api.post("/api/iconik/events", iconik.assetEvent(video, "create"), SECRET);
        assertThat(accepted.status()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("asset=" + video + "&status=DONE").get("total").asInt() == 1);
        JsonNode result = api.items("asset=" + video).at("/items/0/result");
        assertThat(result.get("faceCount").asInt()).isGreaterThanOrEqualTo(1);

        assertThat(iconik.requests()).anyMatch(r -> r.path().equals("/API/files/v1/assets/" + video + "/proxies/"));
        assertThat(iconik.segments(video)).hasSize(result.get("faceCount").asInt()).allSatisfy(segment -> {
            assertThat(segment.path("segment_type").asText()).isEqualTo("PERSON");
            assertThat(segment.path("time_end_milliseconds").asLong())
                    .isGreaterThan(segment.path("time_start_milliseconds").asLong());
        });
        // The job's progress moves with the sampled frames, in steps, within the budget of about ten PATCHes
        String job = iconik.jobs().stream().filter(j -> j.path("object_id").asText().equals(video))
                .findFirst().orElseThrow().path("id").asText();
        List<Integer> progress = iconik.requests().stream()
                .filter(r -> r.method().equals("PATCH") && r.path().equals("/API/jobs/v1/jobs/" + job + "/"))
                .map(r -> r.body().replaceAll(".*\"progress_processed\":(\\d+).*", "$1"))
                .map(Integer::valueOf).toList();
        System.out.println("Job progress of the video: " + progress);
        assertThat(progress).hasSizeLessThanOrEqualTo(10).isSorted().endsWith(100)
                .filteredOn(p -> p > 0 && p < 100).hasSizeGreaterThanOrEqualTo(3).doesNotHaveDuplicates();
        assertThat(iconik.metadata(video, "fa5e0000-0000-4000-8000-000000000001")
                .at("/metadata_values/faceCount/field_values/0/value").asText())
                .isEqualTo(result.get("faceCount").asText());
    }

    private List<String> cropNames(long itemId) {
        return jdbc.queryForList("select name from face_crop where item_id = ?", String.class, itemId);
    }
}

package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * What one asset costs in iconik API calls, counted by the simulator: one job per item for all its attempts, no
 * proxy look-up for a processor that takes originals only, no file look-up once a proxy is found. Each rule is run
 * by a custom action of its own, but for one that asset-create events run. Prints the calls per asset of each path.
 * A rule with a pipeline costs what one processor does: one job, one media fetch, one metadata PUT for all steps.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=flaky",
        "iconik.rules[0].processor=flaky",
        "iconik.rules[0].processor-config.failures=2",
        "iconik.rules[0].metadata-view=view-flaky",
        "iconik.rules[0].events[0]=none.none.none",
        "iconik.rules[0].actions[0]=action-flaky",
        "iconik.rules[1].name=info",
        "iconik.rules[1].processor=media-info",
        "iconik.rules[1].metadata-view=view-info",
        "iconik.rules[1].events[0]=none.none.none",
        "iconik.rules[1].actions[0]=action-info",
        "iconik.rules[2].name=faces",
        "iconik.rules[2].processor=facial-recognition",
        "iconik.rules[2].metadata-view=view-faces",
        "iconik.rules[2].events[0]=none.none.none",
        "iconik.rules[2].actions[0]=action-faces",
        "iconik.rules[3].name=timeline",
        "iconik.rules[3].processor=timeline",
        "iconik.rules[3].metadata-view=view-timeline",
        "iconik.rules[3].events[0]=none.none.none",
        "iconik.rules[3].actions[0]=action-timeline",
        "iconik.rules[4].name=on-event",
        "iconik.rules[4].processor=media-info",
        "iconik.rules[4].metadata-view=view-event",
        "iconik.rules[4].events[0]=assets.entity.create",
        "iconik.rules[5].name=long-timeline",
        "iconik.rules[5].processor=timeline",
        "iconik.rules[5].processor-config.segments=501",
        "iconik.rules[5].events[0]=none.none.none",
        "iconik.rules[5].actions[0]=action-long-timeline",
        "iconik.rules[6].name=info-then-timeline",
        "iconik.rules[6].pipeline[0].processor=media-info",
        "iconik.rules[6].pipeline[1].processor=timeline",
        "iconik.rules[6].pipeline[1].when=contentType matches 'video/.*'",
        "iconik.rules[6].metadata-view=view-pipeline",
        "iconik.rules[6].events[0]=none.none.none",
        "iconik.rules[6].actions[0]=action-pipeline",
        "iconik.rules[7].name=mapped",
        "iconik.rules[7].pipeline[0].processor=media-info",
        "iconik.rules[7].pipeline[1].processor=timeline",
        "iconik.rules[7].pipeline[1].name=scenes",
        "iconik.rules[7].metadata-view=view-mapped",
        "iconik.rules[7].metadata-fields[media-info.size]=file_size",
        "iconik.rules[7].metadata-fields[scenes.segments.1.text]=second_scene",
        "iconik.rules[7].metadata-fields[bytes]=bytes_read",
        "iconik.rules[7].metadata-fields[media-info.no-such-value]=nothing",
        "iconik.rules[7].segments=false",
        "iconik.rules[7].events[0]=none.none.none",
        "iconik.rules[7].actions[0]=action-mapped"})
class IconikCallsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;

    @Test
    void anItemThatFailsTwiceThenSucceedsHasOneJobForAllItsAttempts() throws Exception {
        String asset = asset("rocket.jpg", "image/jpeg");
        run("action-flaky", List.of(asset), List.of());

        JsonNode item = awaitDone(asset);
        System.out.printf("ICONIK CALLS image, failing twice then done (3 attempts): %d: %s%n", calls(asset).size(),
                describe(calls(asset)));
        assertThat(item.get("attempts").asInt()).isEqualTo(3);
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(asset))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("status").asText()).isEqualTo("FINISHED");
                    assertThat(job.path("progress_processed").asInt()).isEqualTo(100);
                });
        assertThat(iconik.requests()).filteredOn(r -> r.method().equals("POST") && r.path().equals("/API/jobs/v1/jobs/"))
                .filteredOn(r -> r.body().contains(asset)).hasSize(1);
        // asset GET, job POST, then each attempt a file look-up and the job FAILED or FINISHED, each retry the job
        // STARTED again; the metadata PUT
        assertThat(calls(asset)).hasSize(1 + 1 + 3 + 3 + 2 + 1);
        String job = jobIds(asset).iterator().next();
        // Each retry set the same job back to STARTED with its progress reset
        assertThat(iconik.requests()).filteredOn(r -> r.method().equals("PATCH") && r.path().contains(job))
                .filteredOn(r -> r.body().contains("\"STARTED\"") && r.body().contains("\"progress_processed\":0"))
                .hasSize(2);
        assertThat(iconik.requests()).filteredOn(r -> r.method().equals("PATCH") && r.path().contains(job))
                .filteredOn(r -> r.body().contains("\"FAILED\"")).hasSize(2);
    }

    @Test
    void eachPathCostsOnlyTheCallsItNeeds() throws Exception {
        String info = asset("astronaut.png", "image/png");
        run("action-info", List.of(info), List.of());
        awaitDone(info);
        String faces = asset("chelsea.png", "image/png");
        run("action-faces", List.of(faces), List.of());
        awaitDone(faces);
        String video = UUID.randomUUID().toString();
        iconik.addDemoAsset(video, "v1-" + video.substring(0, 8), "Megamind.avi", "video/x-msvideo");
        run("action-timeline", List.of(video), List.of());
        awaitDone(video);
        String collection = UUID.randomUUID().toString();
        List<String> members = List.of(asset("coffee.png", "image/png"), asset("camera.png", "image/png"),
                asset("basketball1.png", "image/png"));
        iconik.addCollection(collection, members);
        run("action-info", List.of(), List.of(collection));
        members.forEach(this::awaitDone);

        String announced = asset("rocket.jpg", "image/jpeg");
        assertThat(api.post("/api/iconik/events", iconik.assetEvent(announced, "create"), SECRET).status())
                .isEqualTo(202);
        awaitDone(announced);
        String carried = asset("rocket.jpg", "image/jpeg");
        assertThat(api.post("/api/iconik/events", iconik.assetEventInFull(carried, "create"), SECRET).status())
                .isEqualTo(202);
        awaitDone(carried);

        Map<String, Long> table = new LinkedHashMap<>();
        table.put("image, media-info", calls(info).size() + 0L);
        table.put("image, media-info, event with id and title", calls(announced).size() + 0L);
        table.put("image, media-info, event carrying the asset", calls(carried).size() + 0L);
        table.put("image, facial-recognition + metadata", calls(faces).size() + 0L);
        table.put("video, timeline segments + metadata", calls(video).size() + 0L);
        long collectionCalls = iconik.requests().stream().filter(r -> r.path().contains(collection)).count();
        long memberCalls = members.stream().mapToLong(m -> calls(m).size()).sum();
        table.put("collection of 3 images, media-info: total", collectionCalls + memberCalls);
        System.out.println("ICONIK CALLS PER ASSET");
        table.forEach((path, count) -> System.out.printf("  %-45s %d%n", path, count));
        System.out.println("  image, media-info: " + describe(calls(info)));
        System.out.println("  image, facial-recognition: " + describe(calls(faces)));
        System.out.println("  video, timeline: " + describe(calls(video)));
        System.out.println("  collection: " + describe(iconik.requests().stream()
                .filter(r -> r.path().contains(collection)).toList()) + " + per member "
                + describe(calls(members.get(0))));

        // media-info takes originals only: no proxy look-up
        assertThat(calls(info)).noneMatch(r -> r.path().endsWith("/proxies/"))
                .anyMatch(r -> r.path().endsWith("/files/"));
        // A proxy found: no file look-up
        assertThat(calls(faces)).anyMatch(r -> r.path().endsWith("/proxies/"))
                .noneMatch(r -> r.path().endsWith("/files/"));
        assertThat(calls(video)).anyMatch(r -> r.path().endsWith("/proxies/"))
                .noneMatch(r -> r.path().endsWith("/files/"));
        // The assets of a collection come with its contents: no asset GET for each
        assertThat(members).allSatisfy(member -> assertThat(calls(member))
                .noneMatch(r -> r.path().equals("/API/assets/v1/assets/" + member + "/")));
        // An event that carries the asset with its versions: no asset GET
        assertThat(calls(announced)).anyMatch(r -> r.path().equals("/API/assets/v1/assets/" + announced + "/"));
        assertThat(calls(carried)).noneMatch(r -> r.path().equals("/API/assets/v1/assets/" + carried + "/"));
        // asset GET, job POST, one rendition look-up, metadata PUT, job FINISHED (+ one POST of both segments)
        assertThat(table.values()).containsExactly(5L, 5L, 4L, 5L, 6L, 2 + 3 * 4L);
        for (String asset : List.of(info, announced, carried, faces, video, members.get(0))) {
            assertThat(calls(asset)).filteredOn(r -> r.method().equals("POST") && r.path().equals("/API/jobs/v1/jobs/"))
                    .hasSize(1);
        }
    }

    @Test
    void segmentsAreWrittenInBulkFiveHundredToACall() throws Exception {
        String video = UUID.randomUUID().toString();
        iconik.addDemoAsset(video, "v1-" + video.substring(0, 8), "Megamind.avi", "video/x-msvideo");
        run("action-long-timeline", List.of(video), List.of());
        awaitDone(video);

        assertThat(iconik.segments(video)).hasSize(503);
        assertThat(calls(video)).filteredOn(r -> r.path().contains("/segments/"))
                .extracting(r -> r.method() + " " + r.path().replace(video, "{id}"))
                .containsExactly("POST /API/assets/v1/assets/{id}/segments/bulk/",
                        "POST /API/assets/v1/assets/{id}/segments/bulk/");
    }

    @Test
    void aPipelineRuleRunsItsStepsInOneJobOnOneFetchAndWritesEveryStepsResults() throws Exception {
        String video = UUID.randomUUID().toString();
        iconik.addDemoAsset(video, "v1-" + video.substring(0, 8), "Megamind.avi", "video/x-msvideo");
        String image = asset("rocket.jpg", "image/jpeg");
        run("action-pipeline", List.of(video, image), List.of());

        JsonNode item = awaitDone(video);
        System.out.printf("ICONIK CALLS video, pipeline media-info + timeline: %d: %s%n", calls(video).size(),
                describe(calls(video)));
        // The first step's processor stands for the pipeline; each step is recorded with its outcome
        assertThat(item.get("processor").asText()).isEqualTo("media-info");
        JsonNode steps = item.get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.at("/0/name").asText()).isEqualTo("media-info");
        assertThat(steps.at("/0/outcome").asText()).isEqualTo("DONE");
        assertThat(steps.at("/1/name").asText()).isEqualTo("timeline");
        assertThat(steps.at("/1/outcome").asText()).isEqualTo("DONE");
        // One metadata PUT holds the scalars of both steps
        JsonNode values = iconik.metadata(video, "view-pipeline").get("metadata_values");
        assertThat(values.at("/contentType/field_values/0/value").asText())
                .isEqualTo(steps.at("/0/result/contentType").asText()).startsWith("video/");
        assertThat(values.at("/size/field_values/0/value").asLong()).isEqualTo(steps.at("/0/result/size").asLong());
        assertThat(values.at("/bytes/field_values/0/value").asLong()).isEqualTo(steps.at("/1/result/bytes").asLong());
        assertThat(iconik.segments(video)).extracting(segment -> segment.path("segment_text").asText())
                .containsExactly("first", "second");
        // asset GET, job POST, one rendition look-up (media-info takes originals: no proxy), metadata PUT, one
        // POST of the segments, job FINISHED
        assertThat(calls(video)).filteredOn(r -> r.method().equals("POST") && r.path().equals("/API/jobs/v1/jobs/"))
                .hasSize(1);
        assertThat(calls(video)).filteredOn(r -> r.path().endsWith("/files/")).hasSize(1);
        assertThat(calls(video)).noneMatch(r -> r.path().endsWith("/proxies/"));
        assertThat(calls(video)).hasSize(6);
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(video))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("title").asText()).isEqualTo("media-info + timeline: Megamind.avi");
                    assertThat(job.path("status").asText()).isEqualTo("FINISHED");
                });

        // The image: the timeline's condition is false, so no segments, and media-info's results are written
        JsonNode imageSteps = awaitDone(image).get("steps");
        assertThat(imageSteps.at("/0/outcome").asText()).isEqualTo("DONE");
        assertThat(imageSteps.at("/1/outcome").asText()).isEqualTo("SKIPPED");
        assertThat(iconik.metadata(image, "view-pipeline").at("/metadata_values/contentType/field_values/0/value")
                .asText()).isEqualTo("image/jpeg");
        assertThat(calls(image)).noneMatch(r -> r.path().contains("/segments/"));
    }

    @Test
    void metadataFieldsNameValuesByTheirPathInAStepsResult() throws Exception {
        String video = UUID.randomUUID().toString();
        iconik.addDemoAsset(video, "v1-" + video.substring(0, 8), "Megamind.avi", "video/x-msvideo");
        run("action-mapped", List.of(video), List.of());

        JsonNode steps = awaitDone(video).get("steps");
        JsonNode values = iconik.metadata(video, "view-mapped").get("metadata_values");
        // Only the mapped values, each under its field: a step's by its name, a nested one by its dotted path, an
        // unprefixed one from the step that has it; a path no result has is left out
        assertThat(values.fieldNames()).toIterable().containsExactlyInAnyOrder("file_size", "second_scene",
                "bytes_read");
        assertThat(values.at("/file_size/field_values/0/value").asLong())
                .isEqualTo(steps.at("/0/result/size").asLong());
        assertThat(values.at("/second_scene/field_values/0/value").asText()).isEqualTo("second");
        assertThat(values.at("/bytes_read/field_values/0/value").asLong())
                .isEqualTo(steps.at("/1/result/bytes").asLong());
        // Segments are off for this rule
        assertThat(calls(video)).noneMatch(r -> r.path().contains("/segments/"));
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(video))
                .singleElement().satisfies(job ->
                        assertThat(job.path("title").asText()).isEqualTo("media-info + scenes: Megamind.avi"));
    }

    /** The iconik API calls made for an asset: on its paths, and on its jobs. Media downloads are not API calls. */
    private List<IconikSimulator.Request> calls(String asset) {
        Set<String> jobs = jobIds(asset);
        return iconik.requests().stream()
                .filter(r -> r.path().startsWith("/API/"))
                .filter(r -> r.path().contains(asset) || jobs.stream().anyMatch(r.path()::contains)
                        || (r.method().equals("POST") && r.path().equals("/API/jobs/v1/jobs/")
                            && r.body() != null && r.body().contains(asset)))
                .toList();
    }

    private Set<String> jobIds(String asset) {
        return iconik.jobs().stream().filter(job -> job.path("object_id").asText().equals(asset))
                .map(job -> job.path("id").asText()).collect(Collectors.toSet());
    }

    private static String describe(List<IconikSimulator.Request> calls) {
        return calls.stream().map(r -> r.method() + " " + r.path().replaceAll("[0-9a-f-]{36}", "{id}"))
                .collect(Collectors.joining(", "));
    }

    private void run(String action, List<String> assets, List<String> collections) throws Exception {
        String body = "{\"action_id\": \"" + action + "\", \"asset_ids\": " + jsonArray(assets)
                + ", \"collection_ids\": " + jsonArray(collections) + "}";
        assertThat(api.post("/api/iconik/actions", body, SECRET).status()).isEqualTo(202);
    }

    private static String jsonArray(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(", ", "[", "]"));
    }

    private String asset(String file, String mediaType) {
        String id = UUID.randomUUID().toString();
        iconik.addDemoAsset(id, "v1-" + id.substring(0, 8), file, mediaType);
        return id;
    }

    private JsonNode awaitDone(String asset) {
        await().atMost(PATIENCE).until(() -> {
            JsonNode items = api.items("asset=" + asset).get("items");
            return items.size() == 1 && items.get(0).get("status").asText().equals("DONE");
        });
        return api.items("asset=" + asset).get("items").get(0);
    }
}

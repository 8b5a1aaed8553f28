package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;

/**
 * The iconik client and the simulator keep to iconik's published OpenAPI specs: every request the service makes
 * matches a path, a method, its parameters and the required fields of its body, and every answer the simulator
 * gives validates against the response schema. The specs are copies of ../shared/iconik-openapi.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=contract",
        "iconik.rules[0].processor=media-info",
        "iconik.rules[0].metadata-view=9b7a3a2e-0000-4000-8000-000000000001",
        "iconik.rules[0].events[0]=assets.*.create",
        "iconik.rules[0].events[1]=collections.entity.update",
        "iconik.rules[0].actions[0]=contract-action",
        "iconik.rules[1].name=timeline",
        "iconik.rules[1].processor=timeline",
        "iconik.rules[1].events[0]=collections.entity.update"})
class IconikContractTest {

    private static final Map<String, OpenApiInteractionValidator> SPECS = Map.of(
            "/API/assets/", validator("assets"),
            "/API/files/", validator("files"),
            "/API/jobs/", validator("jobs"),
            "/API/metadata/", validator("metadata"));
    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;

    @Test
    void everyCallAndEveryAnswerMatchesIconiksSpecs() {
        String image = asset("astronaut.png", "image/png");
        String video = asset("Megamind.avi", "video/x-msvideo");
        String failing = asset("coffee.png", "image/png");
        String collection = UUID.randomUUID().toString();
        iconik.addCollection(collection, List.of(image, video));
        iconik.fail("/API/files/v1/assets/" + failing + "/files/", 403, 1, null);

        assertThat(api.post("/api/iconik/events", iconik.collectionEvent(collection, "update"), SECRET).status()).isEqualTo(202);
        assertThat(api.post("/api/iconik/events", iconik.assetEvent(failing, "create"), SECRET).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api.items("source=iconik&status=DONE").get("total").asInt() == 4
                        && api.items("source=iconik&status=FAILED").get("total").asInt() == 1);
        // The FAILED job update is the last call; it is logged once answered
        await().atMost(Duration.ofSeconds(10)).until(() -> iconik.requests().stream()
                .anyMatch(r -> r.method().equals("PATCH") && r.body().contains("\"FAILED\"")));

        List<IconikSimulator.Request> calls = iconik.requests();
        assertThat(calls).extracting(r -> r.method() + " " + r.path().replaceAll("[0-9a-f-]{36}", "{id}"))
                .contains("GET /API/assets/v1/collections/{id}/contents/", "GET /API/assets/v1/assets/{id}/",
                        "GET /API/files/v1/assets/{id}/files/", "POST /API/jobs/v1/jobs/",
                        "PATCH /API/jobs/v1/jobs/{id}/", "PUT /API/metadata/v1/assets/{id}/views/{id}/",
                        "GET /API/files/v1/assets/{id}/proxies/", "POST /API/assets/v1/assets/{id}/segments/bulk/");
        assertThat(iconik.segments(video)).extracting(s -> s.path("segment_text").asText())
                .containsExactlyInAnyOrder("first", "second");
        List<String> problems = new ArrayList<>();
        for (IconikSimulator.Request call : calls) {
            OpenApiInteractionValidator spec = SPECS.entrySet().stream()
                    .filter(e -> call.path().startsWith(e.getKey())).map(Map.Entry::getValue).findFirst().orElse(null);
            if (spec == null) {
                problems.add(call.method() + " " + call.path() + ": no iconik service has this path");
                continue;
            }
            ValidationReport report = spec.validate(request(call), SimpleResponse.Builder.status(call.answer().status())
                    .withContentType(call.answer().contentType()).withBody(call.answer().body()).build());
            report.getMessages().forEach(m -> problems.add(call.method() + " " + call.path() + ": " + m.getKey()
                    + " " + m.getMessage()));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theValidatorItselfRefusesWhatTheSpecsDoNotAllow() {
        SimpleRequest jobWithoutTitle = SimpleRequest.Builder.post("/API/jobs/v1/jobs/")
                .withContentType("application/json").withHeader("App-ID", "a").withHeader("Auth-Token", "t")
                .withBody("{\"status\": \"STARTED\", \"type\": \"CUSTOM\"}").build();
        assertThat(SPECS.get("/API/jobs/").validateRequest(jobWithoutTitle).hasErrors()).isTrue();
        SimpleRequest unknownPath = SimpleRequest.Builder.get("/API/assets/v1/nothing-here/")
                .withHeader("App-ID", "a").withHeader("Auth-Token", "t").build();
        assertThat(SPECS.get("/API/assets/").validateRequest(unknownPath).hasErrors()).isTrue();
    }

    private static Request request(IconikSimulator.Request call) {
        SimpleRequest.Builder builder = new SimpleRequest.Builder(call.method(), call.path());
        call.headers().forEach(builder::withHeader);
        call.query().forEach((name, value) -> builder.withQueryParam(name, value));
        if (!call.body().isEmpty()) {
            builder.withBody(call.body(), StandardCharsets.UTF_8);
        }
        return builder.build();
    }

    private static OpenApiInteractionValidator validator(String service) {
        try (InputStream in = new ClassPathResource("iconik-openapi/" + service + ".json").getInputStream()) {
            return OpenApiInteractionValidator
                    .createForInlineApiSpecification(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String asset(String file, String mediaType) {
        String id = UUID.randomUUID().toString();
        iconik.addDemoAsset(id, UUID.randomUUID().toString(), file, mediaType);
        return id;
    }
}

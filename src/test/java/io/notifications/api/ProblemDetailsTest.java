package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.RestVerbs;
import io.notifications.support.ServiceTest;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every error is a problem detail (RFC 9457, application/problem+json) with type, title, status, detail and
 * instance, whichever layer answers it: the REST API's handlers, the security filters, the body check, Spring MVC,
 * Spring Security's firewall or Tomcat. A request refused for its fields has the validation type and names each.
 */
@ServiceTest
class ProblemDetailsTest {

    private static final String VALIDATION = "https://notifications-api/problems/validation";

    @Autowired
    Api api;
    @Autowired
    CamelContext camel;

    @Test
    void aFieldTheApiDoesNotKnowIsRefusedNamedInEveryBodyTheRestLayerBinds() {
        List<String> bodies = new ArrayList<>();
        for (RestVerbs.Verb verb : RestVerbs.of(camel)) {
            if (!verb.bindsJson() || verb.bodyType() == null) {
                continue;
            }
            bodies.add(verb.bodyType());
            Api.Response refused = api.call(verb.method(), verb.pathWith("1"), "{\"pipline\": {\"mode\": \"events\"}}",
                    Map.of());
            JsonNode problem = problem(refused, 400);
            assertThat(problem.get("type").asText()).as(verb.path()).isEqualTo(VALIDATION);
            assertThat(problem.get("title").asText()).isEqualTo("Invalid request");
            assertThat(problem.get("fields").properties()).as(verb.path()).hasSize(1);
            assertThat(problem.at("/fields/pipline").asText()).as(verb.path()).isEqualTo("is not a known field");
        }
        assertThat(bodies).contains("io.notifications.bucket.BucketSettings",
                "io.notifications.webhook.WebhookSettings", "io.notifications.api.FacePersonApi$PersonSettings",
                "io.notifications.api.FacePersonApi$ReferencePicture",
                "io.notifications.api.WebhookApi$SecretRotation");

        // Among fields it knows, and beside ones that are wrong too: the first unknown one stops the reading
        Api.Response bucket = api.post("/api/buckets", "{\"name\": \"discovering\", \"vendor\": \"S3\", "
                + "\"discoveryMode\": true}");
        assertThat(problem(bucket, 400).get("fields").toString())
                .isEqualTo("{\"discoveryMode\":\"is not a known field\"}");
    }

    @Test
    void theRestApiAnswersProblemsWithTheCallAsInstance() {
        JsonNode invalid = problem(api.get("/api/items?status=NOPE&size=0"), 400);
        assertThat(invalid.get("type").asText()).isEqualTo(VALIDATION);
        assertThat(invalid.get("detail").asText()).isEqualTo("invalid fields: size, status");
        assertThat(invalid.at("/fields/size").asText()).isEqualTo("must be a whole number from 1 to 500");
        assertThat(invalid.get("instance").asText()).isEqualTo("/api/items");

        JsonNode missing = problem(api.get("/api/webhooks/987654"), 404);
        assertThat(missing.get("type").asText()).isEqualTo("about:blank");
        assertThat(missing.get("title").asText()).isEqualTo("Not Found");
        assertThat(missing.get("detail").asText()).contains("987654");
        assertThat(missing.get("instance").asText()).isEqualTo("/api/webhooks/987654");

        JsonNode malformed = problem(api.raw("POST", "/api/faces/persons", "application/json", "{\"name\": "), 400);
        assertThat(malformed.get("type").asText()).isEqualTo("about:blank");
        assertThat(malformed.get("detail").asText()).startsWith("malformed JSON at line 1");
    }

    @Test
    void theSecurityFiltersAndTheBodyCheckAnswerProblems() {
        Api.Response noKey = api.withKey(null).get("/api/buckets");
        JsonNode unauthorized = problem(noKey, 401);
        assertThat(unauthorized.get("detail").asText()).contains("X-API-Key");
        assertThat(noKey.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"notifications-api\"");
        assertThat(problem(api.withKey("not-a-key").get("/api/buckets"), 401).get("detail").asText())
                .isEqualTo("the API key is not accepted");

        JsonNode forbidden = problem(api.withKey("test-read-key").delete("/api/buckets/1"), 403);
        assertThat(forbidden.get("detail").asText()).contains("'viewer' has the role READ");
        JsonNode crossSite = problem(api.call("POST", "/api/faces/persons", "{}",
                Map.of("Sec-Fetch-Site", "cross-site")), 403);
        assertThat(crossSite.get("detail").asText()).contains("from another site");

        // The body check's 413: ApiFuzzTest.aChunkedBodyOverTheLimitGets413; its 400:
        JsonNode notUtf8 = problem(api.post("/api/buckets", "application/json", HttpRequest.BodyPublishers.ofByteArray(
                new byte[] {'{', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}), Map.of()), 400);
        assertThat(notUtf8.get("detail").asText()).isEqualTo("the body is not valid UTF-8 text");
    }

    @Test
    void whatSpringAndTomcatRefuseBeforeTheApiIsAProblemToo() {
        assertThat(problem(api.get("/api/nothing-here"), 404).get("detail").asText())
                .isEqualTo("there is nothing at /api/nothing-here");
        Api.Response wrongMethod = api.call("PATCH", "/api/buckets/1", "{}", Map.of());
        problem(wrongMethod, 405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValueSatisfying(allow ->
                assertThat(allow).contains("GET", "PUT", "DELETE"));
        assertThat(problem(api.withoutContentType("POST", "/api/buckets", "{}"), 415).get("detail").asText())
                .isEqualTo("the body has no Content-Type; send application/json");
        // Refused by Spring Security's firewall, which says why
        assertThat(problem(api.get("/api/faces/crops/%2e%2e"), 400).get("detail").asText())
                .contains("potentially malicious String \"%2e\"");
        // Refused by Tomcat, before the application sees the request
        for (String path : List.of("/api/faces/crops/..%2F..%2Fetc", "/api/buckets/%00", "/api/buckets/%5C")) {
            assertThat(problem(api.get(path), 400).get("detail").asText()).as(path)
                    .startsWith("the request was refused before it reached the service");
        }
    }

    /** The problem in the answer, after checking that it is one with the expected status and every member. */
    private static JsonNode problem(Api.Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = response.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        for (String member : List.of("type", "title", "detail", "instance")) {
            assertThat(problem.path(member).asText()).as(member + " in " + response.body()).isNotBlank();
        }
        return problem;
    }
}

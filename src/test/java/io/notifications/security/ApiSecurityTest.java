package io.notifications.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.support.Api;
import io.notifications.support.RestVerbs;
import io.notifications.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API is closed by default: every REST path and every console answers 401 without an accepted key, health
 * stays open, and keys are taken in X-API-Key or as the password of basic auth, never echoed.
 */
@ServiceTest
class ApiSecurityTest {

    @Autowired
    Api api;
    @Autowired
    CamelContext camel;
    @org.springframework.beans.factory.annotation.Value("${local.server.port}")
    int port;

    @Test
    void everyApiPathRefusesCallsWithoutAnAcceptedKey() throws Exception {
        List<String[]> calls = new ArrayList<>();
        for (RestVerbs.Verb verb : RestVerbs.of(camel)) {
            calls.add(new String[] {verb.method(), verb.pathWith("1")});
        }
        assertThat(calls).as("the REST paths, read from the routes").hasSizeGreaterThan(20);
        for (String console : List.of("/actuator/info", "/actuator/hawtio/", "/actuator/jolokia/version",
                "/actuator/env", "/actuator/configprops", "/actuator/prometheus", "/api/openapi.json",
                "/api-docs/", "/webjars/swagger-ui/swagger-ui-bundle.js")) {
            calls.add(new String[] {"GET", console});
        }
        for (String[] call : calls) {
            for (Map<String, String> credentials : List.of(Map.<String, String>of(),
                    Map.of("X-API-Key", "not-a-key"), Map.of("Authorization", basic("api", "not-a-key")))) {
                Api.Response response = send(call[0], call[1], credentials);
                assertThat(response.status()).as(call[0] + " " + call[1] + " with " + credentials.keySet())
                        .isEqualTo(401);
                assertThat(response.body()).doesNotContain("not-a-key");
            }
        }
    }

    @Test
    void anAcceptedKeyOpensTheApiInTheHeaderOrAsBasicAuthPassword() throws Exception {
        assertThat(send("GET", "/api/buckets", Map.of("X-API-Key", Api.TEST_KEY)).status()).isEqualTo(200);
        assertThat(send("GET", "/api/buckets", Map.of("Authorization", basic("ops", Api.TEST_KEY))).status())
                .isEqualTo(200);
        // Configured only as its SHA-256 digest
        assertThat(send("GET", "/api/buckets", Map.of("X-API-Key", "test")).status()).isEqualTo(200);
        assertThat(send("GET", "/actuator/info", Map.of("X-API-Key", Api.TEST_KEY)).status()).isEqualTo(200);

        Api.Response refused = send("GET", "/api/buckets", Map.of());
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(refused.body()).contains("\"status\":401").contains("X-API-Key");
    }

    /** jolokia-access.xml and JolokiaAccessPolicy: Jolokia answers 200 and puts the refusal in the JSON. */
    @Test
    void jolokiaRefusesWhatItsAccessPolicyDenies() {
        Map<String, String> key = Map.of("X-API-Key", Api.TEST_KEY);
        assertThat(jolokia("{\"type\":\"exec\",\"mbean\":\"java.lang:type=Memory\",\"operation\":\"gc\"}", key))
                .containsEntry("status", 200);
        assertThat(jolokia("{\"type\":\"read\",\"mbean\":\"java.lang:type=Runtime\",\"attribute\":\"Uptime\"}",
                key)).containsEntry("status", 200);
        for (String denied : List.of(
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"vmVersion\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand,*\",\"operation\":\"vmVersion\"}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                        + "\"arguments\":[\"/tmp/heap.hprof\",true]}",
                "{\"type\":\"write\",\"mbean\":\"java.lang:type=Memory\",\"attribute\":\"Verbose\",\"value\":true}")) {
            assertThat(jolokia(denied, key)).as(denied).containsEntry("status", 403);
        }
    }

    private Map<String, Object> jolokia(String request, Map<String, String> headers) {
        Api.Response response = api.post("/actuator/jolokia", request, headers);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return new com.fasterxml.jackson.databind.ObjectMapper().convertValue(response.json(),
                new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() { });
    }

    /** A browser that keeps the key as basic auth must not let another site's page change anything. */
    @Test
    void aChangeABrowserSendsFromAnotherSiteIsRefused() {
        String person = "{\"gallery\": \"cross-site\", \"name\": \"Ada\"}";
        String own = "http://127.0.0.1:" + port;
        for (Map<String, String> crossSite : List.of(Map.of("Sec-Fetch-Site", "cross-site"),
                Map.of("Origin", "https://attacker.example"), Map.of("Origin", "null"),
                Map.of("Origin", "http://127.0.0.1:1"))) {
            Api.Response refused = api.call("POST", "/api/faces/persons", person, crossSite);
            assertThat(refused.status()).as(crossSite.toString()).isEqualTo(403);
            assertThat(refused.json().get("detail").asText()).contains("from another site");
            // Reading is no harm: the answer is the browser's to withhold from the other site
            assertThat(api.call("GET", "/api/buckets", null, crossSite).status()).isEqualTo(200);
        }
        for (Map<String, String> sameSite : List.of(Map.<String, String>of(), Map.of("Sec-Fetch-Site", "same-origin"),
                Map.of("Origin", own))) {
            assertThat(api.call("POST", "/api/faces/persons", person.replace("Ada", "Ada " + sameSite.size()
                    + sameSite.keySet()), sameSite).status()).as(sameSite.toString()).isEqualTo(201);
        }
    }

    @Test
    void healthStaysOpen() throws Exception {
        // 200 or 503: UP or DOWN, but answered
        Api.Response health = send("GET", "/actuator/health", Map.of());
        assertThat(health.status()).isIn(200, 503);
        assertThat(health.body()).contains("\"status\"");
    }

    @Test
    void theActuatorShowsConfigurationToKeyHoldersWithEverySecretMasked() throws Exception {
        for (String endpoint : List.of("/actuator/env", "/actuator/configprops")) {
            Api.Response shown = send("GET", endpoint, Map.of("X-API-Key", Api.TEST_KEY));
            assertThat(shown.status()).isEqualTo(200);
            assertThat(shown.body()).as(endpoint).contains("iconik").contains("******")
                    // iconik's token and webhook secret, the API key, the embedded S3 store's secret key
                    .doesNotContain("test-token").doesNotContain("test-iconik-secret").doesNotContain(Api.TEST_KEY)
                    .doesNotContain("embedded-secret-key");
        }
    }

    /** A call with only the given credentials, and a body where the method takes one. */
    private Api.Response send(String method, String path, Map<String, String> credentials) {
        return api.withKey(null).call(method, path,
                method.equals("GET") || method.equals("DELETE") ? null : "{}", credentials);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}

package io.notifications.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.support.Api;
import io.notifications.support.RestVerbs;
import io.notifications.support.ServiceTest;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.util.unit.DataSize;

/**
 * Every path of the REST API, read from the routes, is sent odd ids, malformed JSON, wrong types, huge and deeply
 * nested bodies, path traversal, random JSON, methods and types it does not take, and paths beside it. Bad input gets
 * a 4xx answer, always a problem detail (application/problem+json with type, title, status and detail), whichever
 * layer refused it; nothing gets a 5xx. The seed is printed, and {@code -Dfuzz.seed=} repeats a run.
 */
@ServiceTest
class ApiFuzzTest {

    private static final List<String> ODD_IDS = List.of("0", "-1", "abc", "99999999999999999999", "1e3", "%00",
            "..%2F..%2Fetc%2Fpasswd", "..", "%2e%2e", "%5C", "%25", "%E2%80%AE", "'%20OR%201=1", "1;1", "%20", "");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH");
    private static final List<String> MALFORMED = List.of("{", "}", "[", "{\"a\":", "{\"a\" 1}", "nul",
            "{'single':'quotes'}", "\u0000\u0001", "null", "true", "42", "\"text\"", "[]", "[{}]");
    private static final List<String> FIELDS = List.of("name", "vendor", "endpoint", "region", "accessKey",
            "secretKey", "schedule", "processor", "processorConfig", "prefix", "includePatterns", "excludePatterns",
            "active", "initialScan", "checksumMode", "pathStyle", "url", "eventTypes", "secret", "enabled",
            "bucketId", "source", "description", "gallery", "image", "model", "key");
    private static final List<String> ODD_STRINGS = List.of("", " ", "../../etc/passwd", "..\\\\..\\\\boot.ini",
            "/etc/passwd", "%2e%2e%2f", "file:///etc/passwd", "http://169.254.169.254/latest/meta-data/",
            "javascript:alert(1)", "\\u0000", "0 0 * * * ? *", "*/0 * * * *", "😀", "𝕏".repeat(300),
            "x".repeat(70_000));

    @Autowired
    Api api;
    @Autowired
    CamelContext camel;

    @Test
    void badInputGetsA4xxAndNothingGetsA5xx() throws Exception {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        System.out.println("ApiFuzzTest seed: " + seed);
        Random random = new Random(seed);
        int calls = 0;
        for (RestVerbs.Verb verb : RestVerbs.of(camel)) {
            String method = verb.method();
            boolean withBody = method.equals("POST") || method.equals("PUT");
            for (String id : ODD_IDS) {
                String path = verb.pathWith(id);
                expectNo5xx(method, path, withBody ? "{}" : null, seed);
                calls++;
            }
            String path = verb.pathWith("1");
            expectNo5xx(method, path + "?page=-1&size=100000&status=NOPE&bucket=abc&gallery=../x", null, seed);
            if (!withBody) {
                continue;
            }
            for (String body : MALFORMED) {
                // Where the API requires a body of its own type, anything but a JSON object of it is refused;
                // elsewhere a body may be optional (null is none) or ignored (a scan takes none), but it must break
                // nothing
                if (verb.bodyType() != null && verb.bodyRequired() && verb.bodyType().startsWith("io.notifications.")) {
                    expect4xx(method, path, body, seed);
                } else {
                    expectNo5xx(method, path, body, seed);
                }
            }
            // Deeper than the JSON parser's nesting limit, and larger than the body limit
            expect4xx(method, path, "[".repeat(5_000) + "]".repeat(5_000), seed);
            expect4xx(method, path, "{\"name\":\"" + "x".repeat(40 * 1024 * 1024) + "\"}", seed);
            for (int i = 0; i < 15; i++) {
                expectNo5xx(method, path, randomObject(random, 0), seed);
            }
            calls += MALFORMED.size() + 17;
        }
        assertThat(calls).isGreaterThan(300);
    }

    /** What no operation answers is refused where it is refused, by Spring, Camel or Tomcat, as a problem too. */
    @Test
    void methodsTypesAndPathsNoOperationTakesGetProblemDetails() {
        Map<String, Set<String>> methods = new LinkedHashMap<>();
        List<RestVerbs.Verb> verbs = RestVerbs.of(camel);
        for (RestVerbs.Verb verb : verbs) {
            // Every method some operation takes at this path: /api/webhooks/event-types is also /api/webhooks/{id}
            methods.computeIfAbsent(verb.pathWith("1"), path -> new HashSet<>(verbs.stream()
                    .filter(other -> path.matches(other.path().replaceAll("\\{[^}]+}", "[^/]+")))
                    .map(RestVerbs.Verb::method).toList()));
            if (verb.bindsJson() && verb.bodyType() != null) {
                // No Content-Type, or one that is not JSON
                expectProblem(api.withoutContentType(verb.method(), verb.pathWith("1"), "{}"), 415);
                expectProblem(api.raw(verb.method(), verb.pathWith("1"), "text/plain", "{}"), 415);
            }
        }
        methods.forEach((path, taken) -> {
            for (String method : METHODS) {
                if (!taken.contains(method)) {
                    expectProblem(api.call(method, path, "{}", Map.of()), 405);
                }
            }
            expectProblem(api.get(path + "/nothing-here"), 404);
        });
        for (String path : List.of("/api", "/api/", "/api/nothing-here", "/nothing-here", "/api/buckets/1/2/3")) {
            expectProblem(api.get(path), 404);
        }
        expectProblem(api.call("GET", "/api/buckets", null, Map.of("Accept", "application/xml")), 406);
    }

    private String randomObject(Random random, int depth) {
        StringBuilder json = new StringBuilder("{");
        int fields = random.nextInt(6);
        for (int i = 0; i < fields; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"').append(FIELDS.get(random.nextInt(FIELDS.size()))).append("\":")
                    .append(randomValue(random, depth));
        }
        return json.append('}').toString();
    }

    private String randomValue(Random random, int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> "null";
            case 1 -> String.valueOf(random.nextBoolean());
            case 2 -> String.valueOf(random.nextLong());
            case 3 -> random.nextBoolean() ? "1e400" : "-0.5";
            case 4, 5 -> quoted(ODD_STRINGS.get(random.nextInt(ODD_STRINGS.size())));
            case 6 -> "[" + randomValue(random, depth + 1) + "," + randomValue(random, depth + 1) + "]";
            default -> randomObject(random, depth + 1);
        };
    }

    private static String quoted(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Test
    void invalidUtf8GetsA400Problem() {
        byte[] invalid = {'{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        for (String path : List.of("/api/buckets", "/api/webhooks", "/api/iconik/events", "/api/iconik/actions")) {
            Api.Response response = api.post(path, "application/json", HttpRequest.BodyPublishers.ofByteArray(invalid),
                    Map.of("X-Iconik-Secret", "test-iconik-secret"));
            expectProblem(response, 400);
            assertThat(response.field("detail").asText()).as(path).isEqualTo("the body is not valid UTF-8 text");
        }
        // Latin-1 declared: the same bytes are text, and the API reads them (and refuses the bucket for its fields)
        Api.Response latin1 = api.post("/api/buckets", "application/json; charset=ISO-8859-1",
                HttpRequest.BodyPublishers.ofByteArray(invalid), Map.of());
        expectProblem(latin1, 400);
        assertThat(latin1.field("type").asText()).isEqualTo("https://notifications-api/problems/validation");
        assertThat(latin1.field("fields").has("vendor")).isTrue();
    }

    @Test
    void aChunkedBodyOverTheLimitGets413() {
        long limit = DataSize.ofMegabytes(32).toBytes();
        // Of unknown length, so sent chunked; a little over the limit, which the server drains before answering
        InputStream tooLarge = new InputStream() {
            private long left = limit + 512 * 1024;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, (byte) ' ');
                left -= n;
                return n;
            }
        };
        Api.Response response = api.post("/api/buckets", "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> tooLarge), Map.of());
        expectProblem(response, 413);
        assertThat(response.field("title").asText()).isEqualTo("Content Too Large");
        assertThat(response.field("detail").asText()).isEqualTo("the body is larger than " + limit + " bytes");
    }

    private void expect4xx(String method, String path, String body, long seed) {
        Api.Response response = send(method, path, body);
        String call = String.format("%s %s with %s (seed %d)", method, path, abbreviated(body), seed);
        if (response != null) {
            assertThat(response.status()).as(call).isBetween(400, 499);
            expectProblem(response, response.status(), call);
        }
    }

    private void expectNo5xx(String method, String path, String body, long seed) {
        Api.Response response = send(method, path, body);
        String call = String.format("%s %s with %s (seed %d)", method, path, abbreviated(body), seed);
        assertThat(response).as(call + ": the connection was closed").isNotNull();
        assertThat(response.status()).as(call).isBetween(200, 499);
        if (response.status() >= 400) {
            expectProblem(response, response.status(), call);
        }
    }

    private static void expectProblem(Api.Response response, int status) {
        expectProblem(response, status, response.status() + " " + response.body());
    }

    /** RFC 9457: the type, with its members, and the status it repeats. */
    private static void expectProblem(Api.Response response, int status, String call) {
        assertThat(response.status()).as(call).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(call)
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.json()).as(call).isNotNull();
        assertThat(response.field("type").asText()).as(call).isIn("about:blank",
                "https://notifications-api/problems/validation");
        assertThat(response.field("title").asText()).as(call).isNotBlank();
        assertThat(response.field("status").asInt()).as(call).isEqualTo(status);
        assertThat(response.field("detail").asText()).as(call).isNotBlank();
        assertThat(response.json().has("fields")).as(call)
                .isEqualTo(response.field("type").asText().endsWith("/validation"));
    }

    /** The answer; null when the service closed the connection on a body it refused unread, which is a refusal. */
    private Api.Response send(String method, String path, String body) {
        try {
            return api.call(method, path, body, Map.of());
        } catch (UncheckedIOException closed) {
            if (body != null && body.length() > 1_000_000) {
                return null;
            }
            throw closed;
        }
    }

    private static String abbreviated(String body) {
        return body == null ? "no body" : body.length() > 120 ? body.substring(0, 120) + "…" : body;
    }
}

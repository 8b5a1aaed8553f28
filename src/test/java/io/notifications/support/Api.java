package io.notifications.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/** Calls the service's REST API over real HTTP. */
public class Api {

    public record Response(int status, String body, JsonNode json, HttpHeaders headers) {
        public JsonNode field(String name) {
            return json.get(name);
        }
    }

    /** The key application-test.yaml configures. */
    public static final String TEST_KEY = "test-api-key";

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newHttpClient();
    private final Environment environment;
    private final ObjectMapper objectMapper;
    private final String apiKey;

    @Autowired
    public Api(Environment environment, ObjectMapper objectMapper) {
        this(environment, objectMapper, TEST_KEY);
    }

    private Api(Environment environment, ObjectMapper objectMapper, String apiKey) {
        this.environment = environment;
        this.objectMapper = objectMapper;
        this.apiKey = apiKey;
    }

    /** The same API called with another key in {@code X-API-Key}, or with none (null). */
    public Api withKey(String key) {
        return new Api(environment, objectMapper, key);
    }

    private HttpRequest.Builder request(String path) {
        // A service that never answers fails the test rather than holding it
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(ANSWER_WITHIN);
        return apiKey == null ? request : request.header("X-API-Key", apiKey);
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    /** The raw bytes of a GET answer with a 200; fails the test otherwise. */
    public byte[] bytes(String path) {
        try {
            HttpResponse<byte[]> response = http.send(request(path).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    /** Sends the body exactly as given, e.g. malformed JSON. */
    public Response raw(String method, String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /**
     * Any method, with the body exactly as given (JSON; none when null) and extra headers, e.g. other credentials.
     * A connection the service closes before answering is an {@code UncheckedIOException}.
     */
    public Response call(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Any method with the body as given and no Content-Type, as a client that forgets it. */
    public Response withoutContentType(String method, String path, String body) {
        return send(request(path).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    /** POSTs the bytes as they come, e.g. invalid UTF-8, or a stream of unknown length (sent chunked). */
    public Response post(String path, String contentType, HttpRequest.BodyPublisher body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", contentType).POST(body);
        headers.forEach(request::header);
        return send(request);
    }

    /** POSTs the body exactly as given, with extra headers, e.g. a shared secret. */
    public Response post(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return send(request);
    }

    /** Creates a bucket and returns it; fails the test unless the API answers 201. */
    public JsonNode createBucket(Object settings) {
        Response response = post("/api/buckets", settings);
        if (response.status() != 201) {
            throw new AssertionError("bucket not created: " + response.status() + " " + response.body());
        }
        return response.json();
    }

    /** Subscribes {@code url} to pings and sends one; returns the subscription's id. Fails unless both succeed. */
    public long subscribeAndPing(String url) {
        Response created = post("/api/webhooks", Map.of("url", url, "eventTypes", List.of("webhook.ping")));
        if (created.status() != 201) {
            throw new AssertionError("webhook not created: " + created.status() + " " + created.body());
        }
        long id = created.json().get("id").asLong();
        Response ping = post("/api/webhooks/" + id + "/test", Map.of());
        if (ping.status() != 202) {
            throw new AssertionError("ping not queued: " + ping.status() + " " + ping.body());
        }
        return id;
    }

    public JsonNode items(String query) {
        return get("/api/items?" + query).json();
    }

    /** The bucket's item for the key; fails the test when there is none. */
    public JsonNode item(long bucketId, String key) {
        for (JsonNode item : items("bucket=" + bucketId + "&size=500").get("items")) {
            if (item.get("key").asText().equals(key)) {
                return item;
            }
        }
        throw new AssertionError("no item for " + key + " in bucket " + bucketId);
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            if (!response.body().isEmpty()) {
                try {
                    json = objectMapper.readTree(response.body());
                } catch (IOException notJson) {
                    // left null: the test asserts on the raw body
                }
            }
            return new Response(response.statusCode(), response.body(), json, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String json(Object body) {
        try {
            return body instanceof String s ? s : objectMapper.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    }
}

package io.notifications.iconik;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.springframework.stereotype.Component;

/**
 * iconik's REST API through camel-http, with the {@code App-ID} and {@code Auth-Token} headers. Calls answered
 * with 429 or 5xx, or not answered at all, are retried with exponential backoff and jitter, honouring
 * {@code Retry-After}; 401/403 become "iconik credentials rejected" at once. Every call, each retry too, first
 * waits for the {@link IconikBudget}. The retries are route {@code iconik-call}'s (routes/iconik-api.yaml), their
 * waits and the answers {@link IconikAttempts}'s.
 */
@Component
public class IconikClient {

    /** iconik ids are UUIDs; anything else in a path (a dot, a slash) could lead it elsewhere. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String ROUTE = "direct:iconik-call";

    private final ProducerTemplate producer;
    private final ObjectMapper objectMapper;
    /** iconik's API base URL without a trailing slash; every path begins with one. */
    private final String baseUrl;
    private final IconikProperties properties;
    private final IconikAttempts attempts;

    public IconikClient(ProducerTemplate producer, ObjectMapper objectMapper, IconikEndpoints endpoints,
                        IconikProperties properties, IconikAttempts attempts) {
        this.producer = producer;
        this.objectMapper = objectMapper;
        this.baseUrl = endpoints.api() == null ? null : endpoints.api().toString().replaceAll("/+$", "");
        this.properties = properties;
        this.attempts = attempts;
    }

    public JsonNode asset(String assetId) {
        return call("GET", "/API/assets/v1/assets/" + id(assetId) + "/", null);
    }

    /** Every asset in a collection, page by page until the last. */
    public List<JsonNode> collectionAssets(String collectionId) {
        List<JsonNode> assets = new ArrayList<>();
        int pages = 1;
        for (int page = 1; page <= pages; page++) {
            JsonNode result = call("GET", "/API/assets/v1/collections/" + id(collectionId)
                    + "/contents/?object_types=assets&per_page=" + properties.pageSize() + "&page=" + page, null);
            result.path("objects").forEach(object -> {
                if ("assets".equals(object.path("object_type").asText("assets"))) {
                    assets.add(object);
                }
            });
            pages = result.path("pages").asInt(1);
        }
        return assets;
    }

    public List<JsonNode> proxies(String assetId) {
        return objects(call("GET", "/API/files/v1/assets/" + id(assetId) + "/proxies/", null));
    }

    /** The asset's original files, with signed download URLs. */
    public List<JsonNode> files(String assetId) {
        return objects(call("GET", "/API/files/v1/assets/" + id(assetId) + "/files/?generate_signed_url=true", null));
    }

    public JsonNode createJob(JsonNode job) {
        return call("POST", "/API/jobs/v1/jobs/", job);
    }

    public JsonNode updateJob(String jobId, JsonNode changes) {
        return call("PATCH", "/API/jobs/v1/jobs/" + id(jobId) + "/", changes);
    }

    public JsonNode putMetadata(String assetId, String viewId, JsonNode values) {
        return call("PUT", "/API/metadata/v1/assets/" + id(assetId) + "/views/" + id(viewId) + "/", values);
    }

    /** iconik's bulk segment endpoint takes at most this many segments in one call. */
    static final int SEGMENTS_PER_CALL = 500;

    /** The segments, in as few calls as iconik's bulk endpoint allows: one per {@value #SEGMENTS_PER_CALL}. */
    public void createSegments(String assetId, List<? extends JsonNode> segments) {
        for (int from = 0; from < segments.size(); from += SEGMENTS_PER_CALL) {
            ObjectNode body = objectMapper.createObjectNode();
            body.putArray("objects").addAll(segments.subList(from, Math.min(from + SEGMENTS_PER_CALL, segments.size())));
            call("POST", "/API/assets/v1/assets/" + id(assetId) + "/segments/bulk/", body);
        }
    }

    /** When iconik last refused the credentials, or null if it has accepted them since. */
    public Instant credentialsRejectedAt() {
        return attempts.credentialsRejectedAt();
    }

    /** One call, not retried: whether iconik answers and takes the credentials, for the health check. */
    public void probe() {
        call("GET", "/API/jobs/v1/jobs/?per_page=1", null, 1);
    }

    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        return call(method, pathAndQuery, body, Math.max(1, properties.retry().attempts()));
    }

    /**
     * The call through route {@code iconik-call}, whose redelivery makes the retries, each after its wait on a
     * Camel scheduler thread while this one waits for the outcome (see {@link IconikAttempts}).
     */
    private JsonNode call(String method, String pathAndQuery, JsonNode body, int attemptsInAll) {
        if (baseUrl == null) {
            // Startup refuses rules and intakes without iconik.base-url, so nothing should get here
            throw new IllegalStateException("iconik is not configured: iconik.base-url is not set");
        }
        IconikCall call = new IconikCall(method, pathAndQuery, attemptsInAll);
        Exchange outcome = producer.send(ROUTE, exchange -> {
            exchange.setProperty(IconikCall.PROPERTY, call);
            Message message = exchange.getMessage();
            message.setHeader(Exchange.HTTP_URI, baseUrl + pathAndQuery);
            message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
            message.setHeader("App-ID", properties.appId());
            message.setHeader("Auth-Token", properties.authToken());
            message.setHeader("Accept", "application/json");
            if (body != null) {
                message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                message.setBody(body.toString());
            }
        });
        Exception failure = outcome.getException();
        if (failure instanceof IconikCallException || failure instanceof IconikUnavailableException) {
            throw (RuntimeException) failure;
        }
        if (failure != null) {
            // No answer: the connection was refused, timed out or broke off
            throw new IconikUnavailableException(call + ": " + failure, failure);
        }
        return outcome.getMessage().getBody(JsonNode.class);
    }

    private static List<JsonNode> objects(JsonNode page) {
        List<JsonNode> objects = new ArrayList<>();
        page.path("objects").forEach(objects::add);
        return objects;
    }

    private static String id(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IconikCallException(400, "not an iconik id: '" + abbreviate(id) + "'");
        }
        return id;
    }

    static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}

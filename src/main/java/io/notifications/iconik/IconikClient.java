package io.notifications.iconik;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * iconik's REST API through camel-http, with the {@code App-ID} and {@code Auth-Token} headers. Calls answered
 * with 429 or 5xx, or not answered at all, are retried with exponential backoff and jitter, honouring
 * {@code Retry-After}; 401/403 become "iconik credentials rejected" at once. Every call, each retry too, first
 * waits for the {@link IconikBudget}.
 */
@Component
public class IconikClient {

    private static final Logger log = LoggerFactory.getLogger(IconikClient.class);
    /** iconik ids are UUIDs; anything else in a path (a dot, a slash) could lead it elsewhere. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    private static final String ENDPOINT = "http://iconik-api?throwExceptionOnFailure=false";
    static final String CREDENTIALS_REJECTED = "iconik credentials rejected";

    private final ProducerTemplate producer;
    private final ObjectMapper objectMapper;
    /** iconik's API base URL without a trailing slash; every path begins with one. */
    private final String baseUrl;
    private final IconikProperties properties;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final IconikBudget budget;
    private volatile Instant credentialsRejectedAt;

    public IconikClient(ProducerTemplate producer, ObjectMapper objectMapper, IconikEndpoints endpoints,
                        IconikProperties properties, Clock clock, MeterRegistry metrics, IconikBudget budget) {
        this.metrics = metrics;
        this.budget = budget;
        this.producer = producer;
        this.objectMapper = objectMapper;
        this.baseUrl = endpoints.api() == null ? null : endpoints.api().toString().replaceAll("/+$", "");
        this.properties = properties;
        this.clock = clock;
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
        return credentialsRejectedAt;
    }

    /** One call, not retried: whether iconik answers and takes the credentials, for the health check. */
    public void probe() {
        call("GET", "/API/jobs/v1/jobs/?per_page=1", null, 1);
    }

    private JsonNode call(String method, String pathAndQuery, JsonNode body) {
        return call(method, pathAndQuery, body, Math.max(1, properties.retry().attempts()));
    }

    private JsonNode call(String method, String pathAndQuery, JsonNode body, int attempts) {
        if (baseUrl == null) {
            // Startup refuses rules and intakes without iconik.base-url, so nothing should get here
            throw new IllegalStateException("iconik is not configured: iconik.base-url is not set");
        }
        String url = baseUrl + pathAndQuery;
        String payload = body == null ? null : body.toString();
        RuntimeException last = null;
        // Reads are the intake's (and the processors' media); whatever changes something in iconik is a write-back
        BudgetTurns.Kind kind = method.equals("GET") ? BudgetTurns.Kind.INTAKE : BudgetTurns.Kind.WRITE_BACK;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            budget.acquire(kind);
            Exchange answer = producer.send(ENDPOINT, exchange -> {
                Message message = exchange.getMessage();
                message.setHeader(Exchange.HTTP_URI, url);
                message.setHeader(Exchange.HTTP_METHOD, HttpMethods.valueOf(method));
                message.setHeader("App-ID", properties.appId());
                message.setHeader("Auth-Token", properties.authToken());
                message.setHeader("Accept", "application/json");
                if (payload != null) {
                    message.setHeader(Exchange.CONTENT_TYPE, "application/json");
                    message.setBody(payload);
                }
            });
            counted(method, pathAndQuery, answer);
            remaining(answer);
            Duration wait;
            // A POST that got no answer, or a 500, may have been carried out: sent again it could make a second
            // job or segment. Only 429 and 503 say for certain that nothing was done.
            boolean repeatable = !method.equals("POST");
            if (answer.getException() != null && !repeatable) {
                throw new IconikUnavailableException(method + " " + pathAndQuery + ": " + answer.getException(),
                        answer.getException());
            }
            if (answer.getException() != null) {
                last = new IconikUnavailableException(method + " " + pathAndQuery + ": " + answer.getException(),
                        answer.getException());
                wait = backoff(attempt);
            } else {
                int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
                String text = answer.getMessage().getBody(String.class);
                if (status >= 200 && status < 300) {
                    credentialsRejectedAt = null;
                    return parse(text, method, pathAndQuery);
                }
                if (status == 401 || status == 403) {
                    if (credentialsRejectedAt == null) {
                        credentialsRejectedAt = clock.instant();
                    }
                    throw new IconikCallException(status, CREDENTIALS_REJECTED + " (HTTP " + status + " for "
                            + method + " " + pathAndQuery + ")");
                }
                if (status != 429 && status < 500) {
                    throw new IconikCallException(status, "iconik answered " + method + " " + pathAndQuery
                            + " with HTTP " + status + ": " + abbreviate(text));
                }
                last = new IconikUnavailableException("iconik answered " + method + " " + pathAndQuery + " with HTTP "
                        + status + " " + attempt + " time(s): " + abbreviate(text), null);
                if (!repeatable && status != 429 && status != 503) {
                    throw last;
                }
                Duration asked = retryAfter(answer.getMessage().getHeader("Retry-After", String.class));
                wait = asked != null ? min(asked, properties.retry().maxWait()) : backoff(attempt);
            }
            if (attempt < attempts) {
                log.debug("iconik call {} {} failed (attempt {}/{}), retrying in {} ms: {}", method, pathAndQuery,
                        attempt, attempts, wait.toMillis(), last.getMessage());
                pause(wait);
            }
        }
        throw last;
    }

    /** {@code notifications.iconik.api.calls}, by method, iconik service (assets, files, ...) and HTTP status. */
    private void counted(String method, String pathAndQuery, Exchange answer) {
        String[] parts = pathAndQuery.split("/");
        String service = parts.length > 2 ? parts[2] : "other";
        String status = answer.getException() != null ? "none"
                : String.valueOf(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class));
        Counter.builder("notifications.iconik.api.calls").description("Calls of iconik's API, each attempt")
                .tags("method", method, "service", service, "status", status).register(metrics).increment();
    }

    /** iconik's {@code RateLimit-Remaining}, when it says it, tells the budget to slow down as it runs low. */
    private void remaining(Exchange answer) {
        if (answer.getException() == null) {
            String remaining = answer.getMessage().getHeader("RateLimit-Remaining", String.class);
            if (remaining != null) {
                try {
                    budget.remaining(Long.parseLong(remaining.trim()));
                } catch (NumberFormatException ignored) {
                    // Not a count: nothing to go by
                }
            }
        }
    }

    private JsonNode parse(String text, String method, String path) {
        if (text == null || text.isBlank()) {
            return objectMapper.createObjectNode();
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IconikUnavailableException("iconik answered " + method + " " + path + " with invalid JSON", e);
        }
    }

    private Duration backoff(int attempt) {
        double jitter = 1 + 0.2 * (2 * ThreadLocalRandom.current().nextDouble() - 1);
        long millis = Math.round(properties.retry().firstWait().toMillis() * Math.pow(2, attempt - 1) * jitter);
        return min(Duration.ofMillis(millis), properties.retry().maxWait());
    }

    /** {@code Retry-After} is either seconds or an HTTP date. */
    private Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void pause(Duration wait) {
        try {
            TimeUnit.MILLISECONDS.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IconikUnavailableException("interrupted while waiting to retry an iconik call", e);
        }
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

    private static String abbreviate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }
}

package io.notifications.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.ClassPathResource;

/**
 * A local stand-in for iconik's REST API, for the demo and for tests: the assets, collections, files, jobs,
 * metadata and segments endpoints the service uses, shaped as iconik's OpenAPI specs describe them, over real HTTP.
 * It checks {@code App-ID} and {@code Auth-Token}, keeps what the service writes so it can be looked at, and can be
 * told to answer slowly or with errors. With {@link #setRateLimit} it enforces iconik's limits per credential set
 * as iconik does: past the sustained rate or the window it answers 429 with {@code Retry-After}, and every answer
 * says {@code RateLimit-Remaining} of the window.
 */
public class IconikSimulator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(IconikSimulator.class);
    private static final Pattern ASSET = Pattern.compile("/API/assets/v1/assets/([^/]+)/");
    private static final Pattern SEGMENTS = Pattern.compile("/API/assets/v1/assets/([^/]+)/segments/");
    private static final Pattern BULK_SEGMENTS = Pattern.compile("/API/assets/v1/assets/([^/]+)/segments/bulk/");
    private static final Pattern CONTENTS = Pattern.compile("/API/assets/v1/collections/([^/]+)/contents/");
    private static final Pattern FILES = Pattern.compile("/API/files/v1/assets/([^/]+)/(files|proxies|keyframes)/");
    private static final Pattern DOWNLOAD = Pattern.compile("/API/files/v1/assets/([^/]+)/(files|proxies)/([^/]+)/download_url/");
    private static final Pattern JOBS = Pattern.compile("/API/jobs/v1/jobs/");
    private static final Pattern JOB = Pattern.compile("/API/jobs/v1/jobs/([^/]+)/");
    private static final Pattern METADATA = Pattern.compile("/API/metadata/v1/assets/([^/]+)/views/([^/]+)/");
    private static final Pattern MEDIA = Pattern.compile("/media/([^/]+)");
    /** The answer just sent on this handler thread; HttpExchange attributes are shared by the whole context. */
    /** The API request being answered on this thread, recorded with its answer before the answer goes out. */
    private static final ThreadLocal<Request> ASKED = new ThreadLocal<>();

    /** A request as the simulator received it, for tests that check what the service sent. */
    public record Request(String method, String path, Map<String, String> query, String body,
                          Map<String, String> headers, Instant at, Answer answer) {
    }

    /** What the simulator answered, for contract tests. */
    public record Answer(int status, String contentType, String body) {
    }

    /** An asset the simulator serves, with its one file. */
    public record Asset(String id, String versionId, String title, String mediaType, byte[] content) {
    }

    private record Fault(String pathPart, int status, Integer retryAfterSeconds) {
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    private final String appId;
    private final String authToken;
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();
    /** Assets in iconik's recycle bin: still there, with status DELETED. */
    private final Set<String> binned = ConcurrentHashMap.newKeySet();
    private final Map<String, List<String>> collections = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> jobs = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> metadata = new ConcurrentHashMap<>();
    private final Map<String, List<JsonNode>> segments = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Fault> faults = new ArrayDeque<>();
    private volatile Duration delay = Duration.ZERO;
    /** The sustained rate and the window, as two buckets: the window's tokens are what RateLimit-Remaining says. */
    private volatile Bucket perSecond;
    private volatile Bucket perWindow;
    private final AtomicLong rateLimited = new AtomicLong();
    private volatile Consumer<String> eventSink;

    public IconikSimulator(String host, int port, String appId, String authToken) throws IOException {
        this.appId = appId;
        this.authToken = authToken;
        server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/", this::handle);
        server.start();
        log.info("iconik simulator listening on {}", baseUrl());
    }

    public String baseUrl() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    /** Adds, or replaces, an asset; one in the recycle bin is restored. */
    public void addAsset(Asset asset) {
        assets.put(asset.id(), asset);
        binned.remove(asset.id());
    }

    /** iconik deleted the asset for good: asking for it answers 404. */
    public void removeAsset(String assetId) {
        assets.remove(assetId);
        binned.remove(assetId);
    }

    /** The asset is moved to iconik's recycle bin: it is still answered, with status {@code DELETED}. */
    public void binAsset(String assetId) {
        binned.add(assetId);
    }

    /** Adds, or replaces, an asset whose one file is {@code demo-media/<file>} on the classpath, titled by it. */
    public void addDemoAsset(String id, String versionId, String file, String mediaType) {
        try (InputStream in = new ClassPathResource("demo-media/" + file).getInputStream()) {
            addAsset(new Asset(id, versionId, file, mediaType, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("demo media " + file + " is missing from the classpath", e);
        }
    }

    public void addCollection(String collectionId, List<String> assetIds) {
        collections.put(collectionId, List.copyOf(assetIds));
    }

    /** Every call waits this long before it is answered, as a remote iconik would. */
    public void setDelay(Duration delay) {
        this.delay = delay;
    }

    /** Enforces iconik's limits: {@code perSecond} sustained (and as a burst), {@code perWindow} in any {@code window}. */
    public void setRateLimit(int perSecond, int perWindow, Duration window) {
        this.perSecond = Bucket.builder().addLimit(limit -> limit.capacity(perSecond)
                .refillGreedy(perSecond, Duration.ofSeconds(1))).build();
        this.perWindow = Bucket.builder().addLimit(limit -> limit.capacity(perWindow)
                .refillGreedy(perWindow, window)).build();
    }

    /** How many calls it has answered with 429 because they went past its rate limit. */
    public long rateLimited() {
        return rateLimited.get();
    }

    /** The next call whose path contains {@code pathPart} is answered with {@code status}, {@code times} times. */
    public synchronized void fail(String pathPart, int status, int times, Integer retryAfterSeconds) {
        for (int i = 0; i < times; i++) {
            faults.add(new Fault(pathPart, status, retryAfterSeconds));
        }
    }

    /** Where {@code POST /simulator/events} sends the events it makes, as iconik's webhook to SQS would. */
    public void setEventSink(Consumer<String> sink) {
        this.eventSink = sink;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public List<ObjectNode> jobs() {
        return jobs.values().stream().map(ObjectNode::deepCopy).toList();
    }

    public JsonNode metadata(String assetId, String viewId) {
        return metadata.get(assetId + "/" + viewId);
    }

    public List<JsonNode> segments(String assetId) {
        return List.copyOf(segments.getOrDefault(assetId, List.of()));
    }

    /** An iconik webhook event, as iconik posts it, about an asset. */
    public String assetEvent(String assetId, String operation) {
        return event("assets", assetId, "entity", operation, json.createObjectNode().put("id", assetId).put("title",
                assets.containsKey(assetId) ? assets.get(assetId).title() : "unknown"));
    }

    /**
     * An iconik webhook event about an asset that carries the asset as its GET answers it, versions and collections
     * included, as a create event can.
     */
    public String assetEventInFull(String assetId, String operation) {
        Asset asset = assets.get(assetId);
        if (asset == null) {
            throw new IllegalArgumentException("no asset " + assetId + " in the simulator");
        }
        return event("assets", assetId, "entity", operation, asset(asset));
    }

    /** An iconik webhook event: an asset was added to a collection. */
    public String addedToCollectionEvent(String collectionId, String assetId) {
        return event("collections", collectionId, "contents", "create",
                json.createObjectNode().put("object_type", "assets").put("object_id", assetId)
                        .put("collection_id", collectionId));
    }

    /** An iconik webhook event about a collection itself. */
    public String collectionEvent(String collectionId, String operation) {
        return event("collections", collectionId, "entity", operation, json.createObjectNode().put("id", collectionId));
    }

    private String event(String type, String objectId, String realm, String operation, ObjectNode data) {
        ObjectNode event = json.createObjectNode()
                .put("system_domain_id", "00000000-0000-0000-0000-000000000001")
                .put("event_type", type)
                .put("object_id", objectId)
                .put("user_id", "00000000-0000-0000-0000-000000000002")
                .put("realm", realm)
                .put("operation", operation)
                .put("request_id", UUID.randomUUID().toString().replace("-", ""));
        event.set("data", data);
        return event.toString();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            Map<String, String> headers = new HashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            if (!delay.isZero()) {
                LockSupport.parkNanos(delay.toNanos());
            }
            Matcher media = MEDIA.matcher(path);
            if (media.matches()) {
                serveMedia(exchange, media.group(1));
                return;
            }
            if (path.equals("/simulator/events") && method.equals("POST")) {
                simulateEvent(exchange, query);
                return;
            }
            ASKED.set(new Request(method, path, query, body, headers, Instant.now(), null));
            Fault fault = nextFault(path);
            if (fault != null) {
                if (fault.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(fault.retryAfterSeconds()));
                }
                send(exchange, fault.status(), errors("simulated failure " + fault.status()));
            } else if (!appId.equals(headers.get("app-id")) || !authToken.equals(headers.get("auth-token"))) {
                send(exchange, 401, errors("Unauthorized"));
            } else if (!withinRateLimit(exchange)) {
                rateLimited.incrementAndGet();
                send(exchange, 429, errors("Too many requests"));
            } else {
                route(exchange, method, path, query, body);
            }
            answered(null);
        } catch (RuntimeException e) {
            log.warn("iconik simulator could not answer {}: {}", exchange.getRequestURI(), e.toString());
            send(exchange, 500, errors(e.getMessage()));
        } finally {
            ASKED.remove();
        }
    }

    private void route(HttpExchange exchange, String method, String path, Map<String, String> query, String body)
            throws IOException {
        Matcher m;
        if (method.equals("GET") && (m = ASSET.matcher(path)).matches()) {
            Asset asset = assets.get(m.group(1));
            send(exchange, asset == null ? 404 : 200, asset == null ? errors("Asset not found") : asset(asset));
        } else if (method.equals("GET") && (m = CONTENTS.matcher(path)).matches()) {
            contents(exchange, m.group(1), query);
        } else if (method.equals("GET") && (m = FILES.matcher(path)).matches()) {
            Asset asset = assets.get(m.group(1));
            send(exchange, asset == null ? 404 : 200, asset == null ? errors("Asset not found") : files(asset, m.group(2)));
        } else if (method.equals("GET") && (m = DOWNLOAD.matcher(path)).matches()) {
            Asset asset = assets.get(m.group(1));
            send(exchange, asset == null ? 404 : 200, asset == null ? errors("Asset not found")
                    : json.createObjectNode().put("url", mediaUrl(asset)));
        } else if (method.equals("POST") && JOBS.matcher(path).matches()) {
            ObjectNode job = (ObjectNode) json.readTree(body);
            String id = UUID.randomUUID().toString();
            job.put("id", id).put("date_created", Instant.now().toString()).put("date_modified", Instant.now().toString());
            jobs.put(id, job);
            send(exchange, 201, job);
        } else if (method.equals("GET") && JOBS.matcher(path).matches()) {
            ObjectNode page = json.createObjectNode();
            ArrayNode objects = page.putArray("objects");
            jobs.values().forEach(objects::add);
            send(exchange, 200, page);
        } else if ((method.equals("PATCH") || method.equals("PUT")) && (m = JOB.matcher(path)).matches()) {
            ObjectNode job = jobs.get(m.group(1));
            if (job == null) {
                send(exchange, 404, errors("Job not found"));
            } else {
                synchronized (job) {
                    job.setAll((ObjectNode) json.readTree(body));
                    job.put("date_modified", Instant.now().toString());
                }
                send(exchange, 200, job);
            }
        } else if ((m = METADATA.matcher(path)).matches()) {
            String key = m.group(1) + "/" + m.group(2);
            if (method.equals("PUT")) {
                metadata.put(key, json.readTree(body));
                send(exchange, 200, json.readTree(body));
            } else {
                JsonNode values = metadata.get(key);
                send(exchange, values == null ? 404 : 200, values == null ? errors("No metadata") : values);
            }
        } else if ((m = BULK_SEGMENTS.matcher(path)).matches() && method.equals("POST")) {
            bulkSegments(exchange, m.group(1), json.readTree(body).path("objects"));
        } else if ((m = SEGMENTS.matcher(path)).matches() && method.equals("GET")) {
            ObjectNode page = json.createObjectNode();
            ArrayNode objects = page.putArray("objects");
            segments(m.group(1)).forEach(objects::add);
            send(exchange, 200, page);
        } else {
            send(exchange, 404, errors("No such endpoint in the simulator: " + method + " " + path));
        }
    }

    /** BulkCreateSegmentsSchema: 1 to 500 segments, stored at once; iconik's answer is a 201 without a body. */
    private void bulkSegments(HttpExchange exchange, String assetId, JsonNode objects) throws IOException {
        if (!objects.isArray() || objects.isEmpty() || objects.size() > 500) {
            send(exchange, 400, errors("objects: between 1 and 500 segments"));
            return;
        }
        objects.forEach(object -> {
            ObjectNode segment = ((ObjectNode) object).deepCopy();
            segment.put("id", UUID.randomUUID().toString()).put("asset_id", assetId);
            segments.computeIfAbsent(assetId, k -> new CopyOnWriteArrayList<>()).add(segment);
        });
        // The spec declares the 201 without a body
        answered(new Answer(201, null, null));
        exchange.sendResponseHeaders(201, -1);
    }

    private ObjectNode asset(Asset asset) {
        ObjectNode node = json.createObjectNode()
                .put("id", asset.id())
                .put("title", asset.title())
                .put("status", binned.contains(asset.id()) ? "DELETED" : "ACTIVE")
                .put("type", "ASSET")
                .put("is_online", true)
                .put("date_created", "2026-11-01T00:00:00Z")
                .put("date_modified", "2026-11-01T00:00:00Z");
        node.putArray("versions").addObject()
                .put("id", asset.versionId())
                .put("version_number", 1)
                .put("status", "ACTIVE")
                .put("date_created", "2026-11-01T00:00:00Z");
        ArrayNode in = node.putArray("in_collections");
        collections.forEach((collection, ids) -> {
            if (ids.contains(asset.id())) {
                in.add(collection);
            }
        });
        return node;
    }

    private void contents(HttpExchange exchange, String collectionId, Map<String, String> query) throws IOException {
        List<String> ids = collections.get(collectionId);
        if (ids == null) {
            send(exchange, 404, errors("Collection not found"));
            return;
        }
        int perPage = Integer.parseInt(query.getOrDefault("per_page", "10"));
        int page = Integer.parseInt(query.getOrDefault("page", "1"));
        int pages = Math.max(1, (ids.size() + perPage - 1) / perPage);
        ObjectNode result = json.createObjectNode().put("page", page).put("pages", pages).put("per_page", perPage)
                .put("total", ids.size());
        ArrayNode objects = result.putArray("objects");
        ids.stream().skip((long) (page - 1) * perPage).limit(perPage).map(assets::get).filter(a -> a != null)
                // iconik lists a collection's assets in full (AssetsSchema), versions and all
                .forEach(a -> objects.add(asset(a).put("object_type", "assets").put("media_type", a.mediaType())));
        if (page < pages) {
            result.put("next_url", "/API/assets/v1/collections/" + collectionId + "/contents/?page=" + (page + 1)
                    + "&per_page=" + perPage);
        }
        send(exchange, 200, result);
    }

    private ObjectNode files(Asset asset, String kind) {
        ObjectNode result = json.createObjectNode();
        ArrayNode objects = result.putArray("objects");
        // iconik transcodes proxies of videos and images; other files (documents, audio here) have none
        boolean proxied = asset.mediaType().startsWith("video") || asset.mediaType().startsWith("image");
        if (kind.equals("files")) {
            objects.addObject().put("id", derivedId(asset, "file")).put("asset_id", asset.id())
                    .put("version_id", asset.versionId()).put("original_name", asset.title()).put("name", asset.title())
                    .put("directory_path", "").put("file_set_id", derivedId(asset, "file-set")).put("type", "FILE")
                    .put("size", asset.content().length).put("status", "CLOSED").put("url", mediaUrl(asset));
        } else if (kind.equals("proxies") && proxied) {
            // The demo has no transcoder: the proxy is the original itself
            objects.addObject().put("id", derivedId(asset, "proxy")).put("asset_id", asset.id())
                    .put("version_id", asset.versionId()).put("name", asset.title()).put("filename", asset.title())
                    .put("status", "CLOSED").put("size", asset.content().length).put("url", mediaUrl(asset));
        }
        return result.put("page", 1).put("pages", 1).put("per_page", 10).put("total", objects.size());
    }

    /** iconik's ids are UUIDs; these are stable per asset. */
    private static String derivedId(Asset asset, String kind) {
        return UUID.nameUUIDFromBytes((asset.id() + "/" + kind).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private String mediaUrl(Asset asset) {
        return baseUrl() + "/media/" + asset.id();
    }

    private void serveMedia(HttpExchange exchange, String assetId) throws IOException {
        Asset asset = assets.get(assetId);
        if (asset == null) {
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.getResponseHeaders().add("Content-Type", asset.mediaType());
        exchange.sendResponseHeaders(200, asset.content().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(asset.content());
        }
    }

    /** {@code POST /simulator/events?asset=ID} or {@code ?collection=ID}: iconik reports a change. */
    private void simulateEvent(HttpExchange exchange, Map<String, String> query) throws IOException {
        Consumer<String> sink = eventSink;
        String event;
        if (query.containsKey("asset") && query.containsKey("collection")) {
            event = addedToCollectionEvent(query.get("collection"), query.get("asset"));
        } else if (query.containsKey("asset")) {
            event = assetEvent(query.get("asset"), "create");
        } else if (query.containsKey("collection")) {
            event = collectionEvent(query.get("collection"), "update");
        } else {
            send(exchange, 400, errors("give ?asset=ID, ?collection=ID or both"));
            return;
        }
        if (sink == null) {
            send(exchange, 409, errors("no queue to send events to"));
            return;
        }
        sink.accept(event);
        send(exchange, 202, json.readTree(event));
    }

    /** Takes a call from both buckets, and says what remains, or when to retry; true when within both. */
    private boolean withinRateLimit(HttpExchange exchange) {
        Bucket second = perSecond;
        Bucket window = perWindow;
        if (second == null || window == null) {
            return true;
        }
        ConsumptionProbe probe;
        synchronized (this) {
            probe = second.tryConsumeAndReturnRemaining(1);
            if (probe.isConsumed()) {
                probe = window.tryConsumeAndReturnRemaining(1);
            }
        }
        exchange.getResponseHeaders().add("RateLimit-Remaining", String.valueOf(window.getAvailableTokens()));
        if (!probe.isConsumed()) {
            long seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            exchange.getResponseHeaders().add("Retry-After", String.valueOf(seconds));
        }
        return probe.isConsumed();
    }

    private synchronized Fault nextFault(String path) {
        for (var it = faults.iterator(); it.hasNext(); ) {
            Fault fault = it.next();
            if (path.contains(fault.pathPart())) {
                it.remove();
                return fault;
            }
        }
        return null;
    }

    private ObjectNode errors(String message) {
        ObjectNode node = json.createObjectNode();
        node.putArray("errors").add(message);
        return node;
    }

    private void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        answered(new Answer(status, "application/json", new String(bytes, StandardCharsets.UTF_8)));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /**
     * Records the API request on this thread with its answer (null: none was sent), once, and before the answer
     * goes out: a client that has its answer finds its call in {@link #requests()}.
     */
    private void answered(Answer answer) {
        Request asked = ASKED.get();
        if (asked != null) {
            ASKED.remove();
            requests.add(new Request(asked.method(), asked.path(), asked.query(), asked.body(), asked.headers(),
                    asked.at(), answer));
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void destroy() {
        server.stop(0);
        ((ExecutorService) server.getExecutor()).shutdownNow();
    }
}

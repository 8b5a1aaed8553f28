package io.notifications.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.Discovery;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The demo's embedded S3 server cannot push event notifications, so this does it for it, as MinIO's webhook target
 * would: each object written to or removed from a bucket that an EVENTS bucket of the demo watches (at the
 * embedded endpoint, with an eventSecret) is posted, as an S3 event, to that bucket's
 * {@code POST /api/buckets/{id}/events}, with its secret as the bearer token.
 */
class DemoBucketEvents implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(DemoBucketEvents.class);

    private final EmbeddedS3Server server;
    private final BucketService buckets;
    private final ObjectMapper objectMapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** S3's sequencer orders the events of a key; MinIO's is the time in nanoseconds, in hexadecimal, as this. */
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() * 1_000_000);

    DemoBucketEvents(EmbeddedS3Server server, BucketService buckets, ObjectMapper objectMapper) {
        this.server = server;
        this.buckets = buckets;
        this.objectMapper = objectMapper;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        String intake = "http://127.0.0.1:" + event.getWebServer().getPort() + "/api/buckets/";
        server.onChange(change -> post(intake, change));
    }

    private void post(String intake, NotifyingBlobStore.Change change) {
        List<Bucket> watching = buckets.named(change.bucket()).stream()
                .filter(b -> b.getDiscovery() == Discovery.EVENTS && b.getEventSecret() != null
                        && Objects.equals(b.getEndpoint(), server.endpoint()))
                .toList();
        for (Bucket bucket : watching) {
            try {
                HttpRequest request = HttpRequest.newBuilder(URI.create(intake + bucket.getId() + "/events"))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + bucket.getEventSecret())
                        .POST(HttpRequest.BodyPublishers.ofString(objectMapper.writeValueAsString(event(change))))
                        .build();
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                    if (error != null || response.statusCode() != 200) {
                        log.warn("Demo: the event for '{}' in {} was not taken: {}", change.key(), bucket,
                                error != null ? error.toString() : response.statusCode() + " " + response.body());
                    }
                });
            } catch (Exception e) {
                log.warn("Demo: could not post the event for '{}' in {}: {}", change.key(), bucket, e.toString());
            }
        }
    }

    /** The S3 event notification AWS would send, with the fields the intake reads. */
    private Map<String, Object> event(NotifyingBlobStore.Change change) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("key", java.net.URLEncoder.encode(change.key(), java.nio.charset.StandardCharsets.UTF_8));
        if (!change.removed()) {
            object.put("size", change.size());
            object.put("eTag", change.etag() == null ? null : change.etag().replace("\"", ""));
        }
        object.put("sequencer", "%016X".formatted(sequencer.incrementAndGet()));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("eventVersion", "2.1");
        record.put("eventSource", "aws:s3");
        record.put("eventTime", Instant.now().toString());
        record.put("eventName", change.removed() ? "ObjectRemoved:Delete" : "ObjectCreated:Put");
        record.put("s3", Map.of("s3SchemaVersion", "1.0", "bucket", Map.of("name", change.bucket()),
                "object", object));
        return Map.of("Records", List.of(record));
    }
}

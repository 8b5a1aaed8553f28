package io.notifications.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.ChecksumMode;
import io.notifications.bucket.Discovery;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.bucket.Vendor;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The demo a new user sees: one DataCore and one Object Matrix bucket on the embedded S3 server, filled with the
 * sample media, which the service then discovers and processes like any other bucket.
 */
class DemoBuckets implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoBuckets.class);

    /**
     * Which pipeline each demo bucket runs: for the pictures of people (and a cat) media-info, then faces in what it
     * found to be a picture or a video; media-info alone for the rest.
     */
    private static final Map<Vendor, List<Map<String, String>>> PIPELINE = Map.of(
            Vendor.DATACORE, List.of(
                    Map.of("processor", "media-info"),
                    Map.of("processor", "facial-recognition", "when", "contentType matches 'image/.*|video/.*'")),
            Vendor.OBJECT_MATRIX, List.of(Map.of("processor", "media-info")));

    /** Which sample goes into which demo bucket. */
    private static final Map<Vendor, List<String>> CONTENT = Map.of(
            Vendor.DATACORE, List.of("astronaut.png", "basketball1.png", "camera.png", "chelsea.png"),
            Vendor.OBJECT_MATRIX, List.of("coffee.png", "rocket.jpg", "Megamind.avi"));

    /** The demo's EVENTS bucket, and the secret its events are posted with (demo only, like the demo API key). */
    static final String EVENTS_BUCKET = "events-demo";
    static final String DEMO_EVENT_SECRET = "demo-event-secret-0001";

    private final EmbeddedS3Server server;
    private final S3ClientFactory clients;
    private final BucketService bucketService;
    private final ObjectMapper objectMapper;

    DemoBuckets(EmbeddedS3Server server, S3ClientFactory clients, BucketService bucketService,
                ObjectMapper objectMapper) {
        this.server = server;
        this.clients = clients;
        this.bucketService = bucketService;
        this.objectMapper = objectMapper;
    }

    @Override
    public void run(ApplicationArguments args) throws IOException {
        for (Vendor vendor : List.of(Vendor.DATACORE, Vendor.OBJECT_MATRIX)) {
            String name = vendor.source() + "-demo";
            upload(vendor, name);
            bucketService.createIfAbsent(new BucketSettings(name, vendor, server.endpoint(), null, null, null,
                            server.accessKey(), server.secretKey(), null, null, null, null, "30s", null, null, true,
                            objectMapper.valueToTree(PIPELINE.get(vendor))))
                    .ifPresent(bucket -> log.info("Demo: registered {} at {}", bucket, server.endpoint()));
        }
        registerEventsBucket();
    }

    /**
     * An empty bucket that hears of new objects through events (posted by {@link DemoBucketEvents}, since the
     * embedded server cannot push), with a listing once an hour to catch what an event missed.
     */
    private void registerEventsBucket() {
        try (S3Client s3 = clients.build(server.endpoint(), Vendor.DEFAULT_REGION, true, ChecksumMode.WHEN_REQUIRED,
                server.accessKey(), server.secretKey())) {
            if (s3.listBuckets().buckets().stream().noneMatch(b -> b.name().equals(EVENTS_BUCKET))) {
                s3.createBucket(b -> b.bucket(EVENTS_BUCKET));
            }
        }
        bucketService.createIfAbsent(new BucketSettings(EVENTS_BUCKET, Vendor.S3, server.endpoint(), null, true,
                        ChecksumMode.WHEN_REQUIRED, server.accessKey(), server.secretKey(), null, null, null, null,
                        null, null, null, true, objectMapper.valueToTree(PIPELINE.get(Vendor.DATACORE)),
                        Discovery.EVENTS, "1h", DEMO_EVENT_SECRET, null))
                .ifPresent(bucket -> log.info("Demo: registered {} at {}, told of new objects by events", bucket,
                        server.endpoint()));
    }

    private void upload(Vendor vendor, String bucketName) throws IOException {
        try (S3Client s3 = clients.build(server.endpoint(), Vendor.DEFAULT_REGION, vendor.defaultPathStyle(),
                vendor.defaultChecksumMode(), server.accessKey(), server.secretKey())) {
            boolean exists = s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucketName));
            if (!exists) {
                s3.createBucket(b -> b.bucket(bucketName));
            }
            var resolver = new PathMatchingResourcePatternResolver();
            for (String file : CONTENT.get(vendor)) {
                Resource resource = resolver.getResource("classpath:demo-media/" + file);
                try (InputStream in = resource.getInputStream()) {
                    s3.putObject(p -> p.bucket(bucketName).key("incoming/" + file),
                            RequestBody.fromInputStream(in, resource.contentLength()));
                }
            }
        }
    }
}

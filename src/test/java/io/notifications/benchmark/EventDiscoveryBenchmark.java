package io.notifications.benchmark;

import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketRepository;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Discovery;
import io.notifications.bucket.InitialScan;
import io.notifications.bucket.Vendor;
import io.notifications.support.ServiceNode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;

/**
 * Event-driven discovery against listing (issue 20), side by side in one run on one S3 bucket. The bucket holds
 * {@code benchmark.objects} tiny objects (100,000 by default) and is registered twice: as an {@code EVENTS} bucket
 * (HTTP intake, a reconciliation listing every hour, the default) and as a {@code LISTING} bucket on a 1-minute
 * schedule. The service refuses two buckets of one name at one endpoint, so the two registrations reach the same S3
 * bucket by two names of the same server, {@code localhost} (EVENTS) and {@code 127.0.0.1} (LISTING), and the S3
 * requests of the service's clients are told apart by that host. The S3 server is an S3Proxy of the benchmark's own,
 * in memory like the embedded one, so that the existing objects can be written straight into its store (PUTs over
 * HTTP managed about 200 a second on 2 busy cores); the new objects are real PUTs. Both registrations use
 * {@code initialScan: NEW_ONLY}, so their baseline scans record the existing objects as SKIPPED; the benchmark waits
 * for both. The LISTING bucket is registered on a 1-hour schedule and switched to 1 minute once its baseline is
 * done, so that no scheduled scan overlaps the long baseline.
 * <p>
 * It then measures:
 * <ol>
 *     <li>one listing pass of each registration with nothing new (a LISTING rescan, an EVENTS reconciliation),
 *     run through {@code direct:bucket-scan}: its S3 requests and wall time;</li>
 *     <li>latency: {@code benchmark.newObjects} new objects (100) are PUT one every {@code benchmark.arrivalMs}
 *     (600 ms, so that the arrivals cover one whole listing period, starting as the 1-minute schedule does), their
 *     keys spread over the key space in a shuffled order. Right after each PUT the benchmark posts the object's S3 event
 *     ({@code ObjectCreated:Put}, with the ETag of the PUT's answer) to {@code POST /api/buckets/{id}/events} of the
 *     EVENTS bucket, as a store's webhook would. Pollers query the item table (every 5 ms for EVENTS, every 100 ms
 *     for LISTING) and note when each key's item first exists, in any status; the time from the PUT's completion to
 *     then is printed as median and p99 (nearest rank), with the item's own {@code created_at} as a cross-check. A
 *     few warm-up events ({@code benchmark.warmUp}, 5) go first and are not counted;</li>
 *     <li>S3 requests per hour while nothing changes: LISTING as the requests of one pass times 60 scans an hour
 *     (computed), and as counted over a real idle window of {@code benchmark.idleSeconds} (120 s, measured);
 *     EVENTS as the requests of one reconciliation pass times one an hour, plus what it made in the idle window
 *     (nothing is expected). The goals: EVENTS p99 under 1 s, and LISTING / EVENTS at least 50x.</li>
 * </ol>
 * Prints numbers; asserts nothing. Takes 8 to 12 minutes at full size on 2 cores. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.EventDiscoveryBenchmark
 * -Dbenchmark.objects=100000} (the profile passes on {@code benchmark.objects}, 10,000 unless given, and
 * {@code benchmark.new}, but no other property) or, on the test classpath, {@code java -cp target/test-classes:target/classes:$(cat cp.txt)
 * io.notifications.benchmark.EventDiscoveryBenchmark}; smaller with {@code -Dbenchmark.objects=20000
 * -Dbenchmark.newObjects=20 -Dbenchmark.idleSeconds=70}.
 */
public final class EventDiscoveryBenchmark {

    private static final String BUCKET = "events-benchmark";
    private static final int EXISTING = Integer.getInteger("benchmark.objects", 100_000);
    /** {@code benchmark.new} too, the property the benchmark profile of the pom passes on. */
    private static final int ARRIVING = Integer.getInteger("benchmark.newObjects",
            Integer.getInteger("benchmark.new", 100));
    private static final long ARRIVAL_MS = Long.getLong("benchmark.arrivalMs", 600);
    private static final int IDLE_SECONDS = Integer.getInteger("benchmark.idleSeconds", 120);
    private static final int WARMUP = Integer.getInteger("benchmark.warmUp", 5);
    private static final int UPLOADERS = Integer.getInteger("benchmark.uploaders", 8);
    private static final String LISTING_SCHEDULE = "1m";
    private static final long LISTING_PERIOD_SECONDS = 60;
    private static final String RECONCILE_SCHEDULE = "1h";
    private static final long RECONCILE_PERIOD_SECONDS = 3600;
    private static final String EVENTS_HOST = "localhost";
    private static final String LISTING_HOST = "127.0.0.1";
    private static final String ACCESS_KEY = "benchmark-access-key";
    private static final String SECRET_KEY = "benchmark-secret-key";
    private static final String EVENT_SECRET = "event-discovery-benchmark-secret";
    private static final Duration PATIENCE = Duration.ofMinutes(10);
    private static final long EVENTS_POLL_MS = 5;
    private static final long LISTING_POLL_MS = 100;

    /**
     * Counts the S3 requests of the service's own clients by the host they are sent to (so by registration) and
     * operation, and the ListObjectsV2 calls that start a listing (no continuation token). Registered as a bean, it
     * is added to every client the service makes; not a @Configuration, so test scans skip it.
     */
    static class HostCounter implements ExecutionInterceptor {
        private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String host = context.httpRequest().host();
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            counts.computeIfAbsent(host + " " + operation, k -> new AtomicLong()).incrementAndGet();
            if (context.request() instanceof ListObjectsV2Request list && list.continuationToken() == null) {
                counts.computeIfAbsent(host + " listing-start", k -> new AtomicLong()).incrementAndGet();
            }
        }

        long count(String host, String operation) {
            AtomicLong count = counts.get(host + " " + operation);
            return count == null ? 0 : count.get();
        }

        /** Every request to the host, listing starts excluded (they are ListObjectsV2 calls, counted already). */
        long total(String host) {
            return counts.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(host + " ") && !e.getKey().endsWith(" listing-start"))
                    .mapToLong(e -> e.getValue().get()).sum();
        }

        Map<String, Long> byOperation(String host) {
            Map<String, Long> result = new TreeMap<>();
            counts.forEach((k, v) -> {
                if (k.startsWith(host + " ") && !k.endsWith(" listing-start")) {
                    result.put(k.substring(host.length() + 1), v.get());
                }
            });
            return result;
        }

        void reset() {
            counts.clear();
        }
    }

    static class Counting {
        @Bean
        HostCounter hostCounter() {
            return new HostCounter();
        }
    }

    /** One new object: its key, and when its PUT completed (both clocks). */
    private record Arrival(String key, long putNanos, Instant putAt) {
    }

    /** The requests and wall time of one listing pass. */
    private record Pass(long lists, long starts, long total, double millis, Map<String, Long> byOperation) {
    }

    private final TransientNio2BlobStore blobs;
    private final S3Proxy s3Server;
    private final int s3Port;
    private final BucketService buckets;
    private final BucketRepository bucketRepository;
    private final HostCounter requests;
    private final NamedParameterJdbcTemplate jdbc;
    private final ProducerTemplate producer;
    private final HttpClient http = HttpClient.newHttpClient();
    private final String eventsUrlBase;
    private final S3Client store;

    private EventDiscoveryBenchmark(ConfigurableApplicationContext service) throws Exception {
        this.buckets = service.getBean(BucketService.class);
        this.bucketRepository = service.getBean(BucketRepository.class);
        this.requests = service.getBean(HostCounter.class);
        this.jdbc = new NamedParameterJdbcTemplate(service.getBean(DataSource.class));
        this.producer = service.getBean(CamelContext.class).createProducerTemplate();
        this.eventsUrlBase = "http://127.0.0.1:" + service.getEnvironment().getProperty("local.server.port")
                + "/api/buckets/";
        // An S3 server of the benchmark's own, like the embedded one, whose store it can fill without HTTP
        this.blobs = new TransientNio2BlobStore();
        this.s3Server = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://" + LISTING_HOST + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .ignoreUnknownHeaders(true)
                .build();
        s3Server.start();
        BenchmarkClock.waitFor(Duration.ofSeconds(30), () -> "STARTED".equals(s3Server.getState()));
        this.s3Port = s3Server.getPort();
        // The uploader's own client, as a user's workflow would have: not counted
        this.store = S3Client.builder()
                .endpointOverride(URI.create("http://" + LISTING_HOST + ":" + s3Port))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    private void close() throws Exception {
        store.close();
        s3Server.stop();
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", "jdbc:h2:mem:event-discovery-benchmark;DB_CLOSE_DELAY=-1",
                "logging.level.io.notifications", "WARN",
                "logging.level.org.apache.camel", "WARN",
                "logging.level.root", "WARN");
        long start = System.nanoTime();
        EventDiscoveryBenchmark benchmark = null;
        // The service stops first, so that no scan of its outlives the S3 server
        try (ConfigurableApplicationContext service = ServiceNode.start(properties, Counting.class)) {
            benchmark = new EventDiscoveryBenchmark(service);
            benchmark.run();
        } finally {
            if (benchmark != null) {
                benchmark.close();
            }
        }
        System.out.printf("Whole run: %.0f s%n", BenchmarkClock.seconds(start));
    }

    private void run() throws Exception {
        String eventsEndpoint = "http://" + EVENTS_HOST + ":" + s3Port;
        String listingEndpoint = "http://" + LISTING_HOST + ":" + s3Port;
        System.out.printf("%nEvent discovery benchmark: %,d objects, then %d new ones (one every %d ms), on an in-memory"
                        + " S3Proxy; EVENTS (HTTP intake, reconcile %s) vs LISTING (%s); %d cores; load average %s%n",
                EXISTING, ARRIVING, ARRIVAL_MS, RECONCILE_SCHEDULE, LISTING_SCHEDULE,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        // 0. The bucket and its existing objects
        store.createBucket(b -> b.bucket(BUCKET));
        long start = System.nanoTime();
        fill(EXISTING);
        System.out.printf("Stored %,d objects in %.1f s (%d threads, straight into the S3 server's store)%n", EXISTING,
                BenchmarkClock.seconds(start), UPLOADERS);

        // 1. Both registrations, NEW_ONLY: their baseline scans record the existing objects as SKIPPED
        start = System.nanoTime();
        Bucket events = buckets.create(settings(eventsEndpoint, Discovery.EVENTS, "1h"));
        Bucket listing = buckets.create(settings(listingEndpoint, Discovery.LISTING, "1h"));
        long eventsId = events.getId();
        long listingId = listing.getId();
        waitFor(() -> baselineDone(eventsId) && baselineDone(listingId));
        System.out.printf("Baseline scans (both at once, NEW_ONLY, %,d items SKIPPED each): done in %.1f s;"
                        + " EVENTS %d ms, LISTING %d ms; load average %s%n", count(eventsId, "SKIPPED"),
                BenchmarkClock.seconds(start), bucketRepository.findById(eventsId).orElseThrow().getLastScanDurationMs(),
                bucketRepository.findById(listingId).orElseThrow().getLastScanDurationMs(), loadAverage());

        // 2. One listing pass of each with nothing new: a LISTING rescan, an EVENTS reconciliation
        Pass listingPass = pass(listingId, LISTING_HOST);
        Pass eventsPass = pass(eventsId, EVENTS_HOST);
        // The floor: the same listing by a plain client, nothing else
        start = System.nanoTime();
        long floorPages = store.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).build()).stream()
                .count();
        double floorMillis = (System.nanoTime() - start) / 1e6;

        // Warm-up, not counted: the first events through the HTTP intake run cold code (a running service is warm)
        for (int i = 0; i < WARMUP; i++) {
            String key = "media/warm-up-%02d.bin".formatted(i);
            byte[] body = ("warm-up " + i).getBytes();
            String etag = store.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(body)).eTag();
            postEvent(eventsId, key, body.length, etag, i);
        }
        waitFor(() -> count(eventsId, "PENDING") + count(eventsId, "PROCESSING") == 0);

        // 3. New objects arrive, with the LISTING bucket on its 1-minute schedule from now
        buckets.update(listingId, settings(listingEndpoint, Discovery.LISTING, LISTING_SCHEDULE));
        long switched = System.nanoTime();
        List<long[]> listingScans = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread scanWatcher = scanWatcher(listingId, switched, listingScans, watching);
        requests.reset();
        Map<String, Long> eventsSeen = new ConcurrentHashMap<>();
        Map<String, Long> listingSeen = new ConcurrentHashMap<>();
        List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
        List<Double> postMillis = new ArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        Thread eventsPoller = poller("events-poller", eventsId, EVENTS_POLL_MS, arrivals, eventsSeen, polling);
        Thread listingPoller = poller("listing-poller", listingId, LISTING_POLL_MS, arrivals, listingSeen, polling);
        String loadBefore = loadAverage();
        long arrivalsStart = System.nanoTime();
        int spacing = Math.max(1, EXISTING / Math.max(1, ARRIVING));
        // Spread over the key space in an order unrelated to the arrival order: keys in arrival order would be met
        // by a scan's progress through the listing at about the pace they arrive, and all wait alike
        List<Integer> positions = new ArrayList<>(IntStream.range(0, ARRIVING).boxed().toList());
        Collections.shuffle(positions, new Random(20));
        for (int i = 0; i < ARRIVING; i++) {
            long due = arrivalsStart + TimeUnit.MILLISECONDS.toNanos(i * ARRIVAL_MS);
            LockSupport.parkNanos(due - System.nanoTime());
            String key = "media/obj-%06d.bin.new".formatted(Math.min(EXISTING, positions.get(i) * spacing));
            byte[] body = ("new object " + i + " ").repeat(8).getBytes();
            String etag = store.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(body)).eTag();
            Arrival arrival = new Arrival(key, System.nanoTime(), Instant.now());
            arrivals.add(arrival);
            long postStart = System.nanoTime();
            postEvent(eventsId, key, body.length, etag, WARMUP + i);
            postMillis.add((System.nanoTime() - postStart) / 1e6);
        }
        double arrivalSeconds = BenchmarkClock.seconds(arrivalsStart);
        boolean allSeen = waitUntil(Duration.ofSeconds(3 * LISTING_PERIOD_SECONDS),
                () -> eventsSeen.size() == ARRIVING && listingSeen.size() == ARRIVING);
        polling.set(false);
        eventsPoller.join();
        listingPoller.join();
        String loadAfter = loadAverage();
        Map<String, Long> arrivalRequests = new LinkedHashMap<>();
        arrivalRequests.put("EVENTS", requests.count(EVENTS_HOST, "ListObjectsV2"));
        arrivalRequests.put("LISTING", requests.count(LISTING_HOST, "ListObjectsV2"));
        long listingStartsDuringArrivals = requests.count(LISTING_HOST, "listing-start");

        // 4. Nothing changes: what each registration asks of S3 (once the new items are processed)
        waitUntil(Duration.ofMinutes(2), () -> count(eventsId, "PENDING") + count(eventsId, "PROCESSING")
                + count(listingId, "PENDING") + count(listingId, "PROCESSING") == 0);
        requests.reset();
        long idleStart = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
        double idleSeconds = BenchmarkClock.seconds(idleStart);
        long idleListingLists = requests.count(LISTING_HOST, "ListObjectsV2");
        long idleListingTotal = requests.total(LISTING_HOST);
        long idleListingStarts = requests.count(LISTING_HOST, "listing-start");
        long idleEventsTotal = requests.total(EVENTS_HOST);
        watching.set(false);
        scanWatcher.join();
        Map<String, Long> idleEventsOps = requests.byOperation(EVENTS_HOST);

        // Report
        System.out.printf("%nOne listing pass with nothing new (%,d objects):%n", EXISTING);
        System.out.printf("  %-34s %8s %10s %10s  %s%n", "", "LISTs", "all S3", "wall ms", "by operation");
        System.out.printf("  %-34s %8d %10d %10.0f  %s%n", "LISTING rescan", listingPass.lists(), listingPass.total(),
                listingPass.millis(), listingPass.byOperation());
        System.out.printf("  %-34s %8d %10d %10.0f  %s%n", "EVENTS reconciliation", eventsPass.lists(),
                eventsPass.total(), eventsPass.millis(), eventsPass.byOperation());
        System.out.printf("  %-34s %8d %10s %10.0f%n", "plain ListObjectsV2 (the floor)", floorPages, "",
                floorMillis);

        System.out.printf("%n%d new objects, PUT one every %d ms over %.1f s (load average %s before, %s after):%n",
                ARRIVING, ARRIVAL_MS, arrivalSeconds, loadBefore, loadAfter);
        if (!allSeen) {
            System.out.printf("  NOT ALL FOUND within %d s of the last PUT: EVENTS %d of %d, LISTING %d of %d%n",
                    3 * LISTING_PERIOD_SECONDS, eventsSeen.size(), ARRIVING, listingSeen.size(), ARRIVING);
        }
        List<Double> eventsLatency = latencies(arrivals, eventsSeen);
        List<Double> listingLatency = latencies(arrivals, listingSeen);
        List<Double> eventsCreated = createdLatencies(eventsId, arrivals);
        List<Double> listingCreated = createdLatencies(listingId, arrivals);
        System.out.printf("  %-52s %10s %10s %10s %10s%n", "PUT completed -> item exists (ms)", "found", "median",
                "p99", "max");
        latencyRow("EVENTS  (poll every %d ms)".formatted(EVENTS_POLL_MS), eventsLatency);
        latencyRow("LISTING (poll every %d ms)".formatted(LISTING_POLL_MS), listingLatency);
        latencyRow("EVENTS,  by the item's created_at", eventsCreated);
        latencyRow("LISTING, by the item's created_at", listingCreated);
        latencyRow("EVENTS: the webhook POST's round trip", postMillis);
        List<String> slow = new ArrayList<>();
        synchronized (arrivals) {
            for (int i = 0; i < arrivals.size(); i++) {
                Long at = eventsSeen.get(arrivals.get(i).key());
                if (at != null && (at - arrivals.get(i).putNanos()) / 1e6 > 250) {
                    slow.add("#%d %.0f ms".formatted(i + 1, (at - arrivals.get(i).putNanos()) / 1e6));
                }
            }
        }
        System.out.printf("  EVENTS over 250 ms (by arrival): %s%n", slow.isEmpty() ? "none" : slow);
        System.out.printf("  EVENTS p99 under 1 s (the goal): %s%n",
                eventsLatency.size() == ARRIVING && percentile(eventsLatency, 99) < 1000 ? "met" : "not met");
        System.out.printf("  ListObjectsV2 while they arrived and were found: EVENTS %d, LISTING %d (%d scheduled"
                + " scans started)%n", arrivalRequests.get("EVENTS"), arrivalRequests.get("LISTING"),
                listingStartsDuringArrivals);

        double listingPerHour = listingPass.total() * (3600.0 / LISTING_PERIOD_SECONDS);
        double listingMeasuredPerHour = idleListingTotal * 3600.0 / idleSeconds;
        double eventsPerHour = eventsPass.total() * (3600.0 / RECONCILE_PERIOD_SECONDS)
                + idleEventsTotal * 3600.0 / idleSeconds;
        System.out.printf("%nS3 requests while nothing changes (idle window of %.0f s):%n", idleSeconds);
        System.out.printf("  LISTING, in the window: %d requests (%d ListObjectsV2, %d scans started) = %.0f/h"
                        + " measured%n", idleListingTotal, idleListingLists, idleListingStarts, listingMeasuredPerHour);
        System.out.printf("  LISTING, computed: %d requests a pass x %d scans/h = %.0f/h%n", listingPass.total(),
                3600 / LISTING_PERIOD_SECONDS, listingPerHour);
        System.out.printf("  EVENTS, in the window: %d requests %s; computed: %d requests a reconciliation x %d/h"
                        + " + %.0f/h between reconciliations = %.0f/h%n", idleEventsTotal, idleEventsOps,
                eventsPass.total(), 3600 / RECONCILE_PERIOD_SECONDS, idleEventsTotal * 3600.0 / idleSeconds,
                eventsPerHour);
        synchronized (listingScans) {
            System.out.printf("  LISTING's scheduled scans (completed at s after the switch to %s: wall ms, new items):"
                    + " %s%n", LISTING_SCHEDULE, listingScans.stream()
                    .map(s -> "%d: %d ms, %d".formatted(s[0], s[1], s[2])).toList());
        }
        // A scan longer than the period delays the next one (stateful trigger): the pace this machine allows
        double scanSeconds;
        synchronized (listingScans) {
            scanSeconds = listingScans.stream().mapToLong(s -> s[1]).average().orElse(listingPass.millis()) / 1000;
        }
        double listingPacedPerHour = listingPass.total() * 3600.0 / Math.max(LISTING_PERIOD_SECONDS, scanSeconds);
        System.out.printf("  LISTING, at the pace this machine allows (scheduled scans took %.0f s on average):"
                + " %.0f/h%n", scanSeconds, listingPacedPerHour);
        System.out.printf("  LISTING / EVENTS: %.1fx computed, %.1fx at this machine's pace, %.1fx with LISTING"
                        + " measured (goal >= 50x: %s computed)%n", listingPerHour / eventsPerHour,
                listingPacedPerHour / eventsPerHour, listingMeasuredPerHour / eventsPerHour,
                listingPerHour / eventsPerHour >= 50 ? "met" : "not met");

        System.out.printf("%nSummary (%,d objects; %d new):%n", EXISTING, ARRIVING);
        System.out.printf("  %-10s %14s %14s %20s%n", "", "median ms", "p99 ms", "idle S3 requests/h");
        System.out.printf("  %-10s %14.0f %14.0f %20.0f%n", "EVENTS", percentile(eventsLatency, 50),
                percentile(eventsLatency, 99), eventsPerHour);
        System.out.printf("  %-10s %14.0f %14.0f %20.0f%n", "LISTING", percentile(listingLatency, 50),
                percentile(listingLatency, 99), listingPerHour);
        System.out.printf("  (load average at the end: %s)%n%n", loadAverage());
    }

    private BucketSettings settings(String endpoint, Discovery discovery, String schedule) {
        boolean events = discovery == Discovery.EVENTS;
        return new BucketSettings(BUCKET, Vendor.DATACORE, endpoint, null, null, null, ACCESS_KEY, SECRET_KEY, null, null, null, InitialScan.NEW_ONLY, schedule, "media-info", null, true, null,
                discovery, events ? RECONCILE_SCHEDULE : null, events ? EVENT_SECRET : null, null);
    }

    /** The existing objects, written straight into the S3 server's store: far faster than PUTs over HTTP. */
    private void fill(int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(UPLOADERS);
        try {
            List<Future<?>> batches = new ArrayList<>();
            int batch = 1000;
            for (int from = 0; from < count; from += batch) {
                int first = from;
                int last = Math.min(count, from + batch);
                batches.add(pool.submit(() -> {
                    for (int i = first; i < last; i++) {
                        String key = "media/obj-%06d.bin".formatted(i);
                        byte[] content = ("object " + i).getBytes();
                        blobs.putBlob(PutObjectRequest.builder().bucket(BUCKET).key(key)
                                .contentLength((long) content.length).build(), new ByteArrayInputStream(content));
                    }
                }));
            }
            for (Future<?> f : batches) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** One listing of the bucket, run now on this thread, with its requests counted by the registration's host. */
    private Pass pass(long bucketId, String host) {
        requests.reset();
        long start = System.nanoTime();
        producer.requestBody("direct:bucket-scan", bucketId);
        double millis = (System.nanoTime() - start) / 1e6;
        return new Pass(requests.count(host, "ListObjectsV2"), requests.count(host, "listing-start"),
                requests.total(host), millis, requests.byOperation(host));
    }

    /** An S3 event for the object, posted to the bucket's HTTP intake as a store's webhook would. */
    private void postEvent(long bucketId, String key, long size, String etag, int sequence) throws Exception {
        String body = """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",\
                "eventTime":"%s","eventName":"ObjectCreated:Put",\
                "s3":{"s3SchemaVersion":"1.0","bucket":{"name":"%s","arn":"arn:aws:s3:::%s"},\
                "object":{"key":"%s","size":%d,"eTag":"%s","sequencer":"%016X"}}}]}"""
                .formatted(Instant.now(), BUCKET, BUCKET, key, size, etag.replace("\"", ""), 0x100000L + sequence);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(eventsUrlBase + bucketId + "/events"))
                .header("Authorization", "Bearer " + EVENT_SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.out.printf("  event for %s answered %d: %s%n", key, response.statusCode(), response.body());
        }
    }

    /**
     * A thread that, every {@code periodMs}, looks up the arrived keys not yet seen as items of the bucket and notes
     * when each first is.
     */
    private Thread poller(String name, long bucketId, long periodMs, List<Arrival> arrivals, Map<String, Long> seen,
                          AtomicBoolean polling) {
        Thread thread = new Thread(() -> {
            while (polling.get()) {
                List<String> outstanding;
                synchronized (arrivals) {
                    outstanding = arrivals.stream().map(Arrival::key).filter(k -> !seen.containsKey(k)).toList();
                }
                if (!outstanding.isEmpty()) {
                    List<String> found = jdbc.queryForList(
                            "SELECT object_key FROM item WHERE bucket_id = :bucket AND object_key IN (:keys)",
                            new MapSqlParameterSource("bucket", bucketId).addValue("keys", outstanding), String.class);
                    long now = System.nanoTime();
                    found.forEach(key -> seen.putIfAbsent(key, now));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(periodMs));
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A thread that notes each scan of the bucket as it completes: seconds since {@code since}, wall ms, new items. */
    private Thread scanWatcher(long bucketId, long since, List<long[]> scans, AtomicBoolean watching) {
        Thread thread = new Thread(() -> {
            Object lastScan = null;
            while (watching.get()) {
                Map<String, Object> row = jdbc.queryForMap("SELECT last_scan_at, last_scan_duration_ms,"
                        + " last_scan_queued FROM bucket WHERE id = :id", Map.of("id", bucketId));
                Object at = row.get("last_scan_at");
                if (lastScan != null && at != null && !at.equals(lastScan)) {
                    scans.add(new long[] {TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since),
                            number(row.get("last_scan_duration_ms")), number(row.get("last_scan_queued"))});
                }
                lastScan = at;
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }, "scan-watcher");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static long number(Object value) {
        return value instanceof Number n ? n.longValue() : -1;
    }

    private static List<Double> latencies(List<Arrival> arrivals, Map<String, Long> seen) {
        List<Double> result = new ArrayList<>();
        synchronized (arrivals) {
            for (Arrival arrival : arrivals) {
                Long at = seen.get(arrival.key());
                if (at != null) {
                    result.add((at - arrival.putNanos()) / 1e6);
                }
            }
        }
        return result;
    }

    /** From the PUT's completion to the item's created_at, as the service's clock wrote it. */
    private List<Double> createdLatencies(long bucketId, List<Arrival> arrivals) {
        Map<String, Instant> putAt = new LinkedHashMap<>();
        synchronized (arrivals) {
            arrivals.forEach(a -> putAt.put(a.key(), a.putAt()));
        }
        List<Double> result = new ArrayList<>();
        jdbc.query("SELECT object_key, created_at FROM item WHERE bucket_id = :bucket AND object_key IN (:keys)",
                new MapSqlParameterSource("bucket", bucketId).addValue("keys", putAt.keySet()), rs -> {
                    Instant created = rs.getObject("created_at", OffsetDateTime.class).toInstant();
                    result.add(Duration.between(putAt.get(rs.getString("object_key")), created).toNanos() / 1e6);
                });
        return result;
    }

    private static void latencyRow(String label, List<Double> values) {
        System.out.printf("  %-52s %10d %10.0f %10.0f %10.0f%n", label, values.size(), percentile(values, 50),
                percentile(values, 99), values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN));
    }

    /** Nearest rank; NaN for no values. */
    private static double percentile(Collection<Double> values, int percent) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    private boolean baselineDone(long bucketId) {
        return bucketRepository.findById(bucketId).map(Bucket::getBaselineCompletedAt).isPresent();
    }

    private long count(long bucketId, String status) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM item WHERE bucket_id = :bucket AND status = :status",
                new MapSqlParameterSource("bucket", bucketId).addValue("status", status), Long.class);
        return count == null ? 0 : count;
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static void waitFor(BooleanSupplier condition) {
        BenchmarkClock.waitFor(PATIENCE, condition);
    }

    /** Like waitFor, but gives up quietly: false if the condition did not hold in time. */
    private static boolean waitUntil(Duration patience, BooleanSupplier condition) {
        try {
            BenchmarkClock.waitFor(patience, condition);
            return true;
        } catch (IllegalStateException timedOut) {
            return false;
        }
    }
}

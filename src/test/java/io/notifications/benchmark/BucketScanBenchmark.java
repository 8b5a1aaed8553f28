package io.notifications.benchmark;

import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.ChecksumMode;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.S3RequestCounter;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.apache.camel.support.processor.idempotent.MemoryIdempotentRepository;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Compares, in one run on one bucket of the embedded S3 server, the service's scan with a stock Camel aws2-s3
 * consumer ({@code deleteAfterRead=false} plus an idempotent repository), and with a plain ListObjectsV2 listing.
 * Prints numbers; asserts nothing. Run with {@code mvn -Pbenchmark verify}.
 */
public final class BucketScanBenchmark {

    private static final String BUCKET = "benchmark";
    private static final int EXISTING = Integer.getInteger("benchmark.objects", 10_000);
    private static final int ARRIVING = Integer.getInteger("benchmark.new", 100);
    private static final Duration PATIENCE = Duration.ofMinutes(10);

    /** Counts the requests of the service's own S3 clients. Not a @Configuration, so test scans skip it. */
    static class ServiceCounter {
        @Bean
        S3RequestCounter serviceRequests() {
            return new S3RequestCounter();
        }
    }

    private BucketScanBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", "jdbc:h2:mem:benchmark;DB_CLOSE_DELAY=-1",
                "logging.level.io.notifications", "WARN",
                "logging.level.org.apache.camel", "WARN",
                "logging.level.root", "WARN");
        try (ConfigurableApplicationContext service = ServiceNode.start(properties, ServiceCounter.class)) {
            new BucketScanBenchmark().run(service);
        }
    }

    private void run(ConfigurableApplicationContext service) throws Exception {
        EmbeddedS3Server server = service.getBean(EmbeddedS3Server.class);
        S3ClientFactory factory = service.getBean(S3ClientFactory.class);
        S3RequestCounter serviceRequests = service.getBean(S3RequestCounter.class);
        CamelContext camel = service.getBean(CamelContext.class);
        ItemRepository items = service.getBean(ItemRepository.class);
        BucketService buckets = service.getBean(BucketService.class);

        S3RequestCounter stockRequests = new S3RequestCounter();
        S3Client stockClient = S3Client.builder()
                .endpointOverride(java.net.URI.create(server.endpoint()))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                .overrideConfiguration(o -> o.addExecutionInterceptor(stockRequests))
                .build();
        S3Client plain = factory.build(server.endpoint(), "us-east-1", true, ChecksumMode.WHEN_REQUIRED,
                server.accessKey(), server.secretKey());

        System.out.printf("%nBucket scan benchmark: %,d objects, then %,d new ones, on the embedded S3 server%n",
                EXISTING, ARRIVING);
        plain.createBucket(b -> b.bucket(BUCKET));
        long uploadStart = System.nanoTime();
        IntStream.range(0, EXISTING).parallel().forEach(i -> put(plain, "media/obj-%06d.bin".formatted(i), i));
        System.out.printf("Uploaded %,d objects in %.1f s%n", EXISTING, seconds(uploadStart));

        // 1. The service discovers and processes everything
        long processStart = System.nanoTime();
        long bucketId = buckets.create(new BucketSettings(BUCKET, Vendor.DATACORE, server.endpoint(), null, null, null,
                server.accessKey(), server.secretKey(), null, null, null, null, "1h", "media-info", null, true)).getId();
        waitFor(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == EXISTING);
        double processSeconds = seconds(processStart);

        // 2. The stock consumer reads the same bucket until its idempotent repository holds every key
        Set<String> stockSeen = ConcurrentHashMap.newKeySet();
        camel.getRegistry().bind("stockS3", stockClient);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("aws2-s3://" + BUCKET + "?amazonS3Client=#stockS3&autoCreateBucket=false&deleteAfterRead=false"
                        + "&maxMessagesPerPoll=1000&delay=100")
                        .routeId("stock-aws2-s3-consumer")
                        .idempotentConsumer(header(AWS2S3Constants.KEY),
                                MemoryIdempotentRepository.memoryIdempotentRepository(EXISTING + ARRIVING + 1000))
                        .process(exchange -> stockSeen.add(exchange.getMessage().getHeader(AWS2S3Constants.KEY, String.class)));
            }
        });
        long warmStart = System.nanoTime();
        waitFor(() -> stockSeen.size() == EXISTING);
        double stockWarmSeconds = seconds(warmStart);
        camel.getRouteController().suspendRoute("stock-aws2-s3-consumer");

        // 3. The floor: listing the bucket, nothing else (median of three)
        List<Double> listings = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            long keys = plain.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).build())
                    .contents().stream().count();
            listings.add(millis(start));
            if (keys != EXISTING) {
                throw new IllegalStateException("listed " + keys + " keys");
            }
        }
        Collections.sort(listings);
        double floorMs = listings.get(1);

        // 4. New objects arrive; the service rescans (workers paused, so only discovery is counted)
        // Spread over the key space, as real arrivals are, rather than all at one end of the listing
        int spacing = Math.max(1, EXISTING / ARRIVING);
        IntStream.range(0, ARRIVING).parallel().forEach(i ->
                put(plain, "media/obj-%06d.bin.new".formatted(i * spacing), EXISTING + i));
        // Workers stopped: the new items stay queued, so only discovery is counted
        camel.getRouteController().stopRoute("item-process");
        serviceRequests.reset();
        ProducerTemplate producer = camel.createProducerTemplate();
        long rescanStart = System.nanoTime();
        producer.requestBody("direct:bucket-scan", bucketId);
        double rescanMs = millis(rescanStart);
        long serviceLists = serviceRequests.count("ListObjectsV2");
        long serviceGets = serviceRequests.count("GetObject");
        long serviceHeads = serviceRequests.count("HeadObject");
        long serviceBytes = serviceRequests.bytesDownloaded();
        long queued = items.countByBucketIdAndStatus(bucketId, ItemStatus.PENDING);
        // Rescans with nothing new, alternating with plain listings so both see the same machine load
        List<Double> idleRescans = new ArrayList<>();
        List<Double> plainListings = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            producer.requestBody("direct:bucket-scan", bucketId);
            idleRescans.add(millis(start));
            start = System.nanoTime();
            plain.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(BUCKET).build()).contents().stream().count();
            plainListings.add(millis(start));
        }
        long idleRescanGets = serviceRequests.count("GetObject");
        camel.getRouteController().startRoute("item-process");

        // 5. The stock consumer finds the same new objects
        stockRequests.reset();
        long stockStart = System.nanoTime();
        camel.getRouteController().resumeRoute("stock-aws2-s3-consumer");
        waitFor(() -> stockSeen.size() == EXISTING + ARRIVING);
        double stockMs = millis(stockStart);
        long stockLists = stockRequests.count("ListObjects") + stockRequests.count("ListObjectsV2");
        long stockGets = stockRequests.count("GetObject");
        long stockHeads = stockRequests.count("HeadObject");
        long stockBytes = stockRequests.bytesDownloaded();

        // 6. What the stock consumer keeps doing when nothing changes
        stockRequests.reset();
        long idleStart = System.nanoTime();
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(5));
        double idleGetsPerSecond = stockRequests.count("GetObject") / seconds(idleStart);
        camel.getRouteController().stopRoute("stock-aws2-s3-consumer");
        waitFor(() -> items.countByBucketIdAndStatus(bucketId, ItemStatus.DONE) == EXISTING + ARRIVING);

        System.out.printf("%nEnd to end (discover + media-info, PENDING to DONE): %,d items in %.1f s = %.0f items/s%n",
                EXISTING, processSeconds, EXISTING / processSeconds);
        System.out.printf("Stock consumer's first pass over the %,d objects: %.1f s%n", EXISTING, stockWarmSeconds);
        System.out.printf("%nFinding %d new objects among %,d:%n", ARRIVING, EXISTING + ARRIVING);
        System.out.printf("%-24s %16s %16s %10s%n", "", "service rescan", "stock consumer", "ratio");
        row("LIST requests", serviceLists, stockLists);
        row("GET requests", serviceGets, stockGets);
        row("HEAD requests", serviceHeads, stockHeads);
        row("bytes downloaded", serviceBytes, stockBytes);
        System.out.printf("%-24s %16.0f %16.0f %9.1fx%n", "wall time (ms)", rescanMs, stockMs, stockMs / rescanMs);
        System.out.printf("%-24s %16d%n", "items queued", queued);
        System.out.printf("%nPlain ListObjectsV2 of the bucket (floor, median of 3): %.0f ms; rescan / floor = %.2f%n",
                floorMs, rescanMs / floorMs);
        double idleRescanMs = median(idleRescans);
        double plainMs = median(plainListings);
        System.out.printf("Rescans with nothing new vs plain listings, alternated (median of 5): %.0f ms vs %.0f ms"
                + " = %.2f; GETs: %d%n", idleRescanMs, plainMs, idleRescanMs / plainMs, idleRescanGets);
        System.out.printf("Stock consumer while nothing changes: %.0f GETs/s%n%n", idleGetsPerSecond);
        stockClient.close();
        plain.close();
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

        private static void put(S3Client s3, String key, int seed) {
        byte[] content = ("object " + seed + " ").repeat(16).getBytes();
        s3.putObject(p -> p.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
    }

    private static void row(String label, long service, long stock) {
        String ratio = service == 0 ? (stock == 0 ? "-" : "inf") : "%.1fx".formatted((double) stock / service);
        System.out.printf("%-24s %,16d %,16d %10s%n", label, service, stock, ratio);
    }

    private static void waitFor(BooleanSupplier condition) {
        BenchmarkClock.waitFor(PATIENCE, condition);
    }

    private static double seconds(long startNanos) {
        return BenchmarkClock.seconds(startNanos);
    }

    private static double millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}

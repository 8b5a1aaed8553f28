package io.notifications.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.management.OperatingSystemMXBean;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.ChecksumMode;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.item.Item;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.processing.MediaSource;
import io.notifications.support.S3RequestCounter;
import io.notifications.support.ServiceNode;
import io.notifications.support.Store;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A two-step pipeline against its two processors run one after the other as separate buckets, on the same objects
 * of the embedded S3 server: (A) a bucket running the first processor, (B) one running the second, (C) one running
 * both as a pipeline, which claims each item once and fetches its media once. Each run times the scan to the last
 * item DONE; the runs alternate their order round by round, so that the machine's noise falls on all alike. Three
 * pairings show where the pipeline saves: pictures through media-info then facial-recognition (the model's work
 * dominates), large objects through two cheap steps (the fetch dominates), and many tiny objects through two cheap
 * steps (the claim and the bookkeeping dominate). Before the large objects, what sharing a fetch costs and saves is
 * timed one object at a time. Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.PipelineBenchmark}.
 */
public final class PipelineBenchmark {

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
    private static final int PICTURE_COPIES = Integer.getInteger("benchmark.pictureCopies", 10);
    private static final int LARGE_OBJECTS = Integer.getInteger("benchmark.largeObjects", 12);
    private static final int LARGE_MB = Integer.getInteger("benchmark.largeMb", 20);
    private static final int TINY_OBJECTS = Integer.getInteger("benchmark.tinyObjects", 400);
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final List<String> PICTURES = List.of(
            "astronaut.png", "basketball1.png", "camera.png", "chelsea.png", "coffee.png", "rocket.jpg");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OperatingSystemMXBean CPU =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /** Counts the requests of the service's own S3 clients. Not a @Configuration, so test scans skip it. */
    static class ServiceCounter {
        @Bean
        S3RequestCounter serviceRequests() {
            return new S3RequestCounter();
        }
    }

    /**
     * What one run measured. {@code cpuSeconds}: the CPU time of this whole JVM (the service and the S3 server that
     * serves its GETs), which other processes on a busy machine disturb less than the wall time.
     * {@code stepSeconds}: each step's recorded durations, summed over the items.
     */
    private record Run(double seconds, double cpuSeconds, long gets, long bytes, List<Double> stepSeconds) {
        String steps() {
            return String.join(" + ", stepSeconds.stream().map("%.2f"::formatted).toList());
        }
    }

    private final EmbeddedS3Server server;
    private final Store store;
    private final S3ClientFactory clients;
    private final BucketService buckets;
    private final ItemRepository items;
    private final S3RequestCounter requests;

    private PipelineBenchmark(ConfigurableApplicationContext service) {
        this.server = service.getBean(EmbeddedS3Server.class);
        this.store = new Store(server);
        this.clients = service.getBean(S3ClientFactory.class);
        this.buckets = service.getBean(BucketService.class);
        this.items = service.getBean(ItemRepository.class);
        this.requests = service.getBean(S3RequestCounter.class);
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = Map.of(
                "spring.datasource.url", "jdbc:h2:mem:pipeline-benchmark;DB_CLOSE_DELAY=-1",
                "logging.level.io.notifications", "WARN",
                "logging.level.org.apache.camel", "WARN",
                "logging.level.root", "WARN");
        try (ConfigurableApplicationContext service = ServiceNode.start(properties, ServiceCounter.class)) {
            int workers = service.getEnvironment().getProperty("notifications.processing.concurrency", Integer.class);
            System.out.printf("%nPipeline benchmark: a two-step pipeline (C) against its two steps as separate buckets"
                            + " (A, B), on the same objects of the embedded S3 server (in memory); %d rounds, order"
                            + " alternated; %d workers, %d cores%n", ROUNDS, workers,
                    Runtime.getRuntime().availableProcessors());
            PipelineBenchmark benchmark = new PipelineBenchmark(service);
            try {
                benchmark.run();
            } finally {
                benchmark.store.destroy();
            }
        }
    }

    private void run() throws Exception {
        long start = System.nanoTime();
        int pictures = fillPictures("pictures", PICTURE_COPIES);
        int large = fillLarge("large", LARGE_OBJECTS, LARGE_MB);
        store.createBucket("tiny");
        store.putMany("tiny", "tiny-", TINY_OBJECTS);
        System.out.printf("Uploaded the objects in %.1f s%n", seconds(start));

        // Loads the face model and warms the code paths; not counted
        start = System.nanoTime();
        measure("pictures", pictures, List.of("media-info", "facial-recognition", "counting"));
        System.out.printf("Warm-up (one pipeline run over the pictures): %.1f s%n", seconds(start));

        pairing("1. %d pictures (the 6 samples x %d), media-info then facial-recognition (tiny model)"
                        .formatted(pictures, PICTURE_COPIES), "pictures", pictures, "media-info", "facial-recognition");
        fetchFloor("large", large);
        pairing("2. %d objects of %d MB, media-info (SHA-256) then counting (reads the stream)"
                        .formatted(large, LARGE_MB), "large", large, "media-info", "counting");
        pairing("3. %d objects of a few bytes, media-info then counting".formatted(TINY_OBJECTS), "tiny",
                TINY_OBJECTS, "media-info", "counting");
    }

    /** A, B and C, ROUNDS times, in alternating order; prints each run and the ratio C / (A + B). */
    private void pairing(String title, String bucket, int count, String first, String second) throws Exception {
        System.out.printf("%nPairing %s%n", title);
        System.out.printf("  (load average before: %s)%n", loadAverage());
        System.out.printf("  %-5s %-36s %8s %9s %6s %6s %11s  %s%n", "round", "run", "seconds", "items/s", "CPU s",
                "GETs", "MB fetched", "step time s");
        Map<String, List<String>> runs = Map.of(
                "A", List.of(first),
                "B", List.of(second),
                "C", List.of(first, second));
        double[] sums = new double[3];
        double[] cpuSums = new double[3];
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            List<String> order = round % 2 == 0 ? List.of("A", "B", "C") : List.of("C", "B", "A");
            double[] seconds = new double[3];
            for (String label : order) {
                List<String> steps = runs.get(label);
                Run run = measure(bucket, count, steps);
                int index = label.charAt(0) - 'A';
                seconds[index] = run.seconds();
                sums[index] += run.seconds();
                cpuSums[index] += run.cpuSeconds();
                System.out.printf("  %-5d %-36s %8.2f %9.1f %6.2f %6d %11.1f  %s%n", round + 1,
                        label + " " + describe(steps), run.seconds(), count / run.seconds(), run.cpuSeconds(),
                        run.gets(), run.bytes() / 1e6, run.steps());
            }
            double ratio = seconds[2] / (seconds[0] + seconds[1]);
            ratios.add(ratio);
            System.out.printf("  round %d: C / (A + B) = %.2f / (%.2f + %.2f) = %.2f%n", round + 1, seconds[2],
                    seconds[0], seconds[1], ratio);
        }
        double overall = sums[2] / (sums[0] + sums[1]);
        List<Double> sorted = ratios.stream().sorted().toList();
        System.out.printf("  all rounds: C / (A + B) = %.2f / (%.2f + %.2f) = %.2f; per round %s, median %.2f;"
                        + " goal <= 0.60: %s%n", sums[2], sums[0], sums[1], overall,
                ratios.stream().map("%.2f"::formatted).toList(), sorted.get(sorted.size() / 2),
                overall <= 0.6 ? "met" : "not met");
        System.out.printf("  CPU time, all rounds: C / (A + B) = %.2f / (%.2f + %.2f) = %.2f%n", cpuSums[2], cpuSums[0],
                cpuSums[1], cpuSums[2] / (cpuSums[0] + cpuSums[1]));
        System.out.printf("  (load average after: %s)%n", loadAverage());
    }

    /**
     * What sharing a fetch costs and saves, one object at a time with nothing else running: a GET streamed (what a
     * lone step reads), a GET into the shared file with a first read of it (a pipeline's first step), and a second
     * read of that file (every later step). Two passes over the objects; the second is printed.
     */
    private void fetchFloor(String bucket, int count) throws Exception {
        try (S3Client s3 = clients.build(server.endpoint(), Vendor.DEFAULT_REGION, true, ChecksumMode.WHEN_REQUIRED,
                server.accessKey(), server.secretKey())) {
            long[] nanos = new long[3];
            for (int pass = 0; pass < 2; pass++) {
                Arrays.fill(nanos, 0);
                for (int i = 0; i < count; i++) {
                    String key = "large-%03d.bin".formatted(i);
                    MediaSource.Opener get = () -> s3.getObject(g -> g.bucket(bucket).key(key));
                    long start = System.nanoTime();
                    drain(get.open());
                    nanos[0] += System.nanoTime() - start;
                    try (MediaSource shared = new MediaSource(i, key, null, get).readOnce()) {
                        start = System.nanoTime();
                        drain(shared.openStream());
                        nanos[1] += System.nanoTime() - start;
                        start = System.nanoTime();
                        drain(shared.openStream());
                        nanos[2] += System.nanoTime() - start;
                    }
                }
            }
            System.out.printf("%nOne %d MB object at a time (mean of %d): a GET streamed %.1f ms; a GET into the shared"
                            + " file and a first read of it %.1f ms; a second read of the file %.1f ms%n", LARGE_MB,
                    count, nanos[0] / 1e6 / count, nanos[1] / 1e6 / count, nanos[2] / 1e6 / count);
        }
    }

    private static void drain(InputStream in) throws IOException {
        try (in) {
            in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /**
     * Registers a bucket running {@code steps} over the store bucket, times it from registration (which scans) to
     * the last item DONE, then deletes it with its items, so that the next run finds the same objects new.
     */
    private Run measure(String bucket, int count, List<String> steps) {
        JsonNode pipeline = JSON.valueToTree(steps.stream().map(processor -> Map.of("processor", processor)).toList());
        requests.reset();
        long cpuStart = CPU.getProcessCpuTime();
        long start = System.nanoTime();
        long id = buckets.create(new BucketSettings(bucket, Vendor.DATACORE, server.endpoint(), null, null, null,
                server.accessKey(), server.secretKey(), null, null, null, null, "1h", null, null, true,
                pipeline)).getId();
        waitFor(() -> {
            if (items.countByBucketIdAndStatus(id, ItemStatus.FAILED) > 0) {
                throw new IllegalStateException("an item failed: " + items.findAll().stream()
                        .filter(i -> i.getStatus() == ItemStatus.FAILED).findFirst().map(Item::getLastError)
                        .orElse("?"));
            }
            return items.countByBucketIdAndStatus(id, ItemStatus.DONE) == count;
        });
        double seconds = seconds(start);
        double cpuSeconds = (CPU.getProcessCpuTime() - cpuStart) / 1e9;
        long gets = requests.count("GetObject");
        long bytes = requests.bytesDownloaded();
        long[] stepMillis = new long[steps.size()];
        items.findAll().stream().filter(i -> Long.valueOf(id).equals(i.getBucketId()))
                .forEach(item -> addStepMillis(item, stepMillis));
        buckets.delete(id);
        List<Double> stepSeconds = LongStream.of(stepMillis).mapToObj(ms -> ms / 1000.0).toList();
        return new Run(seconds, cpuSeconds, gets, bytes, stepSeconds);
    }

    /**
     * Adds an item's recorded step durations to {@code sums}: the processors' own time, which includes reading the
     * media (in a pipeline the first step that reads it fetches it into the shared file), not the claim.
     */
    private static void addStepMillis(Item item, long[] sums) {
        try {
            JsonNode steps = JSON.readTree(item.getSteps());
            for (int i = 0; i < sums.length; i++) {
                sums[i] += steps.path(i).path("durationMs").asLong();
            }
        } catch (Exception e) {
            throw new IllegalStateException("unreadable steps of item " + item.getId(), e);
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (Exception e) {
            return "unknown";
        }
    }

    private static String describe(List<String> steps) {
        return String.join(" -> ", steps);
    }

    private int fillPictures(String bucket, int copies) throws Exception {
        store.createBucket(bucket);
        List<byte[]> contents = new ArrayList<>();
        for (String picture : PICTURES) {
            try (InputStream in = PipelineBenchmark.class.getClassLoader()
                    .getResourceAsStream("demo-media/" + picture)) {
                contents.add(in.readAllBytes());
            }
        }
        IntStream.range(0, copies).parallel().forEach(copy -> {
            for (int i = 0; i < PICTURES.size(); i++) {
                store.put(bucket, "copy-%03d/%s".formatted(copy, PICTURES.get(i)), contents.get(i));
            }
        });
        return copies * PICTURES.size();
    }

    /** Random bytes: incompressible, and sniffed as application/octet-stream. */
    private int fillLarge(String bucket, int count, int megabytes) {
        store.createBucket(bucket);
        IntStream.range(0, count).parallel().forEach(i -> {
            byte[] content = new byte[megabytes << 20];
            new Random(i).nextBytes(content);
            store.put(bucket, "large-%03d.bin".formatted(i), content);
        });
        return count;
    }

    private static void waitFor(BooleanSupplier condition) {
        BenchmarkClock.waitFor(PATIENCE, condition);
    }

    private static double seconds(long startNanos) {
        return BenchmarkClock.seconds(startNanos);
    }
}

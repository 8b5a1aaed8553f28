package io.notifications.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import io.notifications.support.Store;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Items per second with one node and with two nodes on one PostgreSQL database, side by side, for a processor
 * that sleeps (I/O-bound work) and for {@code media-info}. Both nodes run in this JVM, on this machine's cores.
 * Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.ClusterBenchmark}.
 */
public final class ClusterBenchmark {

    private static final int ITEMS = Integer.getInteger("benchmark.items", 2_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ClusterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.out.printf("%nCluster benchmark: %,d items per run, nodes with 4 workers each, PostgreSQL%n", ITEMS);
        run(1, "counting", "{\"sleepMs\": 50}", true);
        for (String[] processor : List.of(new String[] {"counting", "{\"sleepMs\": 50}"},
                new String[] {"media-info", "{}"})) {
            double one = run(1, processor[0], processor[1], false);
            double two = run(2, processor[0], processor[1], false);
            System.out.printf("  %-10s %-18s 1 node %7.1f items/s   2 nodes %7.1f items/s   x%.2f%n", processor[0],
                    processor[1], one, two, two / one);
        }
    }

    /** Items per second for {@code nodes} nodes processing a bucket of ITEMS objects. */
    private static double run(int nodes, String processor, String config, boolean warmUp) throws Exception {
        try (PostgresSchema schema = new PostgresSchema()) {
            List<ConfigurableApplicationContext> started = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    Map<String, Object> node = new HashMap<>(schema.nodeProperties());
                    node.put("notifications.node.id", "bench-" + i);
                    node.put("notifications.embedded.s3.enabled", String.valueOf(i == 0));
                    node.put("notifications.embedded.sqs.enabled", "false");
                    node.put("notifications.embedded.iconik.enabled", "false");
                    node.put("iconik.webhook-secret", "");
                    node.put("notifications.processing.concurrency", "4");
                    node.put("spring.jmx.unique-names", "true");
                    node.put("logging.level.root", "WARN");
                    started.add(ServiceNode.start(node));
                }
                ConfigurableApplicationContext first = started.get(0);
                EmbeddedS3Server s3 = first.getBean(EmbeddedS3Server.class);
                Store store = new Store(s3);
                store.createBucket("bench");
                store.putMany("bench", "bench-", ITEMS);
                long start = System.nanoTime();
                long bucket = first.getBean(BucketService.class).create(new BucketSettings("bench", Vendor.DATACORE,
                        s3.endpoint(), null, null, null, s3.accessKey(), s3.secretKey(), null, null, null, null,
                        "1h", processor, JSON.readTree(config), true)).getId();
                ItemRepository items = first.getBean(ItemRepository.class);
                while (items.countByBucketIdAndStatus(bucket, ItemStatus.DONE) < ITEMS) {
                    LockSupport.parkNanos(20_000_000);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (warmUp) {
                    System.out.printf("  warm-up: %.1f s%n", seconds);
                }
                return ITEMS / seconds;
            } finally {
                started.forEach(ConfigurableApplicationContext::close);
            }
        }
    }
}

package io.notifications.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.notifications.bucket.BucketScheduler;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import io.notifications.bucket.Vendor;
import io.notifications.embedded.EmbeddedS3Server;
import io.notifications.support.PostgresSchema;
import io.notifications.support.Receiver;
import io.notifications.support.ServiceNode;
import io.notifications.support.ServiceNodeMain;
import io.notifications.support.Store;
import io.notifications.support.TestProcessors.CountingProcessor;
import io.notifications.system.NodeIdentity;
import io.notifications.webhook.WebhookService;
import io.notifications.webhook.WebhookSettings;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Nodes on one PostgreSQL database: they share a bucket's items, each claimed by one node only, so none is
 * processed twice and every webhook is delivered once; a killed node's items are finished by the other once their
 * lease runs out; a bucket changed through one node reaches the other's schedule.
 */
class SharedDatabaseTest {

    private static final int ITEMS = 2000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoNodesShareTheWorkAndNoItemIsProcessedTwice() throws Exception {
        try (PostgresSchema schema = new PostgresSchema(); Receiver receiver = new Receiver();
             ConfigurableApplicationContext a = ServiceNode.start(node(schema, "node-a", true));
             ConfigurableApplicationContext b = ServiceNode.start(node(schema, "node-b", false))) {
            EmbeddedS3Server s3 = a.getBean(EmbeddedS3Server.class);
            Store store = new Store(s3);
            store.createBucket("shared");
            store.putMany("shared", "shared-", ITEMS);
            b.getBean(WebhookService.class).create(new WebhookSettings(receiver.url("/done"), List.of("item.done"),
                    null, null, null, null, true, null));
            long bucket = a.getBean(BucketService.class).create(new BucketSettings("shared", Vendor.DATACORE,
                    s3.endpoint(), null, null, null, s3.accessKey(), s3.secretKey(), null, null, null, null, "1h",
                    "counting", null, true)).getId();

            ItemRepository items = a.getBean(ItemRepository.class);
            await().atMost(Duration.ofMinutes(3)).until(() ->
                    items.countByBucketIdAndStatus(bucket, ItemStatus.DONE) == ITEMS);

            Map<String, AtomicInteger> processed = CountingProcessor.EVERY_NODE.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("shared-"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(processed).hasSize(ITEMS);
            assertThat(processed.values()).allSatisfy(count -> assertThat(count.get()).isOne());
            int byA = a.getBean(CountingProcessor.class).processedHere();
            int byB = b.getBean(CountingProcessor.class).processedHere();
            assertThat(byA + byB).isEqualTo(ITEMS);
            assertThat(byA).as("items processed by node a").isPositive();
            assertThat(byB).as("items processed by node b").isPositive();

            // Every item's event reaches the receiver; each delivery is claimed by one node, so once
            await().atMost(Duration.ofMinutes(2)).until(() -> webhookIds(receiver).size() == ITEMS);
            assertThat(receiver.requests()).hasSize(ITEMS);
            assertThat(items.findAll()).allSatisfy(item -> assertThat(item.getLeaseOwner()).isNull());
            System.out.printf("SharedDatabaseTest: node a processed %d, node b %d; %d deliveries for %d events%n",
                    byA, byB, receiver.requests().size(), webhookIds(receiver).size());
        }
    }

    @Test
    void aBucketChangedThroughOneNodeReachesTheOtherNodesSchedule() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext a = ServiceNode.start(synced(node(schema, "node-a", true)));
             ConfigurableApplicationContext b = ServiceNode.start(synced(node(schema, "node-b", false)))) {
            EmbeddedS3Server s3 = a.getBean(EmbeddedS3Server.class);
            new Store(s3).createBucket("scheduled");
            BucketService buckets = a.getBean(BucketService.class);
            long id = buckets.create(settings(s3, "1h", true)).getId();
            CamelContext camelOfB = b.getBean(CamelContext.class);
            String route = BucketScheduler.routeId(id);

            await().atMost(Duration.ofSeconds(20)).until(() -> camelOfB.getRoute(route) != null);
            assertThat(camelOfB.getRoute(route).getEndpoint().getEndpointUri()).contains("repeatInterval=3600000");
            buckets.update(id, settings(s3, "2h", true));
            await().atMost(Duration.ofSeconds(20)).until(() -> camelOfB.getRoute(route) != null
                    && camelOfB.getRoute(route).getEndpoint().getEndpointUri().contains("repeatInterval=7200000"));
            buckets.update(id, settings(s3, "2h", false));
            await().atMost(Duration.ofSeconds(20)).until(() -> camelOfB.getRoute(route) == null);
        }
    }

    @Test
    void withThePostgresProfileEachScheduledScanFiresOnOneNode() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext a = ServiceNode.start(clustered(node(schema, "node-a", true)));
             ConfigurableApplicationContext b = ServiceNode.start(clustered(node(schema, "node-b", false)))) {
            EmbeddedS3Server s3 = a.getBean(EmbeddedS3Server.class);
            new Store(s3).createBucket("clustered");
            long id = a.getBean(BucketService.class).create(new BucketSettings("clustered", Vendor.DATACORE,
                    s3.endpoint(), null, null, null, s3.accessKey(), s3.secretKey(), null, null, null, null, "2s",
                    "counting", null, true)).getId();
            CamelContext camelOfB = b.getBean(CamelContext.class);
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    camelOfB.getRoute(BucketScheduler.routeId(id)) != null);
            long from = scans(a, id) + scans(b, id);
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> scans(a, id) + scans(b, id) - from >= 8);
            double seconds = (System.nanoTime() - started) / 1e9;
            // Every 2 s on one node: about one scan per 2 s in all. Each node firing its own would give two.
            assertThat(seconds).as("8 scans took %.1f s", seconds).isGreaterThan(12);
            System.out.printf("SharedDatabaseTest: 8 scans in %.1f s, node a %d, node b %d%n", seconds,
                    scans(a, id), scans(b, id));
        }
    }

    private static long scans(ConfigurableApplicationContext node, long bucket) {
        var timer = node.getBean(MeterRegistry.class).find("notifications.scan.duration")
                .tag("bucket", String.valueOf(bucket)).timer();
        return timer == null ? 0 : timer.count();
    }

    private static Map<String, Object> clustered(Map<String, Object> node) {
        node.put("spring.profiles.include", "postgres");
        node.put("notifications.schedules.sync-interval", "500ms");
        return node;
    }

    private static BucketSettings settings(EmbeddedS3Server s3, String schedule, boolean active) {
        return new BucketSettings("scheduled", Vendor.DATACORE, s3.endpoint(), null, null, null, s3.accessKey(),
                s3.secretKey(), null, null, null, null, schedule, "counting", null, active);
    }

    private static Map<String, Object> synced(Map<String, Object> node) {
        node.put("notifications.schedules.sync-interval", "500ms");
        return node;
    }

    /**
     * Two nodes with default settings on one host (here, one machine) take different ids: when one is killed, the
     * other does not mistake the dead node's items for its own, and finishes them once their lease runs out.
     */
    @Test
    void whenANodeIsKilledTheOtherFinishesItsWorkAfterTheLeaseExpires() throws Exception {
        int count = 120;
        try (PostgresSchema schema = new PostgresSchema(); Receiver receiver = new Receiver();
             ConfigurableApplicationContext b = ServiceNode.start(leased(node(schema, null, true)))) {
            String idOfB = b.getBean(NodeIdentity.class).id();
            fill(b, receiver, "killed", count);
            JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
            KilledNode a = killWhileHoldingItems(leased(node(schema, null, false)), b, "killed", 300);
            String idOfA = a.id();
            long bucket = a.bucket();
            assertThat(idOfA).as("the second node's default id").isNotEqualTo(idOfB).startsWith(idOfB);
            int orphaned = processingByOthers(jdbc, idOfB);
            ItemRepository items = b.getBean(ItemRepository.class);
            await().atMost(Duration.ofMinutes(2)).until(() -> items.countByBucketIdAndStatus(bucket, ItemStatus.DONE)
                    == count);
            assertThat(processingByOthers(jdbc, idOfB)).isZero();
            assertDoneOnce(receiver, count);
            System.out.printf("SharedDatabaseTest: nodes '%s' and '%s'; '%s' was killed holding %d item(s), and "
                    + "'%s' finished all %d%n", idOfB, idOfA, idOfA, orphaned, idOfB, count);
        }
    }

    /**
     * A node killed and started again on the same host takes its old id back, and so returns its interrupted items
     * at once: the lease here is far longer than the test may take.
     */
    @Test
    void aRestartedNodeTakesItsIdBackAndReturnsItsWorkAtOnce() throws Exception {
        int count = 40;
        try (PostgresSchema schema = new PostgresSchema(); Receiver receiver = new Receiver();
             ConfigurableApplicationContext b = ServiceNode.start(longLeased(node(schema, null, true)))) {
            String idOfB = b.getBean(NodeIdentity.class).id();
            fill(b, receiver, "restarted", count);
            JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
            KilledNode a = killWhileHoldingItems(longLeased(node(schema, null, false)), b, "restarted", 500);
            String idOfA = a.id();
            long bucket = a.bucket();
            int orphaned = processingByOthers(jdbc, idOfB);
            // The database ends the killed node's session, and its lock with it
            await().atMost(Duration.ofSeconds(30)).until(() -> liveNodes(jdbc).equals(List.of(idOfB)));
            Process again = startJvm(longLeased(node(schema, null, false)), "node-a-again");
            try {
                awaitUp(again, "node-a-again", jdbc, 2);
                assertThat(liveNodes(jdbc)).containsExactlyInAnyOrder(idOfA, idOfB);
                ItemRepository items = b.getBean(ItemRepository.class);
                await().atMost(Duration.ofMinutes(2)).until(() ->
                        items.countByBucketIdAndStatus(bucket, ItemStatus.DONE) == count);
                assertDoneOnce(receiver, count);
            } finally {
                again.destroyForcibly().waitFor();
            }
            System.out.printf("SharedDatabaseTest: '%s' was killed holding %d item(s) under a 10 min lease; "
                    + "restarted, it was '%s' again and all %d items were DONE%n", idOfA, orphaned, idOfA, count);
        }
    }

    @Test
    void aConfiguredIdThatALiveNodeHoldsStopsStartup() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext twin = ServiceNode.start(node(schema, "twin", false))) {
            assertThat(twin.getBean(NodeIdentity.class).id()).isEqualTo("twin");
            assertThatThrownBy(() -> ServiceNode.start(node(schema, "twin", false)).close())
                    .hasStackTraceContaining("notifications.node.id: 'twin' is held by another live node");
        }
    }

    /** A node killed while it held items: the id it had, and the bucket whose items it held. */
    private record KilledNode(String id, long bucket) {
    }

    /**
     * Starts a node with {@code settings} in a JVM of its own beside {@code b}, creates the bucket through b, and
     * kills the new node with {@code kill -9} (no shutdown hook runs, no lease is given back) as soon as it holds
     * some of the bucket's items.
     */
    private static KilledNode killWhileHoldingItems(Map<String, Object> settings, ConfigurableApplicationContext b,
                                                    String bucketName, int sleepMs) throws Exception {
        String idOfB = b.getBean(NodeIdentity.class).id();
        JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
        Process node = startJvm(settings, "node-a");
        try {
            awaitUp(node, "node-a", jdbc, 2);
            long bucket = startBucket(b, bucketName, sleepMs);
            await().atMost(Duration.ofMinutes(1)).until(() -> processingByOthers(jdbc, idOfB) > 0);
            String id = liveNodes(jdbc).stream().filter(other -> !other.equals(idOfB)).findFirst().orElseThrow();
            return new KilledNode(id, bucket);
        } finally {
            node.destroyForcibly().waitFor();
        }
    }

    /** Objects in a new bucket on the node's S3 server, and a receiver of their item.done events. */
    private static void fill(ConfigurableApplicationContext node, Receiver receiver, String name, int count) {
        EmbeddedS3Server s3 = node.getBean(EmbeddedS3Server.class);
        Store store = new Store(s3);
        store.createBucket(name);
        store.putMany(name, name + "-", count);
        node.getBean(WebhookService.class).create(new WebhookSettings(receiver.url("/done"), List.of("item.done"),
                null, null, null, null, true, null));
    }

    private static long startBucket(ConfigurableApplicationContext node, String name, int sleepMs) throws Exception {
        EmbeddedS3Server s3 = node.getBean(EmbeddedS3Server.class);
        return node.getBean(BucketService.class).create(new BucketSettings(name, Vendor.DATACORE, s3.endpoint(),
                null, null, null, s3.accessKey(), s3.secretKey(), null, null, null, null, "1h", "counting",
                JSON.readTree("{\"sleepMs\": " + sleepMs + "}"), true)).getId();
    }

    /** Each item became DONE once: one item.done event (one webhook-id) per item, delivered at least once. */
    private static void assertDoneOnce(Receiver receiver, int count) throws Exception {
        await().atMost(Duration.ofMinutes(1)).until(() -> webhookIds(receiver).size() == count);
        Map<Long, Set<String>> idsPerItem = new HashMap<>();
        for (Receiver.Request request : receiver.requests()) {
            idsPerItem.computeIfAbsent(JSON.readTree(request.body()).findValue("itemId").asLong(),
                    item -> new HashSet<>()).add(request.header("webhook-id"));
        }
        assertThat(idsPerItem).hasSize(count);
        assertThat(idsPerItem.values()).allSatisfy(ids -> assertThat(ids).hasSize(1));
    }

    /** The ids of the nodes whose sessions hold their id now (NodeIdentity names its session after it). */
    private static List<String> liveNodes(JdbcTemplate jdbc) {
        return jdbc.queryForList("select substr(application_name, 20) from pg_stat_activity "
                + "where application_name like 'notifications node %'", String.class);
    }

    private static int processingByOthers(JdbcTemplate jdbc, String node) {
        return jdbc.queryForObject("select count(*) from item where status = 'PROCESSING' and lease_owner <> ?",
                Integer.class, node);
    }

    /**
     * Until the node in its own JVM has taken its id, so {@code nodes} are live, and has started: its id is taken
     * early in its startup, and a loaded machine may need half a minute more before its routes take work.
     */
    private static void awaitUp(Process node, String log, JdbcTemplate jdbc, int nodes) {
        await().atMost(Duration.ofMinutes(3)).until(() -> {
            assertThat(node.isAlive()).as("the node in its own JVM is running").isTrue();
            return liveNodes(jdbc).size() == nodes
                    && Files.readString(Path.of("target", log + ".log")).contains("Started ServiceNodeMain in");
        });
    }

    /** A node in a JVM of its own, with this JVM's classpath; its output goes to target/{@code log}.log. */
    private static Process startJvm(Map<String, Object> properties, String log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
                "-cp", classpath(), ServiceNodeMain.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", log + ".log").toFile()).start();
    }

    /**
     * This JVM's classpath, spelt out and each entry once: Surefire may run tests from a jar whose manifest lists
     * the classpath, and Camel's route scanning finds a route file twice through a directory listed twice.
     */
    private static String classpath() throws Exception {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && entry.contains("surefire")) {
                try (JarFile booter = new JarFile(entry)) {
                    String listed = booter.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String url : listed == null ? new String[0] : listed.trim().split("\\s+")) {
                        entries.add(Path.of(URI.create(url)).toAbsolutePath().normalize().toString());
                    }
                }
            } else {
                entries.add(Path.of(entry).toAbsolutePath().normalize().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** A lease longer than any wait here: only a restart returns a killed node's items in time. */
    private static Map<String, Object> longLeased(Map<String, Object> node) {
        node.put("notifications.processing.lease", "10m");
        node.put("notifications.processing.lease-renewal", "1m");
        node.put("notifications.processing.concurrency", "2");
        return node;
    }

    /** Short leases, so that a dead node's work is taken over within seconds. */
    private static Map<String, Object> leased(Map<String, Object> node) {
        node.put("notifications.processing.lease", "3s");
        node.put("notifications.processing.lease-renewal", "1s");
        node.put("notifications.processing.concurrency", "2");
        return node;
    }

    private static Set<String> webhookIds(Receiver receiver) {
        return receiver.requests().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet());
    }

    private static Map<String, Object> node(PostgresSchema schema, String id, boolean withStore) {
        Map<String, Object> node = new HashMap<>(schema.nodeProperties());
        if (id != null) {
            node.put("notifications.node.id", id);
        }
        node.put("notifications.embedded.s3.enabled", String.valueOf(withStore));
        node.put("notifications.embedded.sqs.enabled", "false");
        node.put("notifications.embedded.iconik.enabled", "false");
        node.put("iconik.webhook-secret", "");
        node.put("notifications.processing.concurrency", "4");
        // Two nodes in one JVM register their MBeans under names of their own
        node.put("spring.jmx.unique-names", "true");
        return node;
    }
}

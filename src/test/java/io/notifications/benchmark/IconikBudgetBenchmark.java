package io.notifications.benchmark;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * How close two nodes sharing one iconik credential set come to what iconik's limits allow. 500 asset-create events
 * arrive through the embedded SQS server; two nodes on one PostgreSQL database, with the same {@code iconik.app-id},
 * take them, load each asset, process it with {@code media-info} (cheap, so the budget and not the CPU binds) and
 * write back. The simulator enforces iconik's limits (50/s, 1,000 in 20 s) and counts the calls it answers with 429;
 * the service's budget is at its defaults (45/s, 900 in 20 s). Prints the calls per asset (the simulator's recorded
 * API calls, media downloads excluded), the 429s, the assets per second from the first event to the last item DONE,
 * the ceiling (45/s ÷ calls per asset) and the fraction of it achieved. Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.IconikBudgetBenchmark}.
 */
public final class IconikBudgetBenchmark {

    private static final int ASSETS = Integer.getInteger("benchmark.assets", 500);
    /** The service's default budget: 45/s sustained and 900 per 20 s (= 45/s); the one that binds is 45/s. */
    private static final double BUDGET_PER_SECOND = Math.min(45.0, 900.0 / 20);

    private IconikBudgetBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.out.printf("%niconik budget benchmark: %,d assets through SQS, 2 nodes on one PostgreSQL, one credential"
                + " set, media-info; simulator limits 50/s and 1,000/20 s, service budget 45/s and 900/20 s%n", ASSETS);
        try (PostgresSchema schema = new PostgresSchema()) {
            Map<String, Object> first = node(schema, "bench-a");
            first.put("notifications.embedded.sqs.enabled", "true");
            first.put("notifications.embedded.iconik.enabled", "true");
            try (ConfigurableApplicationContext a = ServiceNode.start(first)) {
                IconikSimulator iconik = a.getBean(IconikSimulator.class);
                EmbeddedSqsServer sqsServer = a.getBean(EmbeddedSqsServer.class);
                Map<String, Object> second = node(schema, "bench-b");
                second.put("notifications.embedded.sqs.enabled", "false");
                second.put("notifications.embedded.iconik.enabled", "false");
                second.put("iconik.base-url", iconik.baseUrl());
                second.put("iconik.queue", sqsServer.queueUrl());
                second.put("iconik.sqs.endpoint", sqsServer.endpoint().toString());
                second.put("iconik.sqs.access-key", EmbeddedSqsServer.ACCESS_KEY);
                second.put("iconik.sqs.secret-key", EmbeddedSqsServer.ACCESS_KEY);
                try (ConfigurableApplicationContext b = ServiceNode.start(second)) {
                    run(a, b, iconik, sqsServer);
                }
            }
        }
        // Embedded PostgreSQL and other non-daemon threads would keep the JVM alive
        System.exit(0);
    }

    private static void run(ConfigurableApplicationContext a, ConfigurableApplicationContext b, IconikSimulator iconik,
                            EmbeddedSqsServer sqsServer) {
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        List<String> assets = IntStream.range(0, ASSETS).mapToObj(i -> {
            String id = UUID.randomUUID().toString();
            iconik.addDemoAsset(id, "v1-" + id.substring(0, 8), "coffee.png", "image/png");
            return id;
        }).toList();
        List<String> events = assets.stream().map(id -> iconik.assetEvent(id, "create")).toList();
        int callsBefore = iconik.requests().size();
        long rateLimitedBefore = iconik.rateLimited();
        double callsBeforeA = calls(a);
        double callsBeforeB = calls(b);
        Instant started = Instant.now();
        try (SqsClient sqs = sqsServer.client()) {
            for (int from = 0; from < events.size(); from += 10) {
                List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
                for (int i = from; i < Math.min(from + 10, events.size()); i++) {
                    batch.add(SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(events.get(i)).build());
                }
                sqs.sendMessageBatch(r -> r.queueUrl(sqsServer.queueUrl()).entries(batch));
            }
        }
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        long done;
        while ((done = count(jdbc, "DONE")) < ASSETS && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(100).toNanos());
        }
        Timestamp lastDone = jdbc.queryForObject("SELECT MAX(finished_at) FROM item WHERE status = 'DONE'",
                Timestamp.class);
        double seconds = Duration.between(started, lastDone.toInstant()).toMillis() / 1000.0;

        List<IconikSimulator.Request> calls = iconik.requests().subList(callsBefore, iconik.requests().size())
                .stream().filter(r -> r.path().startsWith("/API/")).toList();
        long rateLimited = iconik.rateLimited() - rateLimitedBefore;
        double perAsset = (double) calls.size() / ASSETS;
        double assetsPerSecond = done / seconds;
        double ceiling = BUDGET_PER_SECOND / perAsset;

        if (done < ASSETS) {
            System.out.printf("  NOT FINISHED: %d of %d items DONE after 10 minutes; statuses: %s%n", done, ASSETS,
                    jdbc.queryForList("SELECT status, COUNT(*) AS n FROM item GROUP BY status"));
        }
        System.out.printf("  %,d assets DONE in %.1f s (first event to last item DONE) = %.2f assets/s%n", done,
                seconds, assetsPerSecond);
        System.out.printf("  iconik API calls: %,d (media downloads excluded) = %.2f per asset; node a %.0f, node b %.0f%n",
                calls.size(), perAsset, calls(a) - callsBeforeA, calls(b) - callsBeforeB);
        System.out.printf("  calls by kind: %s%n", byKind(calls));
        System.out.printf("  calls answered 429 by the simulator: %d%n", rateLimited);
        int[] busiest = busiestSecond(calls, started);
        System.out.printf("  calls/s to iconik: %.1f average (budget 45/s, iconik 50/s); busiest second %d calls,"
                + " beginning %.1f s after the first event%n", calls.size() / seconds, busiest[0], busiest[1] / 1000.0);
        System.out.printf("  ceiling = 45/s / %.2f calls per asset = %.2f assets/s; achieved %.2f = %.0f%% of it%n",
                perAsset, ceiling, assetsPerSecond, 100 * assetsPerSecond / ceiling);
        System.out.printf("  goal (zero 429s and at least 90%% of the ceiling): %s%n",
                rateLimited == 0 && assetsPerSecond >= 0.9 * ceiling ? "met" : "NOT met");
    }

    private static long count(JdbcTemplate jdbc, String status) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM item WHERE status = ?", Long.class, status);
    }

    private static Map<String, Long> byKind(List<IconikSimulator.Request> calls) {
        Map<String, Long> kinds = new TreeMap<>();
        for (IconikSimulator.Request r : calls) {
            String kind = r.method() + " " + r.path().replaceAll("[0-9a-fA-F]{8}-[0-9a-fA-F-]{27}", "{id}");
            kinds.merge(kind, 1L, Long::sum);
        }
        return kinds;
    }

    /** The most calls that began within any one second, and when that second began (ms after {@code started}). */
    private static int[] busiestSecond(List<IconikSimulator.Request> calls, Instant started) {
        List<Instant> at = calls.stream().map(IconikSimulator.Request::at).sorted().toList();
        int most = 0;
        long from = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (Duration.between(at.get(j), at.get(i)).toMillis() >= 1000) {
                j++;
            }
            if (i - j + 1 > most) {
                most = i - j + 1;
                from = Duration.between(started, at.get(j)).toMillis();
            }
        }
        return new int[] {most, (int) from};
    }

    private static double calls(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).find("notifications.iconik.api.calls").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Map<String, Object> node(PostgresSchema schema, String id) {
        Map<String, Object> node = new HashMap<>(schema.nodeProperties());
        node.put("spring.profiles.include", "postgres");
        node.put("notifications.node.id", id);
        node.put("notifications.embedded.s3.enabled", "false");
        // The same credential set on both nodes: one shared budget, at its defaults (45/s, 900 per 20 s)
        node.put("iconik.app-id", "test-app");
        node.put("iconik.auth-token", "test-token");
        node.put("iconik.webhook-secret", "");
        // Budget-bound intake takes longer than the test profile's 1 s; no message should be received twice
        node.put("iconik.visibility-timeout", "60s");
        node.put("notifications.embedded.sqs.max-receive-count", "10");
        node.put("iconik.rules[0].name", "everything");
        node.put("iconik.rules[0].processor", "media-info");
        node.put("iconik.rules[0].metadata-view", "view-1");
        node.put("iconik.rules[0].events[0]", "assets.*.create");
        node.put("notifications.processing.concurrency", "4");
        node.put("spring.jmx.unique-names", "true");
        node.put("camel.main.jmx-enabled", "false");
        node.put("logging.level.root", "WARN");
        return node;
    }
}

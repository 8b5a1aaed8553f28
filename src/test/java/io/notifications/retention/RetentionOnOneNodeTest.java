package io.notifications.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * With the postgres profile, two nodes share the retention job through Quartz's clustered job store: each firing
 * runs on one node only, the other node runs it when the first stops, and the deletes work on PostgreSQL.
 */
class RetentionOnOneNodeTest {

    @Test
    void eachScheduledRunHappensOnOneNodeOfTheCluster() throws Exception {
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext a = ServiceNode.start(node(schema, "node-a"));
             ConfigurableApplicationContext b = ServiceNode.start(node(schema, "node-b"))) {
            JdbcTemplate jdbc = b.getBean(JdbcTemplate.class);
            jdbc.update("INSERT INTO audit (at, actor, action, target, method, path, status, outcome) VALUES (?, "
                    + "'clustered', 'delete-bucket', '/api/buckets/1', 'DELETE', '/api/buckets/1', 204, 'SUCCEEDED')",
                    Timestamp.from(Instant.now().minus(Duration.ofDays(500))));

            long from = runs(a) + runs(b);
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(60)).until(() -> runs(a) + runs(b) - from >= 6);
            double seconds = (System.nanoTime() - started) / 1e9;

            // Every 2 s on one node: about one run per 2 s in all. Each node firing its own would give two.
            assertThat(seconds).as("6 runs took %.1f s", seconds).isGreaterThan(8);
            assertThat(failedRuns(a) + failedRuns(b)).as("runs that failed on PostgreSQL").isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit WHERE actor = 'clustered'", Long.class))
                    .isZero();
            assertThat(deleted(a) + deleted(b)).as("the old entry, deleted once").isEqualTo(1);
            System.out.printf("RetentionOnOneNodeTest: 6 runs in %.1f s, node a %d, node b %d%n", seconds, runs(a),
                    runs(b));

            // The job is the cluster's: with node a stopped, node b runs every firing. (In one JVM Quartz keeps one
            // connection provider per scheduler name, the last started node's, so it is the first node that stops.)
            a.close();
            long byB = runs(b);
            await().atMost(Duration.ofSeconds(30)).until(() -> runs(b) - byB >= 2);
            assertThat(failedRuns(b)).isZero();
        }
    }

    private static long runs(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).find("notifications.retention.duration").timers().stream()
                .mapToLong(Timer::count).sum();
    }

    private static long failedRuns(ConfigurableApplicationContext node) {
        Timer failed = node.getBean(MeterRegistry.class).find("notifications.retention.duration")
                .tag("outcome", "failed").timer();
        return failed == null ? 0 : failed.count();
    }

    private static double deleted(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).get("notifications.retention.deleted").tag("kind", "audit")
                .counter().count();
    }

    private static Map<String, Object> node(PostgresSchema schema, String id) {
        Map<String, Object> node = new HashMap<>(schema.nodeProperties());
        node.put("spring.profiles.include", "postgres");
        node.put("notifications.node.id", id);
        node.put("notifications.retention.schedule", "*/2 * * * * ?");
        node.put("notifications.embedded.s3.enabled", "false");
        node.put("notifications.embedded.sqs.enabled", "false");
        node.put("notifications.embedded.iconik.enabled", "false");
        node.put("iconik.webhook-secret", "");
        // Two nodes in one JVM register their MBeans under names of their own
        node.put("spring.jmx.unique-names", "true");
        // Without Camel's JMX, whose name clash would rename the second CamelContext: a Quartz job names the context
        // that runs it, and on separate machines every node's is "notifications"
        node.put("camel.main.jmx-enabled", "false");
        return node;
    }
}

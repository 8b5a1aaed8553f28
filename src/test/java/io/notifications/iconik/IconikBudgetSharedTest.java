package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.PostgresSchema;
import io.notifications.support.ServiceNode;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Two nodes on one PostgreSQL database, with the same iconik credentials, share one API budget: each alone may
 * call 8 times a second, which together would be 16, yet iconik (the simulator, limited to 10 a second here)
 * answers no call with 429 and sees no more than 10 a second from both.
 */
class IconikBudgetSharedTest {

    private static final int ASSETS_PER_NODE = 10;
    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");

    @Test
    void twoNodesShareOneBudgetForTheSameCredentials() throws Exception {
        Map<String, Object> first = node("node-a");
        first.put("notifications.embedded.iconik.enabled", "true");
        first.put("notifications.embedded.iconik.rate-limit.per-second", "10");
        first.put("notifications.embedded.iconik.rate-limit.per-window", "200");
        try (PostgresSchema schema = new PostgresSchema();
             ConfigurableApplicationContext a = ServiceNode.start(withSchema(first, schema))) {
            IconikSimulator iconik = a.getBean(IconikSimulator.class);
            Map<String, Object> second = node("node-b");
            second.put("notifications.embedded.iconik.enabled", "false");
            second.put("iconik.base-url", iconik.baseUrl());
            try (ConfigurableApplicationContext b = ServiceNode.start(withSchema(second, schema))) {
                List<String> viaA = assets(iconik);
                List<String> viaB = assets(iconik);
                Api apiA = api(a);
                Api apiB = api(b);
                Instant started = Instant.now();
                int callsBefore = iconik.requests().size();
                for (int i = 0; i < ASSETS_PER_NODE; i++) {
                    assertThat(apiA.post("/api/iconik/events", iconik.assetEvent(viaA.get(i), "create"), SECRET)
                            .status()).isEqualTo(202);
                    assertThat(apiB.post("/api/iconik/events", iconik.assetEvent(viaB.get(i), "create"), SECRET)
                            .status()).isEqualTo(202);
                }

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                        .until(() -> done(apiA, viaA) && done(apiA, viaB));
                List<IconikSimulator.Request> calls = iconik.requests().subList(callsBefore,
                        iconik.requests().size());
                double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

                assertThat(iconik.rateLimited()).as("calls iconik answered with 429").isZero();
                assertThat(calls.size() / seconds).as("calls per second from both nodes").isLessThanOrEqualTo(10);
                assertThat(busiestSecond(calls)).as("calls in the busiest second").isLessThanOrEqualTo(2 * 10);
                assertThat(calls(a)).as("calls node a made").isPositive();
                assertThat(calls(b)).as("calls node b made").isPositive();
                JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
                assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM iconik_budget", Long.class))
                        .as("one shared budget for the one credential set").isOne();
                System.out.printf("IconikBudgetSharedTest: %d assets on two nodes, %d iconik calls, 0 answered 429,"
                        + " in %.1f s: %.1f calls/s (limit 10/s), busiest second %d%n", 2 * ASSETS_PER_NODE,
                        calls.size(), seconds, calls.size() / seconds, busiestSecond(calls));
            }
        }
    }

    private static List<String> assets(IconikSimulator iconik) {
        return IntStream.range(0, ASSETS_PER_NODE).mapToObj(i -> {
            String id = UUID.randomUUID().toString();
            iconik.addDemoAsset(id, "v1-" + id.substring(0, 8), "coffee.png", "image/png");
            return id;
        }).toList();
    }

    private static boolean done(Api api, List<String> assets) {
        for (String asset : assets) {
            JsonNode items = api.items("asset=" + asset).get("items");
            if (items.size() != 1 || !items.get(0).get("status").asText().equals("DONE")) {
                return false;
            }
        }
        return true;
    }

    /** The most calls that began within any one second. */
    private static int busiestSecond(List<IconikSimulator.Request> calls) {
        List<Instant> at = calls.stream().map(IconikSimulator.Request::at).sorted().toList();
        int most = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (Duration.between(at.get(j), at.get(i)).toMillis() >= 1000) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }

    private static double calls(ConfigurableApplicationContext node) {
        return node.getBean(MeterRegistry.class).find("notifications.iconik.api.calls").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private static Api api(ConfigurableApplicationContext node) {
        return new Api(node.getEnvironment(), node.getBean(ObjectMapper.class));
    }

    private static Map<String, Object> withSchema(Map<String, Object> node, PostgresSchema schema) {
        node.putAll(schema.nodeProperties());
        return node;
    }

    private static Map<String, Object> node(String id) {
        Map<String, Object> node = new HashMap<>();
        node.put("spring.profiles.include", "postgres");
        node.put("notifications.node.id", id);
        node.put("notifications.embedded.s3.enabled", "false");
        node.put("notifications.embedded.sqs.enabled", "false");
        node.put("iconik.rate-limit.per-second", "8");
        node.put("iconik.rate-limit.per-window", "150");
        node.put("iconik.rules[0].name", "everything");
        node.put("iconik.rules[0].processor", "media-info");
        node.put("iconik.rules[0].metadata-view", "view-1");
        node.put("iconik.rules[0].events[0]", "assets.*.create");
        node.put("spring.jmx.unique-names", "true");
        node.put("camel.main.jmx-enabled", "false");
        return node;
    }
}

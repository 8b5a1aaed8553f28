package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Many assets arrive on the SQS intake at once, against a simulator that enforces iconik's published limits
 * (50 calls/s, 1,000 in 20 s): the budget keeps every call, reads and write-backs alike, under them, so iconik
 * never answers 429, and every item is done.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=everything",
        "iconik.rules[0].processor=media-info",
        "iconik.rules[0].metadata-view=view-1",
        "iconik.rules[0].events[0]=assets.*.create"})
class IconikBudgetTest {

    private static final int ASSETS = 120;

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    EmbeddedSqsServer sqsServer;
    @Autowired
    MeterRegistry metrics;

    @Test
    void manyAssetsAtOnceStayWithinIconiksLimitsAndAllAreDone() {
        long rateLimitedBefore = iconik.rateLimited();
        int callsBefore = iconik.requests().size();
        List<String> assets = IntStream.range(0, ASSETS).mapToObj(i -> {
            String id = UUID.randomUUID().toString();
            iconik.addDemoAsset(id, "v1-" + id.substring(0, 8), "coffee.png", "image/png");
            return id;
        }).toList();
        Instant started = Instant.now();
        try (SqsClient sqs = sqsServer.client()) {
            for (int from = 0; from < ASSETS; from += 10) {
                List<String> batch = assets.subList(from, from + 10);
                sqs.sendMessageBatch(b -> b.queueUrl(sqsServer.queueUrl()).entries(IntStream.range(0, batch.size())
                        .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i)
                                .messageBody(iconik.assetEvent(batch.get(i), "create")).build())
                        .toList()));
            }
        }

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> done(assets) == ASSETS);
        double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
        int calls = iconik.requests().size() - callsBefore;

        assertThat(iconik.rateLimited() - rateLimitedBefore).as("calls iconik answered with 429").isZero();
        assertThat(calls).as("calls of iconik's API").isGreaterThanOrEqualTo(ASSETS * 4);
        assertThat(calls / seconds).as("calls per second").isLessThanOrEqualTo(50);
        Timer waits = metrics.find("notifications.iconik.budget.wait").tag("outcome", "granted").timer();
        assertThat(waits).as("calls that waited for the budget").isNotNull();
        assertThat(waits.count()).isPositive();
        assertThat(metrics.find("notifications.iconik.budget.wait").tag("outcome", "timed-out").timer()).isNull();
        System.out.printf("IconikBudgetTest: %d assets, %d iconik calls, 0 answered 429, in %.1f s: %.1f assets/s,"
                        + " %.1f calls/s; %d calls waited %.1f s in all%n", ASSETS, calls, seconds, ASSETS / seconds,
                calls / seconds, waits.count(), waits.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS) / 1000);
    }

    private long done(List<String> assets) {
        Set<String> wanted = new HashSet<>(assets);
        JsonNode items = api.items("source=iconik&status=DONE&size=500").get("items");
        long count = 0;
        for (JsonNode item : items) {
            count += wanted.contains(item.path("assetId").asText()) ? 1 : 0;
        }
        return count;
    }
}

package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** After an item is scanned, processed and announced, Prometheus scrapes its numbers from /actuator/prometheus. */
@ServiceTest
class MetricsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void scansProcessingItemsAndWebhookDeliveriesAreMeasured() throws Exception {
        try (Receiver receiver = new Receiver()) {
            assertThat(api.post("/api/webhooks", Map.of("url", receiver.url("/metrics"),
                    "eventTypes", List.of("item.done"))).status()).isEqualTo(201);
            store.createBucket("measured");
            store.put("measured", "one.txt", "one");
            store.put("measured", "two.txt", "two");
            long bucket = api.createBucket(store.bucketSettings("DATACORE", "measured", "media-info"))
                    .get("id").asLong();
            await().atMost(PATIENCE).until(() -> receiver.requests().size() >= 2);

            String items = "notifications_items{bucket=\"" + bucket + "\",source=\"datacore\",status=\"DONE\"} 2.0";
            await().atMost(PATIENCE).until(() -> scrape().contains(items));
            String metrics = scrape();
            assertThat(metrics)
                    .contains("notifications_processing_duration_seconds_bucket{outcome=\"done\",processor=\"media-info\"")
                    .contains("notifications_processing_duration_seconds_count{outcome=\"done\",processor=\"media-info\"}")
                    .contains("notifications_scan_duration_seconds_count{bucket=\"" + bucket + "\",source=\"datacore\"}")
                    .contains("notifications_scan_objects_listed_total{bucket=\"" + bucket + "\",source=\"datacore\"} 2.0")
                    .contains("notifications_webhook_deliveries_seconds_count{outcome=\"delivered\"}");
        }
        assertThat(api.withKey(null).get("/actuator/prometheus").status()).isEqualTo(401);
    }

    private String scrape() {
        Api.Response response = api.get("/actuator/prometheus");
        assertThat(response.status()).isEqualTo(200);
        return response.body();
    }
}

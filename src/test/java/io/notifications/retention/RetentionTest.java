package io.notifications.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.notifications.support.Api;
import io.notifications.support.ListingFaults;
import io.notifications.support.Receiver;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Retention deletes what is past its time and nothing else: webhook events whose deliveries all ended long ago (with
 * their deliveries and attempts) or that had none to make, items GONE for longer than their retention (with their
 * face crops), and old audit entries. Recent rows stay, and so does an event with a delivery still pending, however
 * old, even when its other deliveries ended long ago. Items become GONE only through a complete listing of their
 * bucket, and come back when their object does. Every deletion is counted, and every run logged in one line. Ages
 * are set in the database: the retentions are the production defaults. (A configured retention, and iconik items
 * GONE with their deleted assets, are shown by IconikIntakeTest, whose context sets one: no context of its own.)
 */
@ServiceTest
class RetentionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;
    @Autowired
    ListingFaults listingFaults;

    @Test
    void webhookEventsGoWithTheirDeliveriesAndAttemptsOnlyOnceEveryDeliveryEndedLongAgo() throws Exception {
        try (Receiver receiver = new Receiver()) {
            long answering = api.subscribeAndPing(receiver.url("/retention"));
            long failing = subscribe("http://127.0.0.1:9/retention-dead", true);
            // Disabled: its deliveries wait, PENDING, until it is enabled again
            long paused = subscribe(receiver.url("/retention-paused"), false);
            JsonNode deliveredLongAgo = ping(answering);
            JsonNode deliveredLately = ping(answering);
            JsonNode redelivered = ping(answering);
            JsonNode deadLongAgo = ping(failing);
            JsonNode pending = ping(paused);
            await().atMost(PATIENCE).until(() -> List.of(deliveredLongAgo, deliveredLately, redelivered).stream()
                    .allMatch(d -> "DELIVERED".equals(status(d))) && "DEAD".equals(status(deadLongAgo)));
            assertThat(attempts(deliveredLongAgo)).isPositive();
            assertThat(attempts(deadLongAgo)).isPositive();

            Instant longAgo = Instant.now().minus(Duration.ofDays(31));
            age(deliveredLongAgo, longAgo);
            age(deadLongAgo, longAgo);
            age(pending, Instant.now().minus(Duration.ofDays(400)));
            age(redelivered, longAgo);
            // Sent again through the API: its delivery ends anew, and the event is kept from then on
            assertThat(api.post("/api/webhooks/" + answering + "/deliveries/" + redelivered.get("id").asLong()
                    + "/redeliver", Map.of()).status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> "DELIVERED".equals(status(redelivered)) && jdbc.queryForObject(
                    "SELECT updated_at FROM webhook_delivery WHERE id = ?", Timestamp.class,
                    redelivered.get("id").asLong()).toInstant().isAfter(longAgo.plus(Duration.ofDays(30))));
            double countedBefore = deletedCount("webhook-events");

            Map<String, Long> deleted = runRetention();

            assertThat(deleted.get("webhook-events")).isGreaterThanOrEqualTo(2);
            for (JsonNode gone : List.of(deliveredLongAgo, deadLongAgo)) {
                assertThat(eventExists(gone)).as("event of delivery %s", gone.get("id")).isFalse();
                assertThat(status(gone)).isNull();
                assertThat(attempts(gone)).isZero();
            }
            for (JsonNode kept : List.of(deliveredLately, redelivered, pending)) {
                assertThat(eventExists(kept)).as("event of delivery %s", kept.get("id")).isTrue();
                assertThat(status(kept)).isNotNull();
            }
            assertThat(status(pending)).isEqualTo("PENDING");
            assertThat(deletedCount("webhook-events") - countedBefore)
                    .isGreaterThanOrEqualTo(deleted.get("webhook-events"));
        }
    }

    @Test
    void anOldEventStaysWithAllItsDeliveriesAndAttemptsWhileOneOfThemWaitsForItsRetry() throws Exception {
        String name = "half-delivered";
        store.createBucket(name);
        long bucket = api.createBucket(store.bucketSettings("DATACORE", name, "media-info")).get("id").asLong();
        await().atMost(PATIENCE).until(() -> api.get("/api/buckets/" + bucket).json().path("lastScan").has("at"));
        try (Receiver receiver = new Receiver()) {
            long delivered = subscribeToItems(receiver.url("/delivered"), bucket);
            long retried = subscribeToItems(receiver.url("/retried"), bucket);
            store.put(name, "clip.txt", "one event, two deliveries");
            scan(bucket);
            await().atMost(PATIENCE).until(() -> "DELIVERED".equals(deliveryStatus(delivered))
                    && "DELIVERED".equals(deliveryStatus(retried)));
            String event = eventOf(delivered);
            assertThat(eventOf(retried)).isEqualTo(event);

            // All of it happened 400 days ago; but the second delivery failed, and waits for its retry tomorrow
            Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofDays(400)));
            jdbc.update("UPDATE webhook_event SET created_at = ? WHERE id = ?", longAgo, event);
            jdbc.update("UPDATE webhook_delivery SET created_at = ?, updated_at = ? WHERE event_id = ?", longAgo,
                    longAgo, event);
            jdbc.update("UPDATE webhook_attempt SET attempted_at = ? WHERE delivery_id IN "
                    + "(SELECT id FROM webhook_delivery WHERE event_id = ?)", longAgo, event);
            jdbc.update("UPDATE webhook_delivery SET status = 'PENDING', last_status_code = 503, next_attempt_at = ? "
                    + "WHERE subscription_id = ?", Timestamp.from(Instant.now().plus(Duration.ofDays(1))), retried);
            // Only this test's two deliveries: other tests' subscriptions to receivers long gone may want the event too
            long attempts = attemptsOfEvent(event, delivered, retried);
            assertThat(attempts).isGreaterThanOrEqualTo(2);

            runRetention();

            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event WHERE id = ?", Long.class, event))
                    .isOne();
            assertThat(deliveryStatus(delivered)).isEqualTo("DELIVERED");
            assertThat(deliveryStatus(retried)).isEqualTo("PENDING");
            assertThat(attemptsOfEvent(event, delivered, retried)).isEqualTo(attempts);
        }
    }

    @Test
    void anEventThatHadNoDeliveryToMakeGoesItsRetentionAfterItWasCreated() {
        // Recorded while no subscription wanted its type: nothing to wait for
        insertEvent("msg_retention_undelivered_old", Instant.now().minus(Duration.ofDays(31)));
        insertEvent("msg_retention_undelivered_recent", Instant.now().minus(Duration.ofDays(29)));

        Map<String, Long> deleted = runRetention();

        assertThat(deleted.get("webhook-events")).isGreaterThanOrEqualTo(1);
        assertThat(events("msg_retention_undelivered_old")).isZero();
        assertThat(events("msg_retention_undelivered_recent")).isOne();
    }

    @Test
    void eachRunLogsOneInfoLineThatCountsEveryKind() {
        Logger logger = (Logger) LoggerFactory.getLogger(Retention.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        Map<String, Long> deleted;
        try {
            deleted = runRetention();
        } finally {
            logger.detachAppender(lines);
        }

        // The direct route runs in this thread; a scheduled run at the same moment would log in another
        assertThat(lines.list).filteredOn(line -> line.getThreadName().equals(Thread.currentThread().getName()))
                .singleElement().satisfies(line -> {
                    assertThat(line.getLevel()).isEqualTo(Level.INFO);
                    assertThat(line.getFormattedMessage()).startsWith("Retention run in ")
                            .contains("webhook-events " + deleted.get("webhook-events"))
                            .contains("gone-items " + deleted.get("gone-items"))
                            .contains("audit " + deleted.get("audit"))
                            .doesNotContain("failed");
                });
    }

    @Test
    void aDeletedObjectsItemIsGoneAfterACompleteScanIsRemovedAfterItsRetentionAndComesBackWithItsObject()
            throws Exception {
        String name = "vanishing-objects";
        store.createBucket(name);
        // Two pages of listing, even after five deletions: clip-00000 to clip-00999, then clip-01000 to clip-01009
        store.putMany(name, "clip-", 1010);
        Map<String, Object> settings = store.bucketSettings("DATACORE", name, "media-info");
        // Everything already there is SKIPPED: finished, without processing a thousand objects
        settings.put("initialScan", "NEW_ONLY");
        long bucket = api.createBucket(settings).get("id").asLong();
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=SKIPPED").get("total").asInt()
                == 1010 && api.get("/api/buckets/" + bucket).json().path("lastScan").has("at"));
        try (Receiver receiver = new Receiver()) {
            api.post("/api/webhooks", Map.of("url", receiver.url("/gone"), "eventTypes", List.of("item.gone"),
                    "bucketId", bucket));
            // Items still to be processed when their objects vanish: one waiting for a retry, one running elsewhere
            long waiting = itemId(bucket, "clip-00010.txt");
            long running = itemId(bucket, "clip-00011.txt");
            jdbc.update("UPDATE item SET status = 'PENDING', next_attempt_at = ? WHERE id = ?",
                    Timestamp.from(Instant.now().plus(Duration.ofDays(1))), waiting);
            jdbc.update("UPDATE item SET status = 'PROCESSING', lease_owner = 'another-node', lease_until = ? "
                    + "WHERE id = ?", Timestamp.from(Instant.now().plus(Duration.ofDays(1))), running);
            for (String key : List.of("clip-00001.txt", "clip-00002.txt", "clip-01001.txt", "clip-00010.txt",
                    "clip-00011.txt")) {
                store.delete(name, key);
            }

            // A listing that breaks after its first page marks nothing, not even the keys that page lacked
            listingFaults.breakAfterFirstPage(name);
            try {
                scan(bucket);
                await().atMost(PATIENCE).until(() -> api.get("/api/buckets/" + bucket).json()
                        .at("/lastScan/error").isTextual());
            } finally {
                listingFaults.heal(name);
            }
            assertThat(api.items("bucket=" + bucket + "&status=GONE").get("total").asInt()).isZero();
            assertThat(status(bucket, "clip-00001.txt")).isEqualTo("SKIPPED");

            // The complete listing makes the finished ones GONE, and announces them
            scan(bucket);
            await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=GONE").get("total").asInt()
                    == 3 && api.get("/api/buckets/" + bucket).json().at("/lastScan/error").isNull());
            for (String key : List.of("clip-00001.txt", "clip-00002.txt", "clip-01001.txt")) {
                assertThat(status(bucket, key)).as(key).isEqualTo("GONE");
            }
            assertThat(status(bucket, "clip-00010.txt")).isEqualTo("PENDING");
            assertThat(status(bucket, "clip-00011.txt")).isEqualTo("PROCESSING");
            assertThat(status(bucket, "clip-00003.txt")).isEqualTo("SKIPPED");
            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 3);
            assertThat(receiver.requests()).allSatisfy(request -> {
                JsonNode event = JSON.readTree(request.body());
                assertThat(event.findValue("type").asText()).isEqualTo("item.gone");
                assertThat(event.findValue("status").asText()).isEqualTo("GONE");
            });
            JsonNode source = null;
            for (JsonNode candidate : api.get("/api/status").json().get("sources")) {
                source = candidate.path("bucketId").asLong() == bucket ? candidate : source;
            }
            assertThat(source).isNotNull();
            assertThat(source.at("/counts/GONE").asInt()).isEqualTo(3);
            long reappearing = itemId(bucket, "clip-01001.txt");
            assertThat(api.post("/api/items/" + reappearing + "/retry", Map.of()).status()).isEqualTo(409);

            // An object that comes back is queued again as new, and processed
            store.put(name, "clip-01001.txt", "back again");
            scan(bucket);
            await().atMost(PATIENCE).until(() -> "DONE".equals(status(bucket, "clip-01001.txt")));
            JsonNode back = api.get("/api/items/" + reappearing).json();
            assertThat(back.at("/result/size").asLong()).isEqualTo("back again".length());
            assertThat(itemId(bucket, "clip-01001.txt")).isEqualTo(reappearing);

            // GONE past its retention: removed, its face crops with it; GONE lately: kept
            long goneLongAgo = itemId(bucket, "clip-00001.txt");
            long goneLately = itemId(bucket, "clip-00002.txt");
            jdbc.update("INSERT INTO face_crop (item_id, name, jpeg, created_at) VALUES (?, 'crop-of-gone', ?, ?)",
                    goneLongAgo, new byte[] {1, 2, 3}, Timestamp.from(Instant.now()));
            jdbc.update("UPDATE item SET updated_at = ? WHERE id = ?",
                    Timestamp.from(Instant.now().minus(Duration.ofDays(31))), goneLongAgo);
            double countedBefore = deletedCount("gone-items");

            Map<String, Long> deleted = runRetention();

            assertThat(deleted.get("gone-items")).isGreaterThanOrEqualTo(1);
            assertThat(api.get("/api/items/" + goneLongAgo).status()).isEqualTo(404);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM face_crop WHERE item_id = ?", Long.class, goneLongAgo))
                    .isZero();
            assertThat(api.get("/api/items/" + goneLately).json().get("status").asText()).isEqualTo("GONE");
            assertThat(status(bucket, "clip-00010.txt")).isEqualTo("PENDING");
            assertThat(deletedCount("gone-items") - countedBefore).isGreaterThanOrEqualTo(deleted.get("gone-items"));
        }
    }

    @Test
    void auditEntriesPastTheirRetentionGoAndRecentOnesStay() {
        insertAuditEntry("retention-old", Instant.now().minus(Duration.ofDays(401)));
        insertAuditEntry("retention-recent", Instant.now().minus(Duration.ofDays(399)));
        double countedBefore = deletedCount("audit");

        Map<String, Long> deleted = runRetention();

        assertThat(deleted.get("audit")).isGreaterThanOrEqualTo(1);
        assertThat(auditEntries("retention-old")).isZero();
        assertThat(auditEntries("retention-recent")).isOne();
        assertThat(deletedCount("audit") - countedBefore).isGreaterThanOrEqualTo(1);
    }

    private Map<String, Long> runRetention() {
        @SuppressWarnings("unchecked")
        Map<String, Long> deleted = producer.requestBody("direct:retention", null, Map.class);
        return deleted;
    }

    /** {@code notifications.retention.deleted} of one kind, as Prometheus scrapes it. */
    private double deletedCount(String kind) {
        Matcher line = Pattern.compile("(?m)^notifications_retention_deleted_total\\{[^}]*kind=\"" + kind
                + "\"[^}]*} (\\S+)$").matcher(api.get("/actuator/prometheus").body());
        assertThat(line.find()).as("the counter of " + kind).isTrue();
        return Double.parseDouble(line.group(1));
    }

    private long subscribe(String url, boolean enabled) {
        Api.Response created = api.post("/api/webhooks", Map.of("url", url, "eventTypes", List.of("webhook.ping"),
                "enabled", enabled));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** A ping to the subscription; its delivery as the API shows it (id, eventId). */
    private JsonNode ping(long subscription) {
        Api.Response ping = api.post("/api/webhooks/" + subscription + "/test", Map.of());
        assertThat(ping.status()).as(ping.body()).isEqualTo(202);
        return ping.json();
    }

    /** The delivery's status, or null once it is deleted. */
    private String status(JsonNode delivery) {
        return jdbc.queryForList("SELECT status FROM webhook_delivery WHERE id = ?", String.class,
                delivery.get("id").asLong()).stream().findFirst().orElse(null);
    }

    private long attempts(JsonNode delivery) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt WHERE delivery_id = ?", Long.class,
                delivery.get("id").asLong());
    }

    private boolean eventExists(JsonNode delivery) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event WHERE id = ?", Long.class,
                delivery.get("eventId").asText()) == 1;
    }

    /** The delivery's event, the delivery and its attempts as if they had all happened {@code at}. */
    private void age(JsonNode delivery, Instant at) {
        Timestamp then = Timestamp.from(at);
        long id = delivery.get("id").asLong();
        jdbc.update("UPDATE webhook_event SET created_at = ? WHERE id = ?", then, delivery.get("eventId").asText());
        jdbc.update("UPDATE webhook_delivery SET created_at = ?, updated_at = ? WHERE id = ?", then, then, id);
        jdbc.update("UPDATE webhook_attempt SET attempted_at = ? WHERE delivery_id = ?", then, id);
    }

    /** A subscription to the item.created events of one bucket. */
    private long subscribeToItems(String url, long bucket) {
        Api.Response created = api.post("/api/webhooks", Map.of("url", url, "eventTypes", List.of("item.created"),
                "bucketId", bucket));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return created.json().get("id").asLong();
    }

    /** The status of the subscription's one delivery, or null while it has none. */
    private String deliveryStatus(long subscription) {
        return jdbc.queryForList("SELECT status FROM webhook_delivery WHERE subscription_id = ?", String.class,
                subscription).stream().findFirst().orElse(null);
    }

    private String eventOf(long subscription) {
        return jdbc.queryForObject("SELECT event_id FROM webhook_delivery WHERE subscription_id = ?", String.class,
                subscription);
    }

    private long attemptsOfEvent(String event, long subscription, long otherSubscription) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_attempt a JOIN webhook_delivery d "
                + "ON d.id = a.delivery_id WHERE d.event_id = ? AND d.subscription_id IN (?, ?)", Long.class, event,
                subscription, otherSubscription);
    }


    private void insertEvent(String id, Instant createdAt) {
        jdbc.update("INSERT INTO webhook_event (id, type, payload, created_at) VALUES (?, 'item.done', '{}', ?)", id,
                Timestamp.from(createdAt));
    }

    private long events(String id) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM webhook_event WHERE id = ?", Long.class, id);
    }

    private void scan(long bucket) {
        assertThat(api.post("/api/buckets/" + bucket + "/scan", Map.of()).status()).isEqualTo(202);
    }

    private long itemId(long bucket, String key) {
        return jdbc.queryForObject("SELECT id FROM item WHERE bucket_id = ? AND object_key = ?", Long.class, bucket,
                key);
    }

    private String status(long bucket, String key) {
        return api.get("/api/items/" + itemId(bucket, key)).json().get("status").asText();
    }

    private void insertAuditEntry(String actor, Instant at) {
        jdbc.update("INSERT INTO audit (at, actor, action, target, method, path, status, outcome) VALUES "
                + "(?, ?, 'delete-bucket', '/api/buckets/1', 'DELETE', '/api/buckets/1', 204, 'SUCCEEDED')",
                Timestamp.from(at), actor);
    }

    private long auditEntries(String actor) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM audit WHERE actor = ?", Long.class, actor);
    }
}

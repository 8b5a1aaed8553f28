package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.embedded.IconikSimulator;
import io.notifications.support.Api;
import io.notifications.support.Receiver;
import io.notifications.support.ServiceTest;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * iconik events arrive on the embedded SQS server (a real SQS protocol over HTTP) or over the HTTP intake, and
 * the simulated iconik answers over real HTTP: assets are recorded once, processed, and written back; assets
 * deleted in iconik take their items to GONE, and retention removes them after its configured period.
 */
@ServiceTest
@TestPropertySource(properties = {
        "iconik.rules[0].name=everything",
        "iconik.rules[0].processor=media-info",
        "iconik.rules[0].metadata-view=view-1",
        "iconik.rules[0].events[0]=assets.*.create",
        "iconik.rules[0].events[1]=collections.contents.create",
        "iconik.rules[0].events[2]=collections.entity.update",
        "iconik.rules[0].events[3]=assets.*.update",
        "iconik.rules[0].actions[0]=action-1",
        // Not the default 30 days: shows that the configured retention is the one applied (and costs no context)
        "notifications.retention.gone-items=2d"})
class IconikIntakeTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final Map<String, String> SECRET = Map.of("X-Iconik-Secret", "test-iconik-secret");

    @Autowired
    Api api;
    @Autowired
    IconikSimulator iconik;
    @Autowired
    EmbeddedSqsServer sqsServer;
    @Autowired
    IconikHealth health;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ProducerTemplate producer;
    SqsClient sqs;

    @BeforeEach
    void client() {
        sqs = sqsServer.client();
    }

    @AfterEach
    void close() {
        sqs.close();
    }

    @Test
    void anAssetEventIsRecordedProcessedAndWrittenBackAndTheMessageDeleted() throws Exception {
        String asset = asset("astronaut.png", "image/png");
        send(iconik.assetEvent(asset, "create"));

        JsonNode item = awaitItem(asset, "DONE");
        assertThat(item.get("source").asText()).isEqualTo("iconik");
        assertThat(item.get("assetVersionId").asText()).isEqualTo(versionOf(asset));
        assertThat(item.get("processor").asText()).isEqualTo("media-info");
        assertThat(item.at("/result/contentType").asText()).isEqualTo("image/png");

        JsonNode metadata = iconik.metadata(asset, "view-1");
        assertThat(metadata.at("/metadata_values/contentType/field_values/0/value").asText()).isEqualTo("image/png");
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(asset))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("status").asText()).isEqualTo("FINISHED");
                    assertThat(job.path("progress_processed").asInt()).isEqualTo(100);
                });
        assertThat(iconik.requests()).allSatisfy(request -> {
            assertThat(request.headers().get("app-id")).isEqualTo("test-app");
            assertThat(request.headers().get("auth-token")).isEqualTo("test-token");
        });
        await().atMost(PATIENCE).until(this::queueIsEmpty);

        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("notifications_iconik_sqs_messages_total{outcome=\"received\"}")
                .contains("notifications_iconik_sqs_messages_total{outcome=\"deleted\"}")
                .contains("notifications_iconik_api_calls_total{method=\"GET\",service=\"assets\",status=\"200\"}")
                .contains("notifications_iconik_api_calls_total{method=\"POST\",service=\"jobs\",status=\"201\"}");
    }

    @Test
    void anUpdatedAssetIsProcessedAgainOnlyWhenItHasANewVersion() throws Exception {
        String asset = asset("rocket.jpg", "image/jpeg");
        send(iconik.assetEvent(asset, "create"));
        awaitItem(asset, "DONE");

        // Our own metadata write makes iconik report an update of the same version: nothing to do
        send(iconik.assetEvent(asset, "update"));
        await().atMost(PATIENCE).until(this::queueIsEmpty);
        assertThat(api.items("asset=" + asset).get("total").asInt()).isOne();

        iconik.addDemoAsset(asset, UUID.randomUUID().toString(), "coffee.png", "image/png");
        send(iconik.assetEvent(asset, "update"));
        await().atMost(PATIENCE).until(() -> {
            JsonNode items = api.items("asset=" + asset).get("items");
            return items.size() == 2 && items.findValuesAsText("status").stream().allMatch("DONE"::equals);
        });
        assertThat(api.items("asset=" + asset).get("items").findValuesAsText("assetVersionId")).doesNotHaveDuplicates();
    }

    @Test
    void theSameEventTwiceAndOverHttpRecordsOneItem() throws Exception {
        String asset = asset("coffee.png", "image/png");
        String event = iconik.assetEvent(asset, "create");
        send(event);
        send(event);
        var overHttp = api.post("/api/iconik/events", event, SECRET);
        assertThat(overHttp.status()).as(overHttp.body()).isEqualTo(202);
        awaitItem(asset, "DONE");
        await().atMost(PATIENCE).until(this::queueIsEmpty);
        assertThat(api.items("asset=" + asset).get("total").asInt()).isOne();
    }

    @Test
    void aCollectionIsReadPageByPageAndAnAssetAddedToOneKeepsItsCollection() throws Exception {
        List<String> assets = IntStream.range(0, 5).mapToObj(i -> asset("chelsea.png", "image/png")).toList();
        String collection = UUID.randomUUID().toString();
        iconik.addCollection(collection, assets);

        send(iconik.collectionEvent(collection, "update"));
        for (String asset : assets) {
            awaitItem(asset, "DONE");
        }
        // page-size 2: three pages (the simulator may log two quick requests in either order)
        assertThat(iconik.requests()).filteredOn(r -> r.path().contains("/collections/" + collection + "/contents/"))
                .extracting(r -> r.query().get("page")).containsExactlyInAnyOrder("1", "2", "3");

        String added = asset("rocket.jpg", "image/jpeg");
        send(iconik.addedToCollectionEvent(collection, added));
        assertThat(awaitItem(added, "DONE").get("collectionId").asText()).isEqualTo(collection);
    }

    @Test
    void malformedAndUnknownMessagesEndInTheDeadLetterQueueAndNothingElseIsHeldUp() throws Exception {
        send("{not json");
        send("{\"event_type\": \"users\", \"object_id\": \"u-1\"}");
        String asset = asset("astronaut.png", "image/png");
        send(iconik.assetEvent(asset, "create"));
        awaitItem(asset, "DONE");

        List<String> dead = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            dead.addAll(deadLetters());
            assertThat(dead).containsExactlyInAnyOrder("{not json", "{\"event_type\": \"users\", \"object_id\": \"u-1\"}");
        });
        await().atMost(PATIENCE).until(this::queueIsEmpty);
    }

    @Test
    void aMessageThatCannotBeStoredEndsInTheDeadLetterQueueAndTheRestOfItsReceiveIsRecorded() throws Exception {
        String first = asset("coffee.png", "image/png");
        // iconik's version ids are UUIDs; one far longer does not fit the item table
        String unstorable = UUID.randomUUID().toString();
        iconik.addAsset(new IconikSimulator.Asset(unstorable, "v".repeat(200), "odd.png", "image/png", new byte[] {1}));
        // A title longer than the key column is cut, not refused
        String longTitle = UUID.randomUUID().toString();
        iconik.addAsset(new IconikSimulator.Asset(longTitle, versionOf(longTitle), "t".repeat(5000), "text/plain",
                "long title".getBytes(StandardCharsets.UTF_8)));
        List<String> events = List.of(iconik.assetEvent(first, "create"), iconik.assetEvent(unstorable, "create"),
                iconik.assetEvent(longTitle, "create"));
        sqs.sendMessageBatch(b -> b.queueUrl(sqsServer.queueUrl()).entries(IntStream.range(0, events.size())
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("e" + i).messageBody(events.get(i)).build())
                .toList()));

        awaitItem(first, "DONE");
        assertThat(awaitItem(longTitle, "DONE").get("key").asText()).hasSize(1024);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(deadLetters()).containsExactly(events.get(1)));
        assertThat(api.items("asset=" + unstorable).get("total").asInt()).isZero();
        await().atMost(PATIENCE).until(this::queueIsEmpty);
    }

    @Test
    void busyAndFailingAnswersAreRetriedHonouringRetryAfter() throws Exception {
        String asset = asset("coffee.png", "image/png");
        iconik.fail("/API/assets/v1/assets/" + asset + "/", 429, 1, 1);
        iconik.fail("/API/assets/v1/assets/" + asset + "/", 500, 1, null);
        send(iconik.assetEvent(asset, "create"));
        awaitItem(asset, "DONE");
        List<IconikSimulator.Request> reads = iconik.requests().stream()
                .filter(r -> r.method().equals("GET") && r.path().equals("/API/assets/v1/assets/" + asset + "/"))
                .toList();
        assertThat(reads).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Duration.between(reads.get(0).at(), reads.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }

    @Test
    void slowEventsDoNotHoldUpTheRestOfTheApi() throws Exception {
        // Twelve events whose asset iconik asks three times to wait for: each is answered after several seconds
        List<String> assets = IntStream.range(0, 12).mapToObj(i -> asset("coffee.png", "image/png")).toList();
        assets.forEach(asset -> iconik.fail("/API/assets/v1/assets/" + asset + "/", 503, 3, 2));
        ExecutorService clients = Executors.newFixedThreadPool(assets.size());
        try {
            List<Future<Integer>> held = assets.stream().map(asset -> clients.submit(() ->
                    api.post("/api/iconik/events", iconik.assetEvent(asset, "create"), SECRET).status())).toList();
            // All twelve are being handled at once, each waiting on iconik...
            await().atMost(PATIENCE).until(() -> assets.stream().allMatch(asset -> iconik.requests().stream()
                    .anyMatch(r -> r.path().equals("/API/assets/v1/assets/" + asset + "/"))));
            // ...and another call is answered while they all still wait
            assertThat(api.get("/api/buckets").status()).isEqualTo(200);
            assertThat(held).noneMatch(Future::isDone);
            for (Future<Integer> answer : held) {
                assertThat(answer.get()).isEqualTo(202);
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aMessageThatCannotBeRecordedYetStaysAndIsRecordedWhenIconikIsBack() throws Exception {
        String asset = asset("rocket.jpg", "image/jpeg");
        // More 503s than one receive's retries: the first receive fails and the message must survive it
        iconik.fail("/API/assets/v1/assets/" + asset + "/", 503, 5, null);
        send(iconik.assetEvent(asset, "create"));
        JsonNode item = awaitItem(asset, "DONE");
        assertThat(item.get("attempts").asInt()).isOne();
        long reads = iconik.requests().stream()
                .filter(r -> r.path().equals("/API/assets/v1/assets/" + asset + "/")).count();
        assertThat(reads).isGreaterThan(5);
        await().atMost(PATIENCE).until(this::queueIsEmpty);
    }

    @Test
    void aCollectionThatCannotBeReadKeepsTheMessageUntilAllItsAssetsAreRecorded() throws Exception {
        List<String> assets = IntStream.range(0, 3).mapToObj(i -> asset("coffee.png", "image/png")).toList();
        String collection = UUID.randomUUID().toString();
        iconik.addCollection(collection, assets);
        // The contents list the assets in full, so no asset is asked for on its own; their listing outlasts one
        // receive's retries: the event must not be taken as done
        iconik.fail("/API/assets/v1/collections/" + collection + "/contents/", 503, 5, null);
        send(iconik.collectionEvent(collection, "update"));
        for (String asset : assets) {
            awaitItem(asset, "DONE");
        }
        await().atMost(PATIENCE).until(this::queueIsEmpty);
        assertThat(iconik.requests()).filteredOn(r -> r.path().contains("/collections/" + collection + "/contents/")
                && "1".equals(r.query().get("page"))).hasSizeGreaterThanOrEqualTo(2);
        assertThat(iconik.requests()).noneMatch(r -> assets.stream()
                .anyMatch(asset -> r.path().equals("/API/assets/v1/assets/" + asset + "/")));
    }

    @Test
    void rejectedCredentialsFailTheItemWithAClearErrorAndTheJobIsNotLeftRunning() throws Exception {
        String asset = asset("astronaut.png", "image/png");
        iconik.fail("/API/files/v1/assets/" + asset + "/files/", 401, 1, null);
        send(iconik.assetEvent(asset, "create"));
        JsonNode item = awaitItem(asset, "FAILED");
        assertThat(item.get("lastError").asText()).contains("iconik credentials rejected");
        assertThat(item.get("attempts").asInt()).isOne();
        assertThat(iconik.jobs()).filteredOn(job -> job.path("object_id").asText().equals(asset))
                .singleElement().satisfies(job -> {
                    assertThat(job.path("status").asText()).isEqualTo("FAILED");
                    assertThat(job.path("error_message").asText()).contains("iconik credentials rejected");
                });
    }

    @Test
    void healthAsksIconikAndShowsRejectedCredentialsUntilIconikAcceptsThemAgain() throws Exception {
        String asset = asset("coffee.png", "image/png");
        iconik.fail("/API/assets/v1/assets/" + asset + "/", 403, 1, null);
        var refused = api.post("/api/iconik/events", iconik.assetEvent(asset, "create"), SECRET);
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.json().get("detail").asText()).contains("iconik credentials rejected");
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");

        iconik.fail("/API/jobs/v1/jobs/", 401, 1, null);
        Health down = health.health();
        assertThat(down.getStatus().getCode()).isEqualTo("DOWN");
        assertThat(down.getDetails().get("error").toString()).contains("iconik credentials rejected");
        assertThat(down.getDetails().get("since")).isNotNull();

        assertThat(api.post("/api/iconik/events", iconik.assetEvent(asset, "create"), SECRET).status()).isEqualTo(202);
        assertThat(health.health().getStatus().getCode()).isEqualTo("UP");
        awaitItem(asset, "DONE");
    }

    @Test
    void theHttpIntakeNeedsTheSecretAndCustomActionsQueueAssetsAndCollections() throws Exception {
        String one = asset("coffee.png", "image/png");
        String two = asset("chelsea.png", "image/png");
        String collection = UUID.randomUUID().toString();
        iconik.addCollection(collection, List.of(two));

        assertThat(api.post("/api/iconik/events", iconik.assetEvent(one, "create"), Map.of()).status()).isEqualTo(401);
        assertThat(api.post("/api/iconik/events", iconik.assetEvent(one, "create"),
                Map.of("X-Iconik-Secret", "wrong")).status()).isEqualTo(401);
        assertThat(api.post("/api/iconik/events", "{\"event_type\": 3}", SECRET).status()).isEqualTo(400);
        assertThat(api.post("/api/iconik/actions", "{\"action_id\": \"action-1\"}", SECRET).status()).isEqualTo(400);
        assertThat(api.items("asset=" + one).get("total").asInt()).isZero();

        String action = "{\"action_id\": \"action-1\", \"asset_ids\": [\"" + one + "\"], \"collection_ids\": [\""
                + collection + "\"], \"context\": \"BULK\", \"user_id\": \"u-1\"}";
        var accepted = api.post("/api/iconik/actions", action, SECRET);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("created").asInt()).isEqualTo(2);
        awaitItem(one, "DONE");
        assertThat(awaitItem(two, "DONE").get("collectionId").asText()).isEqualTo(collection);

        var otherAction = api.post("/api/iconik/actions", action.replace("action-1", "action-2"), SECRET);
        assertThat(otherAction.status()).isEqualTo(202);
        assertThat(otherAction.json().get("created").asInt()).isZero();

        // A user running the action again asks for the work again: the finished items are queued once more
        String firstFinish = api.items("asset=" + one).at("/items/0/finishedAt").asText();
        var again = api.post("/api/iconik/actions", action, SECRET);
        assertThat(again.json().get("created").asInt()).isEqualTo(2);
        await().atMost(PATIENCE).until(() -> {
            JsonNode items = api.items("asset=" + one);
            return items.get("total").asInt() == 1 && items.at("/items/0/status").asText().equals("DONE")
                    && !items.at("/items/0/finishedAt").asText().equals(firstFinish);
        });
    }

    @Test
    void anAssetDeletedInIconikTakesItsItemsToGoneAndRetentionRemovesThemAfterTheConfiguredPeriod()
            throws Exception {
        try (Receiver receiver = new Receiver()) {
            assertThat(api.post("/api/webhooks", Map.of("url", receiver.url("/iconik-gone"), "eventTypes",
                    List.of("item.gone"), "source", "iconik")).status()).isEqualTo(201);
            // Deleted with an event no rule asks for; purged (its GET answers 404); in the recycle bin (its GET
            // says DELETED); and one that stays
            String deleted = asset("astronaut.png", "image/png");
            String purged = asset("coffee.png", "image/png");
            String binned = asset("rocket.jpg", "image/jpeg");
            String kept = asset("chelsea.png", "image/png");
            for (String asset : List.of(deleted, purged, binned, kept)) {
                send(iconik.assetEvent(asset, "create"));
            }
            for (String asset : List.of(deleted, purged, binned, kept)) {
                awaitItem(asset, "DONE");
            }
            // The deleted one has two items: a second version, processed too
            iconik.addDemoAsset(deleted, UUID.randomUUID().toString(), "coffee.png", "image/png");
            send(iconik.assetEvent(deleted, "update"));
            await().atMost(PATIENCE).until(() -> api.items("asset=" + deleted + "&status=DONE").get("total").asInt()
                    == 2);

            iconik.removeAsset(deleted);
            send(iconik.assetEvent(deleted, "delete"));
            iconik.removeAsset(purged);
            send(iconik.assetEvent(purged, "update"));
            iconik.binAsset(binned);
            send(iconik.assetEvent(binned, "update"));

            await().atMost(PATIENCE).until(() -> api.items("asset=" + deleted + "&status=GONE").get("total").asInt()
                    == 2);
            awaitItem(purged, "GONE");
            awaitItem(binned, "GONE");
            assertThat(awaitItem(kept, "DONE").get("status").asText()).isEqualTo("DONE");
            await().atMost(PATIENCE).until(() -> receiver.requests().size() == 4);
            ObjectMapper json = new ObjectMapper();
            List<String> goneAssets = new ArrayList<>();
            for (Receiver.Request request : receiver.requests()) {
                JsonNode event = json.readTree(request.body());
                assertThat(event.get("type").asText()).isEqualTo("item.gone");
                assertThat(event.get("status").asText()).isEqualTo("GONE");
                goneAssets.add(event.get("assetId").asText());
            }
            assertThat(goneAssets).containsExactlyInAnyOrder(deleted, deleted, purged, binned);

            // GONE for longer than the configured two days (the default would keep it 30): removed, with its job
            // reference and face crops; GONE for a day: kept; DONE, however old: kept
            long removed = itemOf(purged);
            long goneLately = itemOf(binned);
            long done = itemOf(kept);
            jdbc.update("INSERT INTO face_crop (item_id, name, jpeg, created_at) VALUES (?, 'crop-of-deleted', ?, ?)",
                    removed, new byte[] {1, 2, 3}, Timestamp.from(Instant.now()));
            assertThat(jdbc.queryForObject("SELECT iconik_job_id FROM item WHERE id = ?", String.class, removed))
                    .isNotNull();
            age(removed, Duration.ofDays(3));
            age(goneLately, Duration.ofDays(1));
            age(done, Duration.ofDays(400));

            @SuppressWarnings("unchecked")
            Map<String, Long> counts = producer.requestBody("direct:retention", null, Map.class);

            assertThat(counts.get("gone-items")).isGreaterThanOrEqualTo(1);
            assertThat(api.get("/api/items/" + removed).status()).isEqualTo(404);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM face_crop WHERE item_id = ?", Long.class, removed))
                    .isZero();
            assertThat(api.get("/api/items/" + goneLately).json().get("status").asText()).isEqualTo("GONE");
            assertThat(api.get("/api/items/" + done).json().get("status").asText()).isEqualTo("DONE");

            // Restored from the recycle bin and changed again: the GONE item is queued and processed once more
            iconik.addDemoAsset(binned, versionOf(binned), "rocket.jpg", "image/jpeg");
            send(iconik.assetEvent(binned, "update"));
            assertThat(awaitItem(binned, "DONE").get("id").asLong()).isEqualTo(goneLately);
        }
    }

    private String asset(String file, String mediaType) {
        String id = UUID.randomUUID().toString();
        iconik.addDemoAsset(id, versionOf(id), file, mediaType);
        return id;
    }

    private long itemOf(String assetId) {
        return api.items("asset=" + assetId).at("/items/0/id").asLong();
    }

    /** The item as if it had last changed that long ago. */
    private void age(long itemId, Duration ago) {
        jdbc.update("UPDATE item SET updated_at = ? WHERE id = ?", Timestamp.from(Instant.now().minus(ago)), itemId);
    }

    private static String versionOf(String assetId) {
        return "v1-" + assetId.substring(0, 8);
    }

    private void send(String body) {
        sqs.sendMessage(b -> b.queueUrl(sqsServer.queueUrl()).messageBody(body));
    }

    private JsonNode awaitItem(String assetId, String status) {
        await().atMost(PATIENCE).until(() -> {
            JsonNode items = api.items("asset=" + assetId).get("items");
            return items.size() == 1 && items.get(0).get("status").asText().equals(status);
        });
        return api.items("asset=" + assetId).get("items").get(0);
    }

    /** Takes what the dead-letter queue holds now. */
    private List<String> deadLetters() {
        List<String> bodies = new ArrayList<>();
        for (Message message : sqs.receiveMessage(b -> b.queueUrl(sqsServer.deadLetterQueueUrl())
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(message.body());
            sqs.deleteMessage(b -> b.queueUrl(sqsServer.deadLetterQueueUrl()).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }

    private boolean queueIsEmpty() {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(sqsServer.queueUrl())
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }
}

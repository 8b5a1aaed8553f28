package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.support.Api;
import io.notifications.support.S3EventSamples;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import io.notifications.webhook.WebhookEvent;
import io.notifications.webhook.WebhookEventRepository;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * EVENTS buckets through the public surface: S3 event notifications posted to POST /api/buckets/{id}/events as
 * AWS, SNS and MinIO send them, proven by the bucket's eventSecret, become items that are processed once, whatever
 * order and however often they come; the reconciliation listing finds what no event told.
 */
@ServiceTest
class BucketEventsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String SECRET = "a-bucket-event-secret-of-some-length";
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    WebhookEventRepository outbox;
    @Autowired
    ObjectMapper objectMapper;

    @Test
    void anEventsBucketShowsItsDiscoveryAndWhetherItHasASecretButNeverTheSecret() {
        String name = bucketName("shown");
        store.createBucket(name);
        Map<String, Object> settings = eventsSettings(name);
        long bucketId = api.createBucket(settings).get("id").asLong();

        Api.Response shown = api.get("/api/buckets/" + bucketId);
        assertThat(shown.json().get("discovery").asText()).isEqualTo("EVENTS");
        assertThat(shown.json().get("reconcileSchedule").asText()).isEqualTo("1h");
        assertThat(shown.json().get("eventSecretSet").asBoolean()).isTrue();
        assertThat(shown.json().has("eventSecret")).isFalse();
        assertThat(shown.body()).doesNotContain(SECRET);
        assertThat(api.get("/api/buckets?size=500").body()).doesNotContain(SECRET);

        // An update that omits the secret keeps it
        settings.remove("eventSecret");
        settings.put("reconcileSchedule", "30m");
        Api.Response updated = api.put("/api/buckets/" + bucketId, settings);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("eventSecretSet").asBoolean()).isTrue();
        assertThat(updated.json().get("reconcileSchedule").asText()).isEqualTo("30m");
        assertThat(post(bucketId, S3EventSamples.of("aws-test-event.json").json()).status()).isEqualTo(200);

        Map<String, Object> listing = store.bucketSettings("S3", bucketName("listing-default"), "media-info");
        assertThat(api.createBucket(listing).get("discovery").asText()).isEqualTo("LISTING");
        assertThat(api.get("/api/buckets/" + bucketId).json().get("eventSecretSet").asBoolean()).isTrue();
    }

    @Test
    void anEventsBucketNeedsAnIntakeAndASecretLongEnoughToGuardIt() {
        Map<String, Object> noIntake = eventsSettings(bucketName("no-intake"));
        noIntake.remove("eventSecret");
        Api.Response refused = api.post("/api/buckets", noIntake);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().at("/fields/discovery").asText()).contains("eventSecret");

        Map<String, Object> shortSecret = eventsSettings(bucketName("short-secret"));
        shortSecret.put("eventSecret", "too-short");
        Api.Response tooShort = api.post("/api/buckets", shortSecret);
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().at("/fields/eventSecret").asText()).contains("16");

        Map<String, Object> badSchedule = eventsSettings(bucketName("bad-reconcile"));
        badSchedule.put("reconcileSchedule", "every hour");
        Api.Response notASchedule = api.post("/api/buckets", badSchedule);
        assertThat(notASchedule.status()).isEqualTo(400);
        assertThat(notASchedule.json().path("fields").has("reconcileSchedule")).as(notASchedule.body()).isTrue();
    }

    @Test
    void anAwsEventWithTheBearerSecretQueuesItsObject() {
        String name = bucketName("aws");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "media/clip one.txt", "told by an event");

        Api.Response answer = post(bucketId, S3EventSamples.of("aws-put.json").bucket(name)
                .key("media/clip+one.txt", "media/clip one.txt").eTag(md5("told by an event")).size(16)
                .eventTime(Instant.now()).json());

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json()).isEqualTo(objectMapper.valueToTree(Map.of("records", 1, "created", 1,
                "queuedAgain", 0, "gone", 0, "unchanged", 0, "ignored", 0)));
        JsonNode item = awaitStatus(bucketId, "media/clip one.txt", "DONE");
        assertThat(item.at("/result/contentType").asText()).isEqualTo("text/plain");
        assertThat(item.get("etag").asText()).isEqualTo("\"" + md5("told by an event") + "\"");
    }

    @Test
    void aSignedEventIsTakenLikeABearerOne() {
        String name = bucketName("signed");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "signed.txt", "signed");
        String body = S3EventSamples.of("aws-put.json").bucket(name).key("signed.txt").eTag(md5("signed"))
                .eventTime(Instant.now()).json();

        Api.Response answer = api.withKey(null).post("/api/buckets/" + bucketId + "/events", body,
                Map.of("X-Notifications-Signature", "sha256=" + hmac(SECRET, body)));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().get("created").asInt()).isEqualTo(1);
        awaitStatus(bucketId, "signed.txt", "DONE");
    }

    @Test
    void minioAndSnsWrappedEventsAreTakenToo() {
        String name = bucketName("formats");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "photos/2025/red flower.txt", "from minio");
        store.put(name, "from sns.txt", "from sns");

        Api.Response minio = post(bucketId, S3EventSamples.of("minio-put.json").bucket(name)
                .key("photos%2F2025%2Fred+flower.txt", "photos/2025/red flower.txt").eTag(md5("from minio"))
                .size(10).eventTime(Instant.now()).json());
        Api.Response sns = post(bucketId, S3EventSamples.of("sns-put.json").bucket(name)
                .key("from+sns.txt", "from sns.txt").eTag(md5("from sns")).size(8).eventTime(Instant.now()).json());

        assertThat(minio.status()).as(minio.body()).isEqualTo(200);
        assertThat(minio.json().get("created").asInt()).isEqualTo(1);
        assertThat(sns.status()).as(sns.body()).isEqualTo(200);
        assertThat(sns.json().get("created").asInt()).isEqualTo(1);
        awaitStatus(bucketId, "photos/2025/red flower.txt", "DONE");
        awaitStatus(bucketId, "from sns.txt", "DONE");
    }

    @Test
    void withoutTheSecretOrTheSignatureNothingIsTakenAndNothingSaysWhichBucketsExist() {
        String name = bucketName("guarded");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "guarded.txt", "guarded");
        String body = S3EventSamples.of("aws-put.json").bucket(name).key("guarded.txt").eTag(md5("guarded")).json();
        String path = "/api/buckets/" + bucketId + "/events";

        List<Api.Response> refused = List.of(
                api.withKey(null).post(path, body, Map.of()),
                api.post(path, body, Map.of()),
                api.withKey(null).post(path, body, Map.of("Authorization", "Bearer " + SECRET + "-not")),
                api.withKey(null).post(path, body, Map.of("Authorization", "Basic " + SECRET)),
                api.withKey(null).post(path, body, Map.of("X-Notifications-Signature", "sha256=" + hmac(SECRET, "{}"))),
                api.withKey(null).post(path, body, Map.of("X-Notifications-Signature", hmac(SECRET, body))),
                api.withKey(null).post(path, body, Map.of("X-Notifications-Signature", "sha256=" + hmac("another-secret-of-length", body))));
        Api.Response unknownBucket = api.withKey(null).post("/api/buckets/987654321/events", body,
                Map.of("Authorization", "Bearer " + SECRET));
        Api.Response notAnId = api.withKey(null).post("/api/buckets/not-an-id/events", body,
                Map.of("Authorization", "Bearer " + SECRET));

        for (Api.Response response : refused) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/problem+json"));
        }
        assertThat(unknownBucket.status()).isEqualTo(401);
        assertThat(notAnId.status()).isEqualTo(401);
        assertThat(unknownBucket.json().get("detail")).as("as told of a bucket that exists")
                .isEqualTo(refused.get(0).json().get("detail"));
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isZero();
    }

    @Test
    void aListingBucketTakesNoEvents() {
        String name = bucketName("listing");
        store.createBucket(name);
        Map<String, Object> settings = store.bucketSettings("S3", name, "media-info");
        settings.put("eventSecret", SECRET);
        long bucketId = api.createBucket(settings).get("id").asLong();

        Api.Response answer = post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).json());

        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.json().get("detail").asText()).contains("LISTING");
    }

    @Test
    void recordsOfAnotherBucketAndFolderMarkersAreIgnored() {
        String name = bucketName("ignoring");
        long bucketId = emptyEventsBucket(name);

        Api.Response otherBucket = post(bucketId, S3EventSamples.raw("aws-put.json"));
        Api.Response folder = post(bucketId, S3EventSamples.of("minio-put.json").bucket(name)
                .key("folder%2F", "folder/").size(0).json());

        assertThat(otherBucket.json().get("ignored").asInt()).as(otherBucket.body()).isEqualTo(1);
        assertThat(folder.json().get("ignored").asInt()).as(folder.body()).isEqualTo(1);
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isZero();
    }

    @Test
    void aBodyThatIsNotAnS3EventNotificationIsA400AndRecordsNothing() {
        String name = bucketName("malformed");
        long bucketId = emptyEventsBucket(name);
        String good = S3EventSamples.of("aws-put.json").bucket(name).key("first.txt").json();
        String goodRecord = good.substring(good.indexOf('[') + 1, good.lastIndexOf(']'));

        Map<String, String> bodies = Map.of(
                "body", "not json at all",
                "Type", S3EventSamples.raw("sns-subscription-confirmation.json"),
                "Message", S3EventSamples.raw("sns-not-s3.json"),
                "Records", "{\"hello\": \"world\"}",
                "Records[1].eventName", "{\"Records\": [" + goodRecord + ", {\"s3\": {}}]}",
                "Records[0].s3.object.key", S3EventSamples.of("aws-put.json").bucket(name).key("100%").json(),
                "Records[0].s3.object.sequencer", S3EventSamples.of("aws-put.json").bucket(name)
                        .sequencer("0".repeat(200)).json());
        bodies.forEach((field, body) -> {
            Api.Response answer = post(bucketId, body);
            assertThat(answer.status()).as(field + ": " + answer.body()).isEqualTo(400);
            assertThat(answer.json().path("fields").has(field)).as(answer.body()).isTrue();
        });
        Api.Response notJson = api.withKey(null).raw("POST", "/api/buckets/" + bucketId + "/events", "text/plain",
                good);
        assertThat(notJson.status()).isIn(401, 415);
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).as("not even the good first record")
                .isZero();
    }

    @Test
    void theSameEventTwiceMakesOneItemProcessedOnce() {
        String name = bucketName("twice");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "twice.txt", "once");
        String event = S3EventSamples.of("aws-put.json").bucket(name).key("twice.txt").eTag(md5("once"))
                .sequencer("0065FA0B4B104A6DAB").eventTime(Instant.now()).json();

        assertThat(post(bucketId, event).json().get("created").asInt()).isEqualTo(1);
        awaitStatus(bucketId, "twice.txt", "DONE");
        Api.Response again = post(bucketId, event);

        assertThat(again.json().get("unchanged").asInt()).as(again.body()).isEqualTo(1);
        assertThat(again.json().get("created").asInt()).isZero();
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isEqualTo(1);
        assertThat(itemEvents(bucketId, "twice.txt")).containsExactlyInAnyOrder("item.created", "item.processing",
                "item.done");
    }

    @Test
    void anObjectBothNotifiedAndListedIsProcessedOnce() {
        String name = bucketName("notified-listed");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "notified first.txt", "notified, then listed");
        post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).key("notified+first.txt", "notified first.txt")
                .eTag(md5("notified, then listed")).eventTime(Instant.now()).json());
        awaitStatus(bucketId, "notified first.txt", "DONE");

        store.put(name, "listed first.txt", "listed, then notified");
        scanAndWait(bucketId);
        awaitStatus(bucketId, "listed first.txt", "DONE");
        Api.Response late = post(bucketId, S3EventSamples.of("minio-put.json").bucket(name)
                .key("listed+first.txt", "listed first.txt").eTag(md5("listed, then notified"))
                .eventTime(Instant.now()).json());

        assertThat(late.json().get("unchanged").asInt()).as(late.body()).isEqualTo(1);
        assertThat(api.items("bucket=" + bucketId).get("total").asInt()).isEqualTo(2);
        for (String key : List.of("notified first.txt", "listed first.txt")) {
            assertThat(itemEvents(bucketId, key)).as(key).containsExactlyInAnyOrder("item.created", "item.processing",
                    "item.done");
        }
    }

    @Test
    void aDeleteBeforeItsCreateLeavesTheItemGoneAndUnprocessed() {
        String name = bucketName("delete-first");
        long bucketId = emptyEventsBucket(name);
        Instant created = Instant.now().minusSeconds(10);

        Api.Response delete = post(bucketId, S3EventSamples.of("aws-delete.json").bucket(name).key("short-lived.txt")
                .sequencer("0065FA0B4B104A6DAC").eventTime(created.plusSeconds(1)).json());
        Api.Response create = post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).key("short-lived.txt")
                .eTag(md5("short-lived")).sequencer("0065FA0B4B104A6DAB").eventTime(created).json());

        assertThat(delete.json().get("gone").asInt()).as(delete.body()).isEqualTo(1);
        assertThat(create.json().get("unchanged").asInt()).as(create.body()).isEqualTo(1);
        assertThat(api.item(bucketId, "short-lived.txt").get("status").asText()).isEqualTo("GONE");
        assertThat(itemEvents(bucketId, "short-lived.txt")).doesNotContain("item.processing");
    }

    @Test
    void twoCreatesNewestFirstLeaveTheNewestContent() {
        String name = bucketName("newest-first");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "edited.txt", "second version");
        Instant now = Instant.now();

        Api.Response newest = post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).key("edited.txt")
                .eTag(md5("second version")).sequencer("0065FA0B4B104A6DB0").eventTime(now).json());
        Api.Response older = post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).key("edited.txt")
                .eTag(md5("first version")).sequencer("0065FA0B4B104A6DAB").eventTime(now.minusSeconds(5)).json());

        assertThat(newest.json().get("created").asInt()).isEqualTo(1);
        assertThat(older.json().get("unchanged").asInt()).as(older.body()).isEqualTo(1);
        JsonNode item = awaitStatus(bucketId, "edited.txt", "DONE");
        assertThat(item.get("etag").asText()).isEqualTo("\"" + md5("second version") + "\"");
        assertThat(item.at("/result/size").asLong()).isEqualTo("second version".length());
        assertThat(itemEvents(bucketId, "edited.txt")).containsExactlyInAnyOrder("item.created", "item.processing",
                "item.done");
    }

    @Test
    void aRemovalMakesADoneItemGone() {
        String name = bucketName("removed");
        long bucketId = emptyEventsBucket(name);
        store.put(name, "removed.txt", "here for a while");
        Instant written = Instant.now();
        post(bucketId, S3EventSamples.of("aws-put.json").bucket(name).key("removed.txt").eTag(md5("here for a while"))
                .sequencer("0065FA0B4B104A6DAB").eventTime(written).json());
        awaitStatus(bucketId, "removed.txt", "DONE");

        store.delete(name, "removed.txt");
        Api.Response removal = post(bucketId, S3EventSamples.of("aws-delete.json").bucket(name).key("removed.txt")
                .sequencer("0065FA0B4B104A6DAC").eventTime(written.plusSeconds(1)).json());

        assertThat(removal.json().get("gone").asInt()).as(removal.body()).isEqualTo(1);
        assertThat(api.item(bucketId, "removed.txt").get("status").asText()).isEqualTo("GONE");
        assertThat(itemEvents(bucketId, "removed.txt")).containsExactlyInAnyOrder("item.created", "item.processing",
                "item.done", "item.gone");
    }

    @Test
    void aListedObjectIsNotUndoneByARemovalOlderThanIt() {
        // A removal's event (tombstone), the key written again with its event lost, the listing finding it, and
        // only then a removal that happened before that write: the listed object stays
        String name = bucketName("listed-after-removal");
        long bucketId = emptyEventsBucket(name);
        Instant longAgo = Instant.now().minusSeconds(120);
        post(bucketId, S3EventSamples.of("aws-delete.json").bucket(name).key("back.txt")
                .sequencer("0065FA0B4B104A6DAB").eventTime(longAgo).json());
        store.put(name, "back.txt", "written again");
        scanAndWait(bucketId);
        awaitStatus(bucketId, "back.txt", "DONE");

        Api.Response lateRemoval = post(bucketId, S3EventSamples.of("aws-delete.json").bucket(name).key("back.txt")
                .sequencer("0065FA0B4B104A6DAC").eventTime(longAgo.plusSeconds(60)).json());

        assertThat(lateRemoval.json().get("unchanged").asInt()).as(lateRemoval.body()).isEqualTo(1);
        assertThat(api.item(bucketId, "back.txt").get("status").asText()).isEqualTo("DONE");
    }

    @Test
    void theReconciliationListingFindsWhatNoEventToldOnItsOwnSchedule() {
        String name = bucketName("reconciled");
        store.createBucket(name);
        Map<String, Object> settings = eventsSettings(name);
        // The listing schedule of a LISTING bucket would never come within the test: the reconciliation's does
        settings.put("schedule", "1h");
        settings.put("reconcileSchedule", "1s");
        long bucketId = api.createBucket(settings).get("id").asLong();
        awaitFirstScan(bucketId);

        store.put(name, "missed.txt", "no event told of me");

        awaitStatus(bucketId, "missed.txt", "DONE");
    }

    @Test
    void anEventsBucketIsNotListedOnItsListingSchedule() {
        String name = bucketName("not-listed");
        store.createBucket(name);
        Map<String, Object> settings = eventsSettings(name);
        settings.put("schedule", "1s");
        settings.put("reconcileSchedule", "1h");
        long bucketId = api.createBucket(settings).get("id").asLong();
        String firstScan = awaitFirstScan(bucketId);

        await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() -> firstScan.equals(lastScanAt(bucketId)));
    }

    // --- helpers

    private static String bucketName(String purpose) {
        return "events-" + purpose + "-" + BUCKETS.incrementAndGet();
    }

    private Map<String, Object> eventsSettings(String name) {
        Map<String, Object> settings = store.bucketSettings("S3", name, "media-info");
        settings.put("discovery", "EVENTS");
        settings.put("eventSecret", SECRET);
        settings.put("reconcileSchedule", "1h");
        return settings;
    }

    /** An EVENTS bucket over a new, empty store bucket, its first listing done, so only events find its objects. */
    private long emptyEventsBucket(String name) {
        store.createBucket(name);
        long bucketId = api.createBucket(eventsSettings(name)).get("id").asLong();
        awaitFirstScan(bucketId);
        return bucketId;
    }

    private String awaitFirstScan(long bucketId) {
        await().atMost(PATIENCE).until(() -> lastScanAt(bucketId) != null);
        return lastScanAt(bucketId);
    }

    private void scanAndWait(long bucketId) {
        String before = lastScanAt(bucketId);
        assertThat(api.post("/api/buckets/" + bucketId + "/scan", Map.of()).status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> !java.util.Objects.equals(before, lastScanAt(bucketId)));
    }

    private String lastScanAt(long bucketId) {
        JsonNode at = api.get("/api/buckets/" + bucketId).json().at("/lastScan/at");
        return at.isMissingNode() || at.isNull() ? null : at.asText();
    }

    private Api.Response post(long bucketId, String body) {
        return api.withKey(null).post("/api/buckets/" + bucketId + "/events", body,
                Map.of("Authorization", "Bearer " + SECRET));
    }

    private JsonNode awaitStatus(long bucketId, String key, String status) {
        await().atMost(PATIENCE).untilAsserted(() ->
                assertThat(api.item(bucketId, key).get("status").asText()).isEqualTo(status));
        return api.item(bucketId, key);
    }

    /** The item events of the bucket's key: what webhook subscribers hear of it. */
    private List<String> itemEvents(long bucketId, String key) {
        return outbox.findAll().stream()
                .filter(e -> e.getType().startsWith("item."))
                .filter(e -> {
                    JsonNode payload = json(e.getPayload());
                    return payload.path("bucketId").asLong() == bucketId && key.equals(payload.path("key").asText());
                })
                .map(WebhookEvent::getType)
                .toList();
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String md5(String content) {
        try {
            return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmac(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

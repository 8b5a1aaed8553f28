package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.embedded.EmbeddedSqsServer;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3 event notifications arrive on SQS queues of the embedded server (a real SQS protocol over HTTP): the shared
 * queue, or a bucket's own. Each names an object really uploaded to the embedded S3 server, whose item is then
 * processed; a message is deleted once recorded, and one that is no S3 event notification ends in the dead-letter
 * queue (maxReceiveCount 2 in the test profile). The buckets list only on creation (reconciliation hourly), so
 * every item made afterwards was made by an event.
 */
@ServiceTest
@TestPropertySource(properties = {
        "notifications.embedded.sqs.bucket-events-queue=sqs-shared-bucket-events",
        "notifications.bucket-events.wait-time=1s",
        "notifications.bucket-events.visibility-timeout=1s"})
class BucketEventQueueTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    EmbeddedSqsServer sqsServer;
    @Autowired
    CamelContext camel;
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
    void anAwsPutRecordOnTheSharedQueueMakesAnItemThatIsProcessedAndTheMessageIsDeleted() throws Exception {
        EventsBucket bucket = eventsBucket(null);
        String key = "incoming/aws put.txt";
        String event = uploadAndDescribe(bucket, "sqs-aws-put.json", key, awsEncoded(key));
        send(sharedQueue(), event);

        JsonNode item = awaitItem(bucket.id(), key, "DONE");
        assertThat(item.at("/result/contentType").asText()).isEqualTo("text/plain");
        await().atMost(PATIENCE).until(() -> isEmpty(sharedQueue()));
    }

    @Test
    void snsWrappedAndMinioRecordsAreUnderstoodToo() throws Exception {
        EventsBucket bucket = eventsBucket(null);
        String throughSns = "incoming/through-sns.txt";
        String fromMinio = "incoming/from minio.txt";
        send(sharedQueue(), uploadAndDescribe(bucket, "sqs-sns-put.json", throughSns, awsEncoded(throughSns)));
        // MinIO escapes the key as a query value: the slash too
        send(sharedQueue(), uploadAndDescribe(bucket, "sqs-minio-put.json", fromMinio,
                URLEncoder.encode(fromMinio, StandardCharsets.UTF_8)));

        awaitItem(bucket.id(), throughSns, "DONE");
        awaitItem(bucket.id(), fromMinio, "DONE");
        await().atMost(PATIENCE).until(() -> isEmpty(sharedQueue()));
    }

    @Test
    void aBucketWithItsOwnQueueReadsItAndStopsWhenDeleted() throws Exception {
        String ownQueue = "sqs-own-" + UUID.randomUUID();
        String ownQueueUrl = sqs.createQueue(b -> b.queueName(ownQueue)).queueUrl();
        // By name: looked up on the SQS endpoint
        EventsBucket bucket = eventsBucket(ownQueue);
        await().atMost(PATIENCE).until(() -> camel.getRoute(BucketEventQueues.routeId(bucket.id())) != null);

        String key = "own-queue/clip.txt";
        send(ownQueueUrl, uploadAndDescribe(bucket, "sqs-aws-put.json", key, awsEncoded(key)));
        awaitItem(bucket.id(), key, "DONE");
        await().atMost(PATIENCE).until(() -> isEmpty(ownQueueUrl));

        assertThat(api.delete("/api/buckets/" + bucket.id()).status()).isEqualTo(204);
        assertThat(camel.getRoute(BucketEventQueues.routeId(bucket.id()))).isNull();
    }

    @Test
    void aMalformedMessageIsNotDeletedAndEndsInTheDeadLetterQueue() {
        String notJson = "{not json " + UUID.randomUUID();
        String noRecords = "{\"Service\": \"Amazon S3\", \"Note\": \"" + UUID.randomUUID() + "\"}";
        send(sharedQueue(), notJson);
        send(sharedQueue(), noRecords);

        List<String> dead = new ArrayList<>();
        await().atMost(PATIENCE).untilAsserted(() -> {
            dead.addAll(deadLetters());
            assertThat(dead).containsExactlyInAnyOrder(notJson, noRecords);
        });
        await().atMost(PATIENCE).until(() -> isEmpty(sharedQueue()));
    }

    @Test
    void s3sTestEventIsDeletedAndMakesNothing() throws Exception {
        EventsBucket bucket = eventsBucket(null);
        send(sharedQueue(), fixture("sqs-test-event.json").replace("${bucket}", bucket.name()));

        await().atMost(PATIENCE).until(() -> isEmpty(sharedQueue()));
        // Deleted on its first receive: had it failed, it would be in the dead-letter queue by now
        assertThat(deadLetters()).isEmpty();
        assertThat(api.items("bucket=" + bucket.id()).get("total").asInt()).isZero();
    }

    /** An empty S3 bucket, and its EVENTS bucket whose first listing is over. */
    private EventsBucket eventsBucket(String eventQueue) {
        String name = "events-" + UUID.randomUUID();
        store.createBucket(name);
        Map<String, Object> settings = store.bucketSettings("DATACORE", name, "media-info");
        settings.put("discovery", "EVENTS");
        if (eventQueue != null) {
            settings.put("eventQueue", eventQueue);
        }
        long id = api.createBucket(settings).get("id").asLong();
        await().atMost(PATIENCE).until(() -> api.get("/api/buckets/" + id).json().path("lastScan").has("at"));
        return new EventsBucket(id, name);
    }

    private record EventsBucket(long id, String name) {
    }

    /** Uploads a small text object under the key, and returns the fixture's event describing that upload. */
    private String uploadAndDescribe(EventsBucket bucket, String fixture, String key, String keyInEvent)
            throws IOException {
        byte[] content = ("content of " + key).getBytes(StandardCharsets.UTF_8);
        store.put(bucket.name(), key, content);
        return fixture(fixture).replace("${bucket}", bucket.name()).replace("${key}", keyInEvent)
                .replace("${size}", String.valueOf(content.length)).replace("${etag}", md5(content));
    }

    private String sharedQueue() {
        return sqsServer.bucketEventsQueueUrl();
    }

    private void send(String queueUrl, String body) {
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body));
    }

    private JsonNode awaitItem(long bucketId, String key, String status) {
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(api.item(bucketId, key).get("status").asText())
                .isEqualTo(status));
        return api.item(bucketId, key);
    }

    private List<String> deadLetters() {
        String deadLetterQueue = sqs.getQueueUrl(b -> b.queueName("sqs-shared-bucket-events-dlq")).queueUrl();
        List<String> bodies = new ArrayList<>();
        for (Message message : sqs.receiveMessage(b -> b.queueUrl(deadLetterQueue)
                .maxNumberOfMessages(10).waitTimeSeconds(1)).messages()) {
            bodies.add(message.body());
            sqs.deleteMessage(b -> b.queueUrl(deadLetterQueue).receiptHandle(message.receiptHandle()));
        }
        return bodies;
    }

    private boolean isEmpty(String queueUrl) {
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                        QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)).attributes();
        return attributes.values().stream().allMatch("0"::equals);
    }

    /** The way AWS writes a key in an event: form-encoded, but the slashes left as they are. */
    private static String awsEncoded(String key) {
        return URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
    }

    private static String fixture(String name) throws IOException {
        try (InputStream in = BucketEventQueueTest.class.getResourceAsStream("/s3-events/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String md5(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.notifications.bucket.S3EventNotifications.Notification;
import io.notifications.item.ObjectChange;
import io.notifications.support.S3EventSamples;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Real S3 event notifications, as AWS, SNS, MinIO and Ceph send them, read into changes of keys. */
class S3EventNotificationsTest {

    private final S3EventNotifications notifications = new S3EventNotifications(new ObjectMapper());

    @Test
    void awsPut() {
        assertThat(only("aws-put.json")).isEqualTo(new Notification("mybucket", new ObjectChange("HappyFace.jpg",
                false, "\"d41d8cd98f00b204e9800998ecf8427e\"", 1024L, Instant.parse("1970-01-01T00:00:00Z"),
                "0055AED6DCD90281E5")));
    }

    @Test
    void awsDeleteHasNeitherSizeNorETag() {
        assertThat(only("aws-delete.json")).isEqualTo(new Notification("lambda-artifacts-deafc19498e3f2df",
                new ObjectChange("b21b84d653bb07b05b1e6b33684dc11b", true, null, null,
                        Instant.parse("2019-09-03T19:37:27.192Z"), "0C0F6F405D6ED209E1")));
    }

    @Test
    void snsEnvelopeIsOpened() {
        assertThat(only("sns-put.json")).isEqualTo(new Notification("unwraptestevents-bucket-683517028648",
                new ObjectChange("firehose-s3-template.json", false, "\"e77dffcd1756d6e8e5123ef1e0ce7c54\"", 4314L,
                        Instant.parse("2024-03-19T22:01:47.135Z"), "0065FA0B4B104A6DAB")));
    }

    @Test
    void minioPutWithItsPrefixedEventName() {
        assertThat(only("minio-put.json")).isEqualTo(new Notification("test-bucket", new ObjectChange("image.jpg",
                false, "\"eb52f8e46f60a27a8a1a704e25757f30\"", 84452L, Instant.parse("2025-02-06T01:04:31.998Z"),
                "182178E8B3728CAC")));
    }

    @Test
    void cephPutWithItsSizeAsTextAndWithoutItsUnorderedSequencer() {
        assertThat(only("ceph-put.json")).isEqualTo(new Notification("mybucket1", new ObjectChange("myimage1.jpg",
                false, "\"37b51d194a7513e45b56f6524f2d51f2\"", 1024L, Instant.parse("2019-11-22T13:47:35.124724Z"),
                null)));
    }

    @Test
    void keysAreFormDecodedExceptCephs() {
        assertThat(key(S3EventSamples.of("aws-put.json").key("red+flower.jpg", "red flower.jpg")))
                .isEqualTo("red flower.jpg");
        assertThat(key(S3EventSamples.of("aws-put.json").key("a%2Bb%3Dc.jpg", "a+b=c.jpg"))).isEqualTo("a+b=c.jpg");
        assertThat(key(S3EventSamples.of("sns-put.json").key("deep/red+flower.jpg", "deep/red flower.jpg")))
                .as("AWS may leave '/' as it is").isEqualTo("deep/red flower.jpg");
        assertThat(key(S3EventSamples.of("minio-put.json").key("photos%2F2025%2Fred+flower.jpg",
                "photos/2025/red flower.jpg"))).isEqualTo("photos/2025/red flower.jpg");
        assertThat(key(S3EventSamples.of("ceph-put.json").key("photos/red+flower 100%.jpg")))
                .isEqualTo("photos/red+flower 100%.jpg");
    }

    @Test
    void eTagsTakeTheListingsQuotedForm() {
        assertThat(etag(S3EventSamples.of("aws-put.json").eTag("\"already-quoted\""))).isEqualTo("\"already-quoted\"");
        assertThat(etag(S3EventSamples.of("minio-put.json").eTag("0123abcd-2"))).isEqualTo("\"0123abcd-2\"");
        String oldCeph = S3EventSamples.raw("ceph-put.json").replace("\"eTag\"", "\"etag\"");
        assertThat(notifications.parse(oldCeph).get(0).change().etag())
                .as("Ceph before 2021 spelled it etag").isEqualTo("\"37b51d194a7513e45b56f6524f2d51f2\"");
    }

    @Test
    void s3sTestEventHasNoChangesEvenThroughSns() throws Exception {
        assertThat(notifications.parse(S3EventSamples.raw("aws-test-event.json"))).isEmpty();
        ObjectNode envelope = (ObjectNode) new ObjectMapper().readTree(S3EventSamples.raw("sns-put.json"));
        envelope.put("Message", S3EventSamples.raw("aws-test-event.json"));
        assertThat(notifications.parse(envelope.toString())).isEmpty();
    }

    @Test
    void recordsOtherThanObjectsCreatedOrRemovedAreLeftOut() {
        String restore = S3EventSamples.of("aws-put.json").eventName("ObjectRestore:Completed").json();
        assertThat(notifications.parse(restore)).isEmpty();
        assertThat(notifications.parse(S3EventSamples.of("minio-put.json").eventName("s3:ObjectAccessed:Get").json()))
                .isEmpty();
        assertThat(notifications.parse("{\"Records\": []}")).isEmpty();
    }

    @Test
    void minioNoOpRemovalRemovedNothing() {
        // MinIO's answer to a delete of a key or version that does not exist: the object may well still be there
        String noOp = S3EventSamples.of("minio-put.json").eventName("s3:ObjectRemoved:NoOP").json();
        assertThat(notifications.parse(noOp)).isEmpty();
    }

    @Test
    void everyRecordOfAMessageIsRead() {
        String two = "{\"Records\": [" + record("aws-put.json") + "," + record("aws-delete.json") + "]}";
        assertThat(notifications.parse(two)).extracting(n -> n.change().removed()).containsExactly(false, true);
    }

    @Test
    void snsControlMessagesAndOtherSnsMessagesAreRefused() {
        assertMalformed(() -> notifications.parse(S3EventSamples.raw("sns-subscription-confirmation.json")), "Type");
        assertMalformed(() -> notifications.parse(S3EventSamples.raw("sns-not-s3.json")), "Message");
    }

    @Test
    void whatIsNotAnS3EventNotificationIsRefusedNamingTheField() {
        assertMalformed(() -> notifications.parse("not json"), "body");
        assertMalformed(() -> notifications.parse(""), "body");
        assertMalformed(() -> notifications.parse("[1, 2]"), "body");
        assertMalformed(() -> notifications.parse("{\"hello\": \"world\"}"), "Records");
        assertMalformed(() -> notifications.parse("{\"Records\": {}}"), "Records");
        assertMalformed(() -> notifications.parse("{\"Records\": [1]}"), "Records[0].eventName");
        assertMalformed(() -> notifications.parse(S3EventSamples.raw("aws-put.json").replace("\"key\":", "\"k\":")),
                "Records[0].s3.object.key");
        assertMalformed(() -> notifications.parse(S3EventSamples.raw("aws-put.json").replace("\"name\":", "\"n\":")),
                "Records[0].s3.bucket.name");
        assertMalformed(() -> notifications.parse(S3EventSamples.raw("aws-put.json").replace("\"eTag\":", "\"x\":")),
                "Records[0].s3.object.eTag");
        assertMalformed(() -> notifications.parse(S3EventSamples.of("aws-put.json").eventTime(Instant.EPOCH).json()
                .replace("1970-01-01T00:00:00Z", "yesterday")), "Records[0].eventTime");
    }

    @Test
    void whatNoItemCouldHoldIsRefusedRatherThanFailingLater() {
        assertMalformed(() -> notifications.parse(S3EventSamples.of("aws-put.json").key("100%").json()),
                "Records[0].s3.object.key");
        assertMalformed(() -> notifications.parse(S3EventSamples.of("aws-put.json").key("k".repeat(1025)).json()),
                "Records[0].s3.object.key");
        assertMalformed(() -> notifications.parse(S3EventSamples.of("aws-put.json").eTag("e".repeat(300)).json()),
                "Records[0].s3.object.eTag");
        assertMalformed(() -> notifications.parse(S3EventSamples.of("aws-put.json").sequencer("0".repeat(129)).json()),
                "Records[0].s3.object.sequencer");
    }

    @Test
    void sequencersCompareAsHexRightPaddedToTheSameLength() {
        var order = S3EventNotifications.SEQUENCER_ORDER;
        assertThat(order.compare("0055AED6DCD90281E5", "0055AED6DCD90281E6")).isNegative();
        assertThat(order.compare("0055aed6dcd90281e6", "0055AED6DCD90281E5")).as("case does not count").isPositive();
        assertThat(order.compare("0055AED6DCD90281E5", "0055aed6dcd90281e5")).isZero();
        // Different lengths: the shorter is padded on its right, as AWS's user guide says
        assertThat(order.compare("1", "02")).isPositive();
        assertThat(order.compare("0055AED6DCD90281E5", "0055AED6DCD90281E501")).isNegative();
        assertThat(order.compare("0055AED6DCD90281E5", "0055AED6DCD90281E500")).isZero();
        assertThat(order.compare("0055AED6DCD90281F", "0055AED6DCD90281E5FF")).isPositive();
    }

    private Notification only(String sample) {
        List<Notification> read = notifications.parse(S3EventSamples.raw(sample));
        assertThat(read).hasSize(1);
        return read.get(0);
    }

    private String key(S3EventSamples sample) {
        return notifications.parse(sample.json()).get(0).change().key();
    }

    private String etag(S3EventSamples sample) {
        return notifications.parse(sample.json()).get(0).change().etag();
    }

    private static String record(String sample) {
        String json = S3EventSamples.of(sample).json();
        return json.substring(json.indexOf('[') + 1, json.lastIndexOf(']'));
    }

    private static void assertMalformed(ThrowingCallable parse, String field) {
        assertThatThrownBy(parse).isInstanceOf(MalformedS3EventException.class)
                .satisfies(e -> assertThat(((MalformedS3EventException) e).fieldErrors()).containsKey(field));
    }
}

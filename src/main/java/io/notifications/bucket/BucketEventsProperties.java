package io.notifications.bucket;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SQS intake of S3 event notifications, for buckets whose {@code discovery} is EVENTS.
 *
 * @param queue             a queue shared by buckets (name or URL): each record goes to the EVENTS buckets of its
 *                          bucket name that have no {@code eventQueue} of their own; none: no shared queue
 * @param waitTime          how long one receive waits for messages (SQS long polling, at most 20 s); a stop waits for
 *                          the receives under way, so it stays under camel.main.shutdown-timeout
 * @param visibilityTimeout how long a received message stays hidden from other receivers while it is recorded
 * @param concurrency       parallel receivers per queue
 * @param sqs               region, credentials and endpoint override of the queues
 */
@ConfigurationProperties("notifications.bucket-events")
public record BucketEventsProperties(
        String queue,
        @DefaultValue("5s") Duration waitTime,
        @DefaultValue("60s") Duration visibilityTimeout,
        @DefaultValue("2") int concurrency,
        @DefaultValue Sqs sqs) {

    /**
     * @param region    the queues' AWS region
     * @param endpoint  an SQS-compatible endpoint instead of AWS's
     * @param accessKey with {@code secretKey}, static credentials; without, the default AWS credential chain
     */
    public record Sqs(@DefaultValue("us-east-1") String region, URI endpoint, String accessKey, String secretKey) {
        @Override
        public String toString() {
            return "Sqs[region=" + region + ", endpoint=" + endpoint + ", accessKey=" + accessKey + ", secretKey=***]";
        }
    }
}

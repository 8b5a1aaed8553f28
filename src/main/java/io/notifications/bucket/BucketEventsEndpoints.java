package io.notifications.bucket;

import java.net.URI;

/**
 * Where the queues of S3 event notifications are: from {@link BucketEventsProperties}, unless the embedded SQS
 * stand-in runs (then its server, and its shared queue if it made one).
 *
 * @param sharedQueue  the shared queue's name or URL; null when there is none
 * @param sqsEndpoint  an SQS-compatible endpoint instead of AWS's, or null
 * @param sqsAccessKey with {@code sqsSecretKey}, static credentials; null for the default AWS credential chain
 */
public record BucketEventsEndpoints(String sharedQueue, URI sqsEndpoint, String sqsAccessKey, String sqsSecretKey) {

    public static BucketEventsEndpoints of(BucketEventsProperties properties) {
        BucketEventsProperties.Sqs sqs = properties.sqs();
        return new BucketEventsEndpoints(blankToNull(properties.queue()), sqs.endpoint(), blankToNull(sqs.accessKey()),
                blankToNull(sqs.secretKey()));
    }

    public boolean hasSharedQueue() {
        return sharedQueue != null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "BucketEventsEndpoints[sharedQueue=" + sharedQueue + ", sqsEndpoint=" + sqsEndpoint + "]";
    }
}

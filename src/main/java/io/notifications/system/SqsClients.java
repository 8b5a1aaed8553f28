package io.notifications.system;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

/** SQS clients as the intakes configure them: a region, an optional endpoint override, and credentials. */
public final class SqsClients {

    private SqsClients() {
    }

    /**
     * @param endpoint  an SQS-compatible endpoint instead of AWS's; null for AWS's
     * @param accessKey with {@code secretKey}, static credentials; without, the default AWS credential chain
     */
    public static SqsClient build(String region, URI endpoint, String accessKey, String secretKey) {
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(region));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        if (accessKey != null && secretKey != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(accessKey, secretKey)));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    /** A queue's URL: a URL is used as it is, a name is looked up (GetQueueUrl) at the client's endpoint. */
    public static String queueUrl(SqsClient sqs, String queue) {
        if (queue.startsWith("https://") || queue.startsWith("http://")) {
            return queue;
        }
        return sqs.getQueueUrl(b -> b.queueName(queue)).queueUrl();
    }

    /** A duration in whole seconds, within what an SQS parameter allows. */
    public static long seconds(Duration duration, long min, long max) {
        return Math.max(min, Math.min(max, duration.toSeconds()));
    }
}

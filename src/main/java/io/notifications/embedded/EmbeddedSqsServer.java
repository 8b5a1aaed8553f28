package io.notifications.embedded;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A real SQS protocol server in the JVM (ElasticMQ), for the zero-configuration demo and for tests, with the event
 * queue and its dead-letter queue created at startup, and the shared queue of bucket events with its own if asked.
 */
public class EmbeddedSqsServer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqsServer.class);
    /** ElasticMQ accepts any credentials; the SDK insists on some. */
    public static final String ACCESS_KEY = "embedded";

    private final SQSRestServer server;
    private final URI endpoint;
    private final String queueUrl;
    private final String deadLetterQueueUrl;
    private final String bucketEventsQueueUrl;

    public EmbeddedSqsServer(EmbeddedSqsProperties properties) {
        server = SQSRestServerBuilder.withInterface(properties.host()).withPort(properties.port()).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://" + properties.host() + ":" + port);
        try (SqsClient sqs = client()) {
            queueUrl = createQueue(sqs, properties.queue(), properties.maxReceiveCount());
            deadLetterQueueUrl = sqs.getQueueUrl(b -> b.queueName(properties.queue() + "-dlq")).queueUrl();
            String bucketEvents = properties.bucketEventsQueue();
            bucketEventsQueueUrl = bucketEvents == null || bucketEvents.isBlank() ? null
                    : createQueue(sqs, bucketEvents.trim(), properties.maxReceiveCount());
        }
        log.info("Embedded SQS server listening on {} with queue {}", endpoint, queueUrl);
    }

    /** Creates the queue and its {@code <name>-dlq}, wired with a redrive policy; returns the queue's URL. */
    private static String createQueue(SqsClient sqs, String name, int maxReceiveCount) {
        String deadLetterUrl = sqs.createQueue(b -> b.queueName(name + "-dlq")).queueUrl();
        String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterUrl)
                .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
        return sqs.createQueue(b -> b.queueName(name).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + maxReceiveCount
                        + "\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}"))).queueUrl();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    /** The shared queue of bucket events, or null when none was asked for. */
    public String bucketEventsQueueUrl() {
        return bucketEventsQueueUrl;
    }

    /** A client for this server; the caller closes it. */
    public SqsClient client() {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, ACCESS_KEY)))
                .build();
    }

    @Override
    public void destroy() {
        server.stopAndWait();
    }
}

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
 * queue and its dead-letter queue created at startup.
 */
public class EmbeddedSqsServer implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSqsServer.class);
    /** ElasticMQ accepts any credentials; the SDK insists on some. */
    public static final String ACCESS_KEY = "embedded";

    private final SQSRestServer server;
    private final URI endpoint;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    public EmbeddedSqsServer(EmbeddedSqsProperties properties) {
        server = SQSRestServerBuilder.withInterface(properties.host()).withPort(properties.port()).start();
        int port = server.waitUntilStarted().localAddress().getPort();
        endpoint = URI.create("http://" + properties.host() + ":" + port);
        try (SqsClient sqs = client()) {
            deadLetterQueueUrl = sqs.createQueue(b -> b.queueName(properties.queue() + "-dlq")).queueUrl();
            String deadLetterArn = sqs.getQueueAttributes(b -> b.queueUrl(deadLetterQueueUrl)
                    .attributeNames(QueueAttributeName.QUEUE_ARN)).attributes().get(QueueAttributeName.QUEUE_ARN);
            queueUrl = sqs.createQueue(b -> b.queueName(properties.queue()).attributes(Map.of(
                    QueueAttributeName.REDRIVE_POLICY, "{\"maxReceiveCount\":\"" + properties.maxReceiveCount()
                            + "\",\"deadLetterTargetArn\":\"" + deadLetterArn + "\"}"))).queueUrl();
        }
        log.info("Embedded SQS server listening on {} with queue {}", endpoint, queueUrl);
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

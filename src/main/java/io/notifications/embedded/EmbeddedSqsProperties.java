package io.notifications.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The SQS-compatible server (ElasticMQ) that runs inside the service in the demo profile. It holds
 * the iconik event queue and its dead-letter queue, wired with a redrive policy as the README describes for AWS.
 *
 * @param enabled         start it (the demo profile does; off by default, and refused together with {@code iconik.queue})
 * @param host            the address it listens on
 * @param port            its port; 0 picks a free one
 * @param queue           the event queue's name
 * @param maxReceiveCount receives after which an unprocessable message moves to {@code <queue>-dlq}
 * @param bucketEventsQueue the name of a shared queue of S3 event notifications to create, with its
 *                          {@code -dlq}, and read in place of {@code notifications.bucket-events.queue}; none: none
 */
@ConfigurationProperties("notifications.embedded.sqs")
public record EmbeddedSqsProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9324") int port,
        @DefaultValue("iconik-events") String queue,
        @DefaultValue("3") int maxReceiveCount,
        String bucketEventsQueue) {
}

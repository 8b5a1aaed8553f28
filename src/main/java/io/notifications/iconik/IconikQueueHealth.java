package io.notifications.iconik;

import io.notifications.system.AwsHealthChecks;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * {@code iconikQueue} in the actuator health: the SQS queue iconik's events arrive on answers, with how many
 * messages wait in it. UP with no detail but {@code queue: none} where events come over HTTP only.
 */
@Component("iconikQueue")
public class IconikQueueHealth implements HealthIndicator {

    private final SqsClient sqs;
    private final IconikEndpoints endpoints;

    public IconikQueueHealth(SqsClient iconikSqs, IconikEndpoints endpoints) {
        this.sqs = iconikSqs;
        this.endpoints = endpoints;
    }

    @Override
    public Health health() {
        String queue = endpoints.queue();
        if (queue == null) {
            return Health.up().withDetail("queue", "none").build();
        }
        try {
            String url = queue.startsWith("http") ? queue : sqs.getQueueUrl(request -> request.queueName(queue)
                    .overrideConfiguration(o -> o.apiCallTimeout(AwsHealthChecks.TIMEOUT))).queueUrl();
            String waiting = sqs.getQueueAttributes(request -> request.queueUrl(url)
                            .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
                            .overrideConfiguration(o -> o.apiCallTimeout(AwsHealthChecks.TIMEOUT)))
                    .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
            return Health.up().withDetail("queue", queue).withDetail("messagesWaiting", waiting).build();
        } catch (SdkException failure) {
            return Health.down().withDetail("queue", queue)
                    .withDetail("error", AwsHealthChecks.describe(failure)).build();
        }
    }
}

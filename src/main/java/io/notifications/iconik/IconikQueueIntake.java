package io.notifications.iconik;

import io.notifications.system.SqsClients;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Starts the SQS intake route ({@code iconik-sqs-intake} in routes/iconik-intake.yaml) when a queue is configured.
 * The queue's URL is looked up once here, so that a wrong name or missing permission stops startup with a clear
 * message instead of an intake that silently polls nothing.
 */
@Component
class IconikQueueIntake implements CamelContextConfiguration {

    static final String TEMPLATE = "iconik-sqs-intake-template";
    static final String ROUTE_ID = "iconik-sqs-intake";
    private static final Logger log = LoggerFactory.getLogger(IconikQueueIntake.class);

    private final IconikEndpoints endpoints;
    private final IconikProperties properties;
    private final SqsClient sqs;
    private final IconikQueueBatch batch;

    IconikQueueIntake(IconikEndpoints endpoints, IconikProperties properties, SqsClient iconikSqs,
                      IconikQueueBatch batch) {
        this.batch = batch;
        this.endpoints = endpoints;
        this.properties = properties;
        this.sqs = iconikSqs;
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
    }

    /** After start, when routes/iconik-intake.yaml has been loaded. */
    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        if (endpoints.queue() == null) {
            log.info("No iconik.queue configured: the SQS intake is off");
            return;
        }
        if (properties.rules().isEmpty()) {
            log.warn("iconik.queue is set but no iconik.rules: every event will be received and ignored");
        }
        String queueUrl;
        try {
            queueUrl = SqsClients.queueUrl(sqs, endpoints.queue());
        } catch (SdkException e) {
            throw new IllegalStateException("iconik.queue: cannot find SQS queue '" + endpoints.queue() + "': "
                    + e.getMessage(), e);
        }
        batch.queue(queueUrl);
        TemplatedRouteBuilder.builder(camelContext, TEMPLATE)
                .routeId(ROUTE_ID)
                .parameter("queueUrl", queueUrl)
                .parameter("delay", String.valueOf(properties.pollInterval().toMillis()))
                .parameter("waitTimeSeconds", String.valueOf(SqsClients.seconds(properties.waitTime(), 0, 20)))
                .parameter("consumers", String.valueOf(Math.max(1, properties.concurrency())))
                .parameter("visibilityTimeout",
                        String.valueOf(SqsClients.seconds(properties.visibilityTimeout(), 1, 43_200)))
                .add();
        log.info("iconik SQS intake polls {} (every {} when empty)", queueUrl, properties.pollInterval());
    }
}

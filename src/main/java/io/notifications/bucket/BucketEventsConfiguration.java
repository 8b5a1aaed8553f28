package io.notifications.bucket;

import io.notifications.system.SqsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

@Configuration(proxyBeanMethods = false)
class BucketEventsConfiguration {

    /** From configuration; the embedded SQS stand-in replaces it while it runs. */
    @Bean
    BucketEventsEndpoints bucketEventsEndpoints(BucketEventsProperties properties) {
        return BucketEventsEndpoints.of(properties);
    }

    /**
     * The client of the bucket-event queues, for camel-aws2-sqs ({@code amazonSQSClient=#bucketEventsSqs}). With the
     * iconik queue's client there are two in the registry, so Camel autowires neither: each route names its own.
     */
    @Bean(destroyMethod = "close")
    SqsClient bucketEventsSqs(BucketEventsEndpoints endpoints, BucketEventsProperties properties) {
        return SqsClients.build(properties.sqs().region(), endpoints.sqsEndpoint(), endpoints.sqsAccessKey(),
                endpoints.sqsSecretKey());
    }
}

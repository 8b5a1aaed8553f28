package io.notifications.bucket;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

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
        SqsClientBuilder builder = SqsClient.builder().region(Region.of(properties.sqs().region()));
        if (endpoints.sqsEndpoint() != null) {
            builder.endpointOverride(endpoints.sqsEndpoint());
        }
        if (endpoints.sqsAccessKey() != null && endpoints.sqsSecretKey() != null) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(endpoints.sqsAccessKey(), endpoints.sqsSecretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}

package io.notifications.iconik;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;

@Configuration(proxyBeanMethods = false)
class IconikConfiguration {

    /** From configuration; the embedded stand-ins replace it while they run. */
    @Bean
    IconikEndpoints iconikEndpoints(IconikProperties properties) {
        return IconikEndpoints.of(properties);
    }

    /** The client of the iconik event queue, for camel-aws2-sqs ({@code amazonSQSClient=#iconikSqs}). */
    @Bean(destroyMethod = "close")
    SqsClient iconikSqs(IconikEndpoints endpoints, IconikProperties properties) {
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

package io.notifications.iconik;

import io.notifications.system.SqsClients;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.sqs.SqsClient;

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
        return SqsClients.build(properties.sqs().region(), endpoints.sqsEndpoint(), endpoints.sqsAccessKey(),
                endpoints.sqsSecretKey());
    }
}

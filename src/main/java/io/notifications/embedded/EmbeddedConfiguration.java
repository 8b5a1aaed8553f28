package io.notifications.embedded;

import io.notifications.bucket.BucketService;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.iconik.IconikEndpoints;
import io.notifications.iconik.IconikProperties;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The embedded stand-ins for real endpoints; each is switched off by configuration alone. */
@Configuration(proxyBeanMethods = false)
class EmbeddedConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedConfiguration.class);
    private static final URI DEFAULT_ICONIK = URI.create("https://app.iconik.io");

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.s3.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedS3Server embeddedS3Server(EmbeddedS3Properties properties) throws Exception {
        return new EmbeddedS3Server(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.sqs.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedSqsServer embeddedSqsServer(EmbeddedSqsProperties properties) {
        return new EmbeddedSqsServer(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.iconik.enabled", havingValue = "true", matchIfMissing = true)
    IconikSimulator iconikSimulator(EmbeddedIconikProperties properties, IconikProperties iconik,
                                    ObjectProvider<EmbeddedSqsServer> sqs) throws IOException {
        IconikSimulator simulator = new IconikSimulator(properties.host(), properties.port(),
                Objects.requireNonNullElse(iconik.appId(), ""), Objects.requireNonNullElse(iconik.authToken(), ""));
        if (properties.demo()) {
            DemoIconikAssets.seed(simulator);
        }
        sqs.ifAvailable(server -> simulator.setEventSink(event -> {
            try (SqsClient client = server.client()) {
                client.sendMessage(b -> b.queueUrl(server.queueUrl()).messageBody(event));
            }
        }));
        return simulator;
    }

    /** While the stand-ins run, the service talks to them rather than to what iconik.* names. */
    @Bean
    @Primary
    IconikEndpoints embeddedIconikEndpoints(IconikProperties iconik, ObjectProvider<IconikSimulator> simulator,
                                            ObjectProvider<EmbeddedSqsServer> sqs) {
        IconikEndpoints configured = IconikEndpoints.of(iconik);
        IconikSimulator localIconik = simulator.getIfAvailable();
        EmbeddedSqsServer localSqs = sqs.getIfAvailable();
        if (localSqs != null && configured.queue() != null) {
            log.warn("iconik.queue {} is not used: the embedded SQS server runs (notifications.embedded.sqs.enabled)",
                    configured.queue());
        }
        if (localIconik != null && !DEFAULT_ICONIK.equals(configured.api())) {
            log.warn("iconik.base-url {} is not used: the iconik simulator runs (notifications.embedded.iconik.enabled)",
                    configured.api());
        }
        return new IconikEndpoints(
                localIconik != null ? URI.create(localIconik.baseUrl()) : configured.api(),
                localSqs != null ? localSqs.queueUrl() : configured.queue(),
                localSqs != null ? localSqs.endpoint() : configured.sqsEndpoint(),
                localSqs != null ? EmbeddedSqsServer.ACCESS_KEY : configured.sqsAccessKey(),
                localSqs != null ? EmbeddedSqsServer.ACCESS_KEY : configured.sqsSecretKey());
    }

    @Bean
    @ConditionalOnProperty(name = {"notifications.embedded.s3.enabled", "notifications.embedded.demo.enabled"},
            havingValue = "true", matchIfMissing = true)
    DemoBuckets demoBuckets(EmbeddedS3Server server, S3ClientFactory clients, BucketService bucketService) {
        return new DemoBuckets(server, clients, bucketService);
    }
}

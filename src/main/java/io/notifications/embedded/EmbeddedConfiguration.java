package io.notifications.embedded;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketEventsEndpoints;
import io.notifications.bucket.BucketEventsProperties;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.S3ClientFactory;
import io.notifications.iconik.IconikEndpoints;
import io.notifications.iconik.IconikProperties;
import io.notifications.system.InvalidConfigurationException;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The demo's stand-ins for real endpoints, each off unless switched on (application-demo.yaml does). A stand-in
 * never takes the place of an endpoint that is configured: that stops startup, naming both.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedConfiguration {

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.s3.enabled", havingValue = "true")
    EmbeddedS3Server embeddedS3Server(EmbeddedS3Properties properties) throws Exception {
        return new EmbeddedS3Server(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.sqs.enabled", havingValue = "true")
    EmbeddedSqsServer embeddedSqsServer(EmbeddedSqsProperties properties) {
        return new EmbeddedSqsServer(properties);
    }

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.iconik.enabled", havingValue = "true")
    IconikSimulator iconikSimulator(EmbeddedIconikProperties properties, IconikProperties iconik,
                                    ObjectProvider<EmbeddedSqsServer> sqs) throws IOException {
        IconikSimulator simulator = new IconikSimulator(properties.host(), properties.port(),
                Objects.requireNonNullElse(iconik.appId(), ""), Objects.requireNonNullElse(iconik.authToken(), ""));
        EmbeddedIconikProperties.RateLimit limit = properties.rateLimit();
        if (limit.enabled()) {
            simulator.setRateLimit(limit.perSecond(), limit.perWindow(), limit.window());
        }
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

    /** While the stand-ins run, the service talks to them; iconik.* must then leave their endpoints unset. */
    @Bean
    @Primary
    IconikEndpoints embeddedIconikEndpoints(IconikProperties iconik, ObjectProvider<IconikSimulator> simulator,
                                            ObjectProvider<EmbeddedSqsServer> sqs) {
        IconikEndpoints configured = IconikEndpoints.of(iconik);
        IconikSimulator localIconik = simulator.getIfAvailable();
        EmbeddedSqsServer localSqs = sqs.getIfAvailable();
        if (localIconik != null) {
            refuseShadowing("notifications.embedded.iconik.enabled", "iconik.base-url", configured.api());
        }
        if (localSqs != null) {
            refuseShadowing("notifications.embedded.sqs.enabled", "iconik.queue", configured.queue());
            refuseShadowing("notifications.embedded.sqs.enabled", "iconik.sqs.endpoint", configured.sqsEndpoint());
        }
        return new IconikEndpoints(
                localIconik != null ? URI.create(localIconik.baseUrl()) : configured.api(),
                localSqs != null ? localSqs.queueUrl() : configured.queue(),
                localSqs != null ? localSqs.endpoint() : configured.sqsEndpoint(),
                localSqs != null ? EmbeddedSqsServer.ACCESS_KEY : configured.sqsAccessKey(),
                localSqs != null ? EmbeddedSqsServer.ACCESS_KEY : configured.sqsSecretKey());
    }

    /**
     * While the embedded SQS server runs, the bucket-event queues are on it: buckets' own queues are looked up
     * there, and its shared queue (if it made one) is the shared one. notifications.bucket-events.* must then leave
     * the queue and the endpoint unset.
     */
    @Bean
    @Primary
    BucketEventsEndpoints embeddedBucketEventsEndpoints(BucketEventsProperties bucketEvents,
                                                        ObjectProvider<EmbeddedSqsServer> sqs) {
        BucketEventsEndpoints configured = BucketEventsEndpoints.of(bucketEvents);
        EmbeddedSqsServer localSqs = sqs.getIfAvailable();
        if (localSqs == null) {
            return configured;
        }
        refuseShadowing("notifications.embedded.sqs.enabled", "notifications.bucket-events.queue",
                configured.sharedQueue());
        refuseShadowing("notifications.embedded.sqs.enabled", "notifications.bucket-events.sqs.endpoint",
                configured.sqsEndpoint());
        return new BucketEventsEndpoints(localSqs.bucketEventsQueueUrl(), localSqs.endpoint(),
                EmbeddedSqsServer.ACCESS_KEY, EmbeddedSqsServer.ACCESS_KEY);
    }

    @Bean
    @ConditionalOnProperty(name = {"notifications.embedded.s3.enabled", "notifications.embedded.demo.enabled"},
            havingValue = "true")
    DemoBuckets demoBuckets(EmbeddedS3Server server, S3ClientFactory clients, BucketService bucketService,
                            ObjectMapper objectMapper) {
        return new DemoBuckets(server, clients, bucketService, objectMapper);
    }

    @Bean
    @ConditionalOnProperty(name = {"notifications.embedded.s3.enabled", "notifications.embedded.demo.enabled"},
            havingValue = "true")
    DemoBucketEvents demoBucketEvents(EmbeddedS3Server server, BucketService bucketService,
                                      ObjectMapper objectMapper) {
        return new DemoBucketEvents(server, bucketService, objectMapper);
    }

    private static void refuseShadowing(String standIn, String property, Object configured) {
        if (configured != null) {
            throw new InvalidConfigurationException(standIn, "is true while " + property + " is set (" + configured
                    + "): the embedded stand-in would take its place",
                    "To use " + configured + ", set " + standIn + "=false; to use the stand-in, remove " + property
                            + ".");
        }
    }
}

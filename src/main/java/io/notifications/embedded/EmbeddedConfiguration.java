package io.notifications.embedded;

import io.notifications.bucket.BucketService;
import io.notifications.bucket.S3ClientFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The embedded stand-ins for real endpoints; each is switched off by configuration alone. */
@Configuration(proxyBeanMethods = false)
class EmbeddedConfiguration {

    @Bean
    @ConditionalOnProperty(name = "notifications.embedded.s3.enabled", havingValue = "true", matchIfMissing = true)
    EmbeddedS3Server embeddedS3Server(EmbeddedS3Properties properties) throws Exception {
        return new EmbeddedS3Server(properties);
    }

    @Bean
    @ConditionalOnProperty(name = {"notifications.embedded.s3.enabled", "notifications.embedded.demo.enabled"},
            havingValue = "true", matchIfMissing = true)
    DemoBuckets demoBuckets(EmbeddedS3Server server, S3ClientFactory clients, BucketService bucketService) {
        return new DemoBuckets(server, clients, bucketService);
    }
}

package io.notifications.bucket;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Timeouts and pool size of the S3 clients, the same for every bucket. */
@ConfigurationProperties("notifications.s3")
public record S3Properties(
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("30s") Duration readTimeout,
        @DefaultValue("2m") Duration apiCallTimeout,
        @DefaultValue("16") int maxConnections) {
}

package io.notifications.embedded;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The S3-compatible server (S3Proxy) that runs inside the service in the demo profile.
 *
 * @param enabled   start it (the demo profile does; off by default)
 * @param host      the address it listens on
 * @param port      its port; 0 picks a free one
 * @param dataDir   where objects are kept; empty keeps them in memory
 * @param accessKey the access key clients must sign with
 * @param secretKey the matching secret key
 */
@ConfigurationProperties("notifications.embedded.s3")
public record EmbeddedS3Properties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("127.0.0.1") String host,
        @DefaultValue("9000") int port,
        @DefaultValue("") String dataDir,
        @DefaultValue("embedded-access-key") String accessKey,
        @DefaultValue("embedded-secret-key") String secretKey) {

    @Override
    public String toString() {
        return "EmbeddedS3Properties[host=" + host + ", port=" + port + ", dataDir=" + dataDir + "]";
    }
}

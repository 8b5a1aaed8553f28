package io.notifications.faces.rekognition;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Amazon Rekognition, the optional backend of {@code facial-recognition} ({@code "model": "rekognition"}).
 *
 * @param enabled          off by default: the offline models need no cloud account
 * @param region           the AWS region of the collections
 * @param endpoint         another endpoint than the region's, e.g. a VPC endpoint
 * @param accessKey        with {@code secretKey}; when empty, the SDK's default chain (environment, profile, role)
 * @param secretKey        never logged
 * @param collectionPrefix each gallery is the collection named this prefix plus the gallery's name
 * @param syncInterval     how often every gallery's collection is compared with the gallery and repaired
 * @param apiCallTimeout   one call, retries included
 */
@ConfigurationProperties("notifications.faces.rekognition")
public record RekognitionProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("us-east-1") String region,
        URI endpoint,
        String accessKey,
        String secretKey,
        @DefaultValue("notifications-") String collectionPrefix,
        @DefaultValue("5m") Duration syncInterval,
        @DefaultValue("30s") Duration apiCallTimeout) {

    public String collection(String gallery) {
        return collectionPrefix + gallery;
    }
}

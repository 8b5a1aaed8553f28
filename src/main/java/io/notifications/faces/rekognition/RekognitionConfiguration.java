package io.notifications.faces.rekognition;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.RekognitionClientBuilder;

/** The Rekognition client, made only when the backend is enabled. */
@Configuration(proxyBeanMethods = false)
public class RekognitionConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(prefix = "notifications.faces.rekognition", name = "enabled", havingValue = "true")
    RekognitionClient rekognitionClient(RekognitionProperties properties) {
        RekognitionClientBuilder builder = RekognitionClient.builder()
                .region(Region.of(properties.region()))
                .credentialsProvider(credentials(properties))
                .httpClientBuilder(ApacheHttpClient.builder())
                .overrideConfiguration(o -> o.apiCallTimeout(properties.apiCallTimeout()));
        if (properties.endpoint() != null) {
            builder.endpointOverride(properties.endpoint());
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(RekognitionProperties properties) {
        if (properties.accessKey() == null || properties.accessKey().isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(properties.accessKey(),
                properties.secretKey() == null ? "" : properties.secretKey()));
    }
}

package io.notifications.bucket;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * The one place S3 clients are made: one per bucket, from its vendor preset and overrides, rebuilt when the
 * bucket changes. Interceptor beans (metrics, benchmarks) are added to every client.
 */
@Component
public class S3ClientFactory implements DisposableBean {

    private record CachedClient(long bucketVersion, S3Client client) {
    }

    private final S3Properties properties;
    private final List<ExecutionInterceptor> interceptors;
    private final Map<Long, CachedClient> clients = new ConcurrentHashMap<>();

    public S3ClientFactory(S3Properties properties, List<ExecutionInterceptor> interceptors) {
        this.properties = properties;
        this.interceptors = interceptors;
    }

    public S3Client clientFor(Bucket bucket) {
        return clients.compute(bucket.getId(), (id, cached) -> {
            if (cached != null && cached.bucketVersion() == bucket.getVersion()) {
                return cached;
            }
            if (cached != null) {
                cached.client().close();
            }
            return new CachedClient(bucket.getVersion(), build(bucket.getEndpoint(), bucket.getRegion(),
                    bucket.isPathStyle(), bucket.getChecksumMode(), bucket.getAccessKey(), bucket.getSecretKey()));
        }).client();
    }

    public void evict(long bucketId) {
        CachedClient cached = clients.remove(bucketId);
        if (cached != null) {
            cached.client().close();
        }
    }

    /** A client for settings that are not (yet) a stored bucket, e.g. the embedded demo's seeding. */
    public S3Client build(String endpoint, String region, boolean pathStyle, ChecksumMode checksumMode,
                          String accessKey, String secretKey) {
        var checksums = checksumMode == ChecksumMode.WHEN_REQUIRED;
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                .credentialsProvider(credentials(accessKey, secretKey))
                .forcePathStyle(pathStyle)
                // Newer SDKs send CRC32 trailers that many S3-compatible stores reject
                .requestChecksumCalculation(checksums
                        ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(checksums
                        ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(properties.connectTimeout())
                        .socketTimeout(properties.readTimeout())
                        .maxConnections(properties.maxConnections()))
                .overrideConfiguration(o -> {
                    o.apiCallTimeout(properties.apiCallTimeout());
                    interceptors.forEach(o::addExecutionInterceptor);
                });
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(String accessKey, String secretKey) {
        if (accessKey == null || accessKey.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey == null ? "" : secretKey));
    }

    @Override
    public void destroy() {
        clients.values().forEach(c -> c.client().close());
        clients.clear();
    }
}

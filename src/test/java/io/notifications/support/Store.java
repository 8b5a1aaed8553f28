package io.notifications.support;

import io.notifications.embedded.EmbeddedS3Server;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.beans.factory.DisposableBean;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The test's own S3 client for the embedded server: it creates buckets and objects as a user's workflow would. */
public class Store implements DisposableBean {

    private final EmbeddedS3Server server;
    private final S3Client s3;

    public Store(EmbeddedS3Server server) {
        this.server = server;
        this.s3 = S3Client.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(server.accessKey(), server.secretKey())))
                .build();
    }

    public String endpoint() {
        return server.endpoint();
    }

    public void createBucket(String bucket) {
        s3.createBucket(b -> b.bucket(bucket));
    }

    public void put(String bucket, String key, String content) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString(content, StandardCharsets.UTF_8));
    }

    public void put(String bucket, String key, byte[] content) {
        s3.putObject(p -> p.bucket(bucket).key(key), RequestBody.fromBytes(content));
    }

    public void delete(String bucket, String key) {
        s3.deleteObject(d -> d.bucket(bucket).key(key));
    }

    /** Puts {@code count} small text objects named {@code prefix0000.txt}, ... in parallel. */
    public void putMany(String bucket, String prefix, int count) {
        IntStream.range(0, count).parallel()
                .forEach(i -> put(bucket, "%s%05d.txt".formatted(prefix, i), "object " + i));
    }

    /** Bucket settings for the embedded server with the given vendor, name and processor. */
    public Map<String, Object> bucketSettings(String vendor, String name, String processor) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("name", name);
        settings.put("vendor", vendor);
        settings.put("endpoint", server.endpoint());
        settings.put("accessKey", server.accessKey());
        settings.put("secretKey", server.secretKey());
        settings.put("schedule", "1h");
        settings.put("processor", processor);
        return settings;
    }

    @Override
    public void destroy() {
        s3.close();
    }
}

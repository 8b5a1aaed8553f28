package io.notifications.bucket;

import io.notifications.system.AwsHealthChecks;
import java.util.Iterator;
import java.util.Optional;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code buckets} in the actuator health: one contributor per active bucket, named by its id, asking the store
 * for the bucket itself (HeadBucket), which fails when the endpoint is unreachable, the credentials are refused,
 * or the bucket is gone. Each check asks afresh, so a bucket is UP again as soon as its store is.
 */
@Component("buckets")
public class BucketHealth implements CompositeHealthContributor {

    private final BucketRepository buckets;
    private final S3ClientFactory clients;

    public BucketHealth(BucketRepository buckets, S3ClientFactory clients) {
        this.buckets = buckets;
        this.clients = clients;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return id(name).flatMap(buckets::findById).filter(Bucket::isActive).map(this::indicator).orElse(null);
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return buckets.findByActiveTrue().stream()
                .map(bucket -> NamedContributor.<HealthContributor>of(String.valueOf(bucket.getId()),
                        indicator(bucket)))
                .iterator();
    }

    private HealthIndicator indicator(Bucket bucket) {
        return () -> {
            Health.Builder health;
            try {
                clients.clientFor(bucket).headBucket(request -> request.bucket(bucket.getName())
                        .overrideConfiguration(o -> o.apiCallTimeout(AwsHealthChecks.TIMEOUT)));
                health = Health.up();
            } catch (AwsServiceException refused) {
                health = Health.down().withDetail("error", refused.statusCode() == 404 ? "no such bucket"
                        : refused.statusCode() == 403 ? "credentials refused (HTTP 403)"
                        : AwsHealthChecks.describe(refused));
            } catch (SdkException unreachable) {
                health = Health.down().withDetail("error", AwsHealthChecks.describe(unreachable));
            }
            return health.withDetail("name", bucket.getName()).withDetail("vendor", bucket.getVendor())
                    .withDetail("endpoint", String.valueOf(bucket.getEndpoint())).build();
        };
    }

    private static Optional<Long> id(String name) {
        try {
            return Optional.of(Long.parseLong(name));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

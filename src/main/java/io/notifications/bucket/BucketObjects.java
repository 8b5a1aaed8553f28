package io.notifications.bucket;

import io.notifications.processing.NotRetryableException;
import io.notifications.processing.MediaSource;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Opens the bytes of an object in a bucket as a {@link MediaSource}, streamed straight from the store. */
@Component
public class BucketObjects {

    private final S3ClientFactory clients;

    public BucketObjects(S3ClientFactory clients) {
        this.clients = clients;
    }

    /** The object {@code key} of the bucket, as the media of item {@code itemId}. */
    public MediaSource open(Bucket bucket, long itemId, String key, Long size) {
        var s3 = clients.clientFor(bucket);
        return new MediaSource(itemId, key, size, () -> {
            try {
                return s3.getObject(GetObjectRequest.builder().bucket(bucket.getName()).key(key).build());
            } catch (NoSuchKeyException | NoSuchBucketException gone) {
                throw new NotRetryableException("object '" + key + "' no longer exists in " + bucket, gone);
            }
        });
    }
}

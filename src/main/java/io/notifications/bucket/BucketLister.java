package io.notifications.bucket;

import java.util.Iterator;
import java.util.List;
import java.util.stream.StreamSupport;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Lists a bucket page by page with ListObjectsV2, following continuation tokens to the end. Pages are fetched
 * lazily, so a scan of millions of keys holds one page (at most 1,000 keys) at a time and no object is downloaded.
 *
 * <p>The aws2-s3 component cannot do this: its consumer GETs every object on every poll, and its producer's
 * {@code listObjects} returns only the first page.
 */
@Component
public class BucketLister {

    private final S3ClientFactory clients;

    public BucketLister(S3ClientFactory clients) {
        this.clients = clients;
    }

    public Iterator<List<S3Object>> pages(Bucket bucket) {
        ListObjectsV2Request request = ListObjectsV2Request.builder()
                .bucket(bucket.getName())
                .prefix(bucket.getPrefix())
                .build();
        var pages = clients.clientFor(bucket).listObjectsV2Paginator(request);
        return StreamSupport.stream(pages.spliterator(), false).map(page -> page.contents()).iterator();
    }
}

package io.notifications.api;

import io.notifications.system.StoredJson;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketService;
import io.notifications.bucket.BucketSettings;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The {@code /api/buckets} endpoints declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("bucketApi")
public class BucketApi {

    private final BucketService buckets;
    private final ObjectMapper objectMapper;
    private final ApiParameters parameters;

    public BucketApi(BucketService buckets, ObjectMapper objectMapper, ApiParameters parameters) {
        this.buckets = buckets;
        this.objectMapper = objectMapper;
        this.parameters = parameters;
    }

    public PageView<BucketView> list(@Header("page") String page, @Header("size") String size) {
        ApiParameters.Paging paging = parameters.paging(page, size);
        return PageView.of(buckets.list(paging.pageNumber(), paging.pageSize()), this::view);
    }

    public BucketView get(@Header("id") String id) {
        return view(buckets.get(ApiParameters.id(id, "bucket")));
    }

    public BucketView create(@Body BucketSettings settings, Exchange exchange) {
        Bucket bucket = buckets.create(settings);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/buckets/" + bucket.getId());
        return view(bucket);
    }

    public BucketView update(@Header("id") String id, @Body BucketSettings settings) {
        return view(buckets.update(ApiParameters.id(id, "bucket"), settings));
    }

    public void delete(@Header("id") String id, Exchange exchange) {
        buckets.delete(ApiParameters.id(id, "bucket"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    /** The answer to a scan request: {@code {"bucketId": 7, "scan": "requested"}}. */
    public record ScanRequested(long bucketId, String scan) {
    }

    public ScanRequested scan(@Header("id") String id, Exchange exchange) {
        long bucketId = ApiParameters.id(id, "bucket");
        buckets.scanNow(bucketId);
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        return new ScanRequested(bucketId, "requested");
    }

    private BucketView view(Bucket bucket) {
        return BucketView.of(bucket, StoredJson.parse(objectMapper, bucket.getProcessorConfig()),
                StoredJson.parse(objectMapper, bucket.pipeline().toJson()));
    }

}

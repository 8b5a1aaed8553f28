package io.notifications.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Counts the S3 operations a client makes, by operation name (ListObjectsV2, GetObject, HeadObject, ...), and the
 * object bytes its GETs downloaded. Registered as a bean it is added to every client the service makes.
 */
public class S3RequestCounter implements ExecutionInterceptor {

    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final AtomicLong bytesDownloaded = new AtomicLong();
    private final Map<String, AtomicLong> getsByKey = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        counts.computeIfAbsent(operation, o -> new AtomicLong()).incrementAndGet();
        if (context.request() instanceof GetObjectRequest get) {
            getsByKey.computeIfAbsent(get.key(), k -> new AtomicLong()).incrementAndGet();
        }
    }

    /** How many times objects with this key were fetched, in any bucket. */
    public long gets(String key) {
        AtomicLong count = getsByKey.get(key);
        return count == null ? 0 : count.get();
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if ("GetObject".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            context.httpResponse().firstMatchingHeader("Content-Length")
                    .ifPresent(length -> bytesDownloaded.addAndGet(Long.parseLong(length)));
        }
    }

    public long count(String operation) {
        AtomicLong count = counts.get(operation);
        return count == null ? 0 : count.get();
    }

    public long bytesDownloaded() {
        return bytesDownloaded.get();
    }

    public void reset() {
        counts.clear();
        bytesDownloaded.set(0);
    }
}

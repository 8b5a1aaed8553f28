package io.notifications.support;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * Breaks a bucket's listings part-way, as a store that fails between pages would: while a bucket is broken, every
 * ListObjectsV2 request that continues a listing of it (one with a continuation token) fails, so its first page
 * arrives and the rest never does. Registered as a bean it is added to every client the service makes.
 */
public class ListingFaults implements ExecutionInterceptor {

    private final Set<String> broken = ConcurrentHashMap.newKeySet();

    public void breakAfterFirstPage(String bucket) {
        broken.add(bucket);
    }

    public void heal(String bucket) {
        broken.remove(bucket);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof ListObjectsV2Request listing && listing.continuationToken() != null
                && broken.contains(listing.bucket())) {
            throw SdkClientException.create("the listing of " + listing.bucket() + " broke after its first page");
        }
    }
}

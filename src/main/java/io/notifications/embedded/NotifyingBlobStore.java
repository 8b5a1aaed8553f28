package io.notifications.embedded;

import java.io.InputStream;
import java.util.function.Consumer;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * The embedded S3 server's store, telling a listener of every object written or removed, as stores that push
 * event notifications do (MinIO's webhook target, AWS's queue configurations). The demo passes these on to the
 * HTTP intake of its EVENTS bucket; the server otherwise has no listener.
 */
final class NotifyingBlobStore extends ForwardingBlobStore {

    /** An object written (with its ETag and size) or removed. */
    record Change(String bucket, String key, boolean removed, String etag, Long size) {
    }

    /** Null until someone listens: then no write pays for the metadata read a change needs. */
    private volatile Consumer<Change> listener;

    NotifyingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    void listener(Consumer<Change> listener) {
        this.listener = listener;
    }

    @Override
    public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
        PutObjectResponse response = super.putBlob(request, content);
        written(request.bucket(), request.key());
        return response;
    }

    @Override
    public CopyObjectResponse copyBlob(CopyObjectRequest request) {
        CopyObjectResponse response = super.copyBlob(request);
        written(request.destinationBucket(), request.destinationKey());
        return response;
    }

    @Override
    public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload upload,
                                                                   CompleteMultipartUploadRequest request) {
        CompleteMultipartUploadResponse response = super.completeMultipartUpload(upload, request);
        written(request.bucket(), request.key());
        return response;
    }

    @Override
    public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
        DeleteObjectResponse response = super.removeBlob(request);
        Consumer<Change> told = listener;
        if (told != null) {
            told.accept(new Change(request.bucket(), request.key(), true, null, null));
        }
        return response;
    }

    /** What a listing would show of the object now: its ETag and size, from the store itself. */
    private void written(String bucket, String key) {
        Consumer<Change> told = listener;
        if (told == null) {
            return;
        }
        HeadObjectResponse head = super.blobMetadata(software.amazon.awssdk.services.s3.model.HeadObjectRequest
                .builder().bucket(bucket).key(key).build());
        told.accept(new Change(bucket, key, false, head == null ? null : head.eTag(),
                head == null ? null : head.contentLength()));
    }
}

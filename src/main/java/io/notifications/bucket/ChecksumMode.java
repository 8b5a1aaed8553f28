package io.notifications.bucket;

/** When the S3 client calculates request checksums and validates response checksums. */
public enum ChecksumMode {
    /** Only where the operation demands one; what most S3-compatible stores accept. */
    WHEN_REQUIRED,
    /** Wherever the SDK can (its default since 2.30, with CRC32 trailers). */
    WHEN_SUPPORTED
}

package io.notifications.bucket;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kind of store a bucket lives in. Each vendor is a preset: the defaults a user would otherwise have to know,
 * every one of which a bucket may override.
 */
public enum Vendor {
    /** DataCore Swarm: on-prem, path-style, rejects the CRC32 trailers newer SDKs send by default. */
    DATACORE("datacore", true, ChecksumMode.WHEN_REQUIRED),
    /** Object Matrix MatrixStore: on-prem, path-style, likewise only checksums when required. */
    OBJECT_MATRIX("objectmatrix", true, ChecksumMode.WHEN_REQUIRED),
    /** AWS S3 or any other S3-compatible store: virtual-hosted style and the SDK's default checksums. */
    S3("s3", false, ChecksumMode.WHEN_SUPPORTED);

    public static final String DEFAULT_REGION = "us-east-1";

    private final String source;
    private final boolean pathStyle;
    private final ChecksumMode checksumMode;

    Vendor(String source, boolean pathStyle, ChecksumMode checksumMode) {
        this.source = source;
        this.pathStyle = pathStyle;
        this.checksumMode = checksumMode;
    }

    /** The lower-case name used for items, events, logs and the {@code source} query parameter. */
    public String source() {
        return source;
    }

    public boolean defaultPathStyle() {
        return pathStyle;
    }

    public ChecksumMode defaultChecksumMode() {
        return checksumMode;
    }

    public static Optional<Vendor> fromSource(String source) {
        return Arrays.stream(values()).filter(v -> v.source.equalsIgnoreCase(source)).findFirst();
    }
}

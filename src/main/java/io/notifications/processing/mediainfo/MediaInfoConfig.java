package io.notifications.processing.mediainfo;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import java.time.Duration;

/**
 * Options of the {@code media-info} processor.
 *
 * @param sha256          compute the SHA-256 of the content (default true)
 * @param imageDimensions read width and height from image headers (default true)
 * @param probe           read the container and stream headers of audio and video with FFmpeg (default true)
 * @param probeTimeout    seconds the FFmpeg probe may take, 1 to 600 (default 30); a slower probe fails the item
 * @param pictureMetadata read orientation, camera, capture time and GPS from pictures' EXIF, IPTC and XMP (default
 *                        true)
 */
public record MediaInfoConfig(Boolean sha256, Boolean imageDimensions, Boolean probe,
                              @DecimalMin(value = "1", message = "must be at least 1 (seconds)")
                              @DecimalMax(value = "600", message = "must be at most 600 (seconds)")
                              Double probeTimeout,
                              Boolean pictureMetadata) {

    public static final double DEFAULT_PROBE_TIMEOUT = 30;

    public MediaInfoConfig {
        sha256 = sha256 == null || sha256;
        imageDimensions = imageDimensions == null || imageDimensions;
        probe = probe == null || probe;
        probeTimeout = probeTimeout == null ? DEFAULT_PROBE_TIMEOUT : probeTimeout;
        pictureMetadata = pictureMetadata == null || pictureMetadata;
    }

    Duration probeLimit() {
        return Duration.ofMillis(Math.round(probeTimeout * 1000));
    }
}

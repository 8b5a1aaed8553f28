package io.notifications.processing.mediainfo;

/**
 * Options of the {@code media-info} processor.
 *
 * @param sha256          compute the SHA-256 of the content (default true)
 * @param imageDimensions read width and height from image headers (default true)
 */
public record MediaInfoConfig(Boolean sha256, Boolean imageDimensions) {

    public MediaInfoConfig {
        sha256 = sha256 == null || sha256;
        imageDimensions = imageDimensions == null || imageDimensions;
    }
}

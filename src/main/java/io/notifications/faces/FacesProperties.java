package io.notifications.faces;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the face models and of the bounds that keep bad media from taking the service down.
 *
 * @param modelDir       a directory holding face-api's weight files; by default the ones packaged with the service
 * @param threads        ONNX Runtime threads per inference; one suits several workers on few cores
 * @param maxPixels      images and video frames larger than this are refused before they are decoded
 * @param maxVideoFrames at most this many frames are sampled from one video; a long one is sampled more sparsely
 * @param cropSize       the longer edge of a face crop, in pixels
 */
@ConfigurationProperties("notifications.faces")
public record FacesProperties(
        Path modelDir,
        @DefaultValue("1") int threads,
        @DefaultValue("50000000") long maxPixels,
        @DefaultValue("3600") int maxVideoFrames,
        @DefaultValue("160") int cropSize) {
}

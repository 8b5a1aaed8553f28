package io.notifications.faces.model;

import ai.onnxruntime.OrtException;
import io.notifications.faces.DetectedFace;
import io.notifications.faces.RgbImage;
import java.util.List;

/** A face detection network, run on one image at a time. Thread-safe: ONNX Runtime sessions may be shared. */
public interface FaceDetectorModel extends AutoCloseable {

    /**
     * Finds faces.
     *
     * @param inputSize      the square the image is scaled into; larger finds smaller faces, slower
     * @param scoreThreshold faces scoring at or below this are dropped
     * @param maxFaces       at most this many, best first
     */
    List<DetectedFace> detect(RgbImage image, int inputSize, double scoreThreshold, int maxFaces) throws OrtException;

    @Override
    void close() throws OrtException;

    /**
     * A box relative to the image ({@code [x0, y0, x1, y1]} in 0–1) in pixels. Not clipped: a face cut by the
     * edge has a box reaching past it, as face-api reports it.
     */
    static DetectedFace inPixels(double[] relative, double score, RgbImage image) {
        return new DetectedFace(relative[0] * image.width(), relative[1] * image.height(),
                (relative[2] - relative[0]) * image.width(), (relative[3] - relative[1]) * image.height(), score);
    }
}

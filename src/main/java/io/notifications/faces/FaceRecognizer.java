package io.notifications.faces;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Point2D;
import java.awt.image.BufferedImage;
import org.springframework.stereotype.Component;

/**
 * Turns a found face into a 128-number descriptor: the 68 landmarks are found in the face's box, the face is
 * turned so that the eyes are level, cropped to the landmarks' box padded by a fifth (as face-api crops), and
 * described by dlib's ResNet. Descriptors of the same person lie close together; of different people, apart.
 */
@Component
public class FaceRecognizer {

    /** face-api's padding of the landmarks' box before the descriptor sees it. */
    private static final double PADDING = 0.2;

    private final FaceModels models;

    public FaceRecognizer(FaceModels models) {
        this.models = models;
    }

    /** The descriptor of the face at {@code face} (in pixels of {@code picture}). */
    public float[] describe(RgbImage picture, DetectedFace face) throws Exception {
        int x = (int) Math.max(0, Math.floor(face.x()));
        int y = (int) Math.max(0, Math.floor(face.y()));
        int w = (int) Math.min(picture.width() - x, Math.ceil(face.width()));
        int h = (int) Math.min(picture.height() - y, Math.ceil(face.height()));
        if (w < 2 || h < 2) {
            throw new IllegalArgumentException("face too small to describe");
        }
        double[][] points = models.landmarks().landmarks(RgbImage.of(picture.crop(x, y, w, h)));
        double[] left = centre(points, 36, 42);
        double[] right = centre(points, 42, 48);
        double angle = Math.atan2((right[1] - left[1]), (right[0] - left[0]));
        double cx = x + (left[0] + right[0]) / 2;
        double cy = y + (left[1] + right[1]) / 2;
        AffineTransform upright = AffineTransform.getRotateInstance(-angle, cx, cy);
        double minX = Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (double[] point : points) {
            Point2D turned = upright.transform(new Point2D.Double(x + point[0], y + point[1]), null);
            minX = Math.min(minX, turned.getX());
            minY = Math.min(minY, turned.getY());
            maxX = Math.max(maxX, turned.getX());
            maxY = Math.max(maxY, turned.getY());
        }
        double padX = (maxX - minX) * PADDING;
        double padY = (maxY - minY) * PADDING;
        int boxX = (int) Math.floor(minX - padX / 2);
        int boxY = (int) Math.floor(minY - padY / 2);
        int boxW = Math.max(2, (int) Math.round(maxX - minX + padX));
        int boxH = Math.max(2, (int) Math.round(maxY - minY + padY));
        // Only the neighbourhood of the face is turned, not the whole picture
        int margin = Math.max(boxW, boxH);
        int regionX = Math.max(0, boxX - margin);
        int regionY = Math.max(0, boxY - margin);
        BufferedImage region = picture.crop(regionX, regionY, boxW + 2 * margin, boxH + 2 * margin);
        BufferedImage aligned = new BufferedImage(boxW, boxH, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = aligned.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.translate(-boxX, -boxY);
        graphics.transform(upright);
        graphics.drawImage(region, regionX, regionY, null);
        graphics.dispose();
        return models.descriptors().descriptor(RgbImage.of(aligned));
    }

    /** Euclidean distance between two descriptors: under about 0.5, the same person. */
    public static double distance(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    private static double[] centre(double[][] points, int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += points[i][0];
            sy += points[i][1];
        }
        return new double[] {sx / (to - from), sy / (to - from)};
    }
}

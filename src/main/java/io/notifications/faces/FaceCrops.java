package io.notifications.faces;

import io.notifications.processing.AttemptOutputs;
import io.notifications.system.Sha256;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.springframework.stereotype.Component;

/**
 * Small JPEG crops of found faces, each named by the SHA-256 of its bytes and kept in the {@link CropStore} with
 * its owner (an item, or a known person): one attempt storing a face twice stores one crop, and a result refers
 * to its crops by name ({@code GET /api/faces/crops/{name}}). An item's crops are an attempt's outputs: a failed
 * attempt's, and an earlier run's once the item runs again, are discarded, so the only crops an item has are those
 * of its result (or of the attempt under way).
 */
@Component("faceCrops")
public class FaceCrops implements AttemptOutputs {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.jpg");

    private final CropStore store;
    private final FacesProperties properties;

    public FaceCrops(CropStore store, FacesProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    /** The face's region of the image, clipped to it. */
    public static BufferedImage region(RgbImage image, DetectedFace face) {
        return image.crop((int) Math.floor(face.x()), (int) Math.floor(face.y()),
                (int) Math.ceil(face.width()), (int) Math.ceil(face.height()));
    }

    /**
     * The face with its surroundings: its box grown by half its size on every side, clipped to the image. A face
     * service must find the face again in what it is sent, and finds none in a crop that is all face.
     */
    public static BufferedImage surroundings(RgbImage image, DetectedFace face) {
        double x = Math.max(0, face.x() - face.width() / 2);
        double y = Math.max(0, face.y() - face.height() / 2);
        double right = Math.min(image.width(), face.x() + face.width() * 1.5);
        double bottom = Math.min(image.height(), face.y() + face.height() * 1.5);
        return image.crop((int) Math.floor(x), (int) Math.floor(y), (int) Math.ceil(right - x),
                (int) Math.ceil(bottom - y));
    }

    /** Stores a face's region for its owner, scaled to the crop size; returns the crop's name. */
    public String store(CropOwner owner, BufferedImage region) {
        return store(owner, region, properties.cropSize());
    }

    /** Stores a picture for its owner, scaled down to fit {@code longestEdge}; returns its name. */
    public String store(CropOwner owner, BufferedImage region, int longestEdge) {
        byte[] bytes;
        try {
            bytes = jpeg(scaled(region, longestEdge));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode a face crop", e);
        }
        String name = name(bytes);
        store.put(owner, name, bytes);
        return name;
    }

    /** A crop's name: the SHA-256 of its bytes, in hex, and {@code .jpg}. */
    static String name(byte[] jpeg) {
        return HexFormat.of().formatHex(Sha256.of(jpeg)) + ".jpg";
    }

    /** The picture scaled down, if need be, so that its longer edge is at most {@code longestEdge}. */
    public static BufferedImage scaled(BufferedImage picture, int longestEdge) {
        return scaled(picture, longestEdge, false);
    }

    /** The picture scaled so that its longer edge is {@code longestEdge}; made larger only if {@code enlarge}. */
    public static BufferedImage scaled(BufferedImage picture, int longestEdge, boolean enlarge) {
        double scale = (double) longestEdge / Math.max(picture.getWidth(), picture.getHeight());
        scale = enlarge ? scale : Math.min(1.0, scale);
        if (scale == 1.0 && picture.getType() == BufferedImage.TYPE_INT_RGB) {
            // Already as asked: a copy would hold the same pixels
            return picture;
        }
        int width = Math.max(1, (int) Math.round(picture.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(picture.getHeight() * scale));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(picture, 0, 0, width, height, null);
        graphics.dispose();
        return scaled;
    }

    /** The picture as a JPEG, at ImageIO's default quality. */
    public static byte[] jpeg(BufferedImage picture) throws IOException {
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        // Buffered in memory: ImageIO.write to a stream buffers in a temporary file, created and deleted per crop
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(jpeg)) {
            writer.setOutput(out);
            writer.write(picture);
        } finally {
            writer.dispose();
        }
        return jpeg.toByteArray();
    }

    /** The item's crops go: its attempt failed, or a new one starts. */
    @Override
    public int discard(long itemId) {
        return store.deleteAll(CropOwner.item(itemId));
    }

    /** The crop's bytes, if the name is a crop's and it exists; a name of any other form is never looked up. */
    public Optional<byte[]> read(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return store.get(name);
    }
}

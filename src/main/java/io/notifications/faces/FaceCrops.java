package io.notifications.faces;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.springframework.stereotype.Component;

/**
 * Small JPEG crops of found faces, in a directory, each named by the SHA-256 of its bytes: a retried item writes
 * the same names again rather than new files, and a result refers to its crops by name
 * ({@code GET /api/faces/crops/{name}}).
 */
@Component("faceCrops")
public class FaceCrops {

    private static final Pattern NAME = Pattern.compile("[0-9a-f]{64}\\.jpg");

    private final FacesProperties properties;

    public FaceCrops(FacesProperties properties) {
        this.properties = properties;
    }

    /** The face's region of the image, clipped to it. */
    public static BufferedImage region(RgbImage image, DetectedFace face) {
        return image.crop((int) Math.floor(face.x()), (int) Math.floor(face.y()),
                (int) Math.ceil(face.width()), (int) Math.ceil(face.height()));
    }

    /** Stores a face's region, scaled to the crop size; returns the crop's name. */
    public String store(BufferedImage region) {
        double scale = Math.min(1.0, (double) properties.cropSize() / Math.max(region.getWidth(), region.getHeight()));
        int width = Math.max(1, (int) Math.round(region.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(region.getHeight() * scale));
        BufferedImage crop = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = crop.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(region, 0, 0, width, height, null);
        graphics.dispose();
        try {
            ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
            ImageIO.write(crop, "jpg", jpeg);
            byte[] bytes = jpeg.toByteArray();
            String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)) + ".jpg";
            Path target = properties.cropDir().resolve(name);
            if (!Files.exists(target)) {
                Files.createDirectories(properties.cropDir());
                Path temp = Files.createTempFile(properties.cropDir(), "crop-", ".tmp");
                Files.write(temp, bytes);
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException concurrent) {
                    Files.deleteIfExists(temp);
                }
            }
            return name;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not store a face crop in " + properties.cropDir(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The crop's bytes, if the name is a crop's and it exists. */
    public Optional<byte[]> read(String name) throws IOException {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path file = properties.cropDir().resolve(name);
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }
}

package io.notifications.faces;

import io.notifications.processing.NotRetryableException;
import io.notifications.system.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Pictures sent to the API (reference faces): decoded within the same bounds as media, refused with a 400. */
public final class PictureDecoder {

    private PictureDecoder() {
    }

    public static RgbImage decode(byte[] bytes, long maxPixels) throws IOException {
        if (bytes == null || bytes.length == 0) {
            throw InvalidInputException.of("image", "the body is empty; send the picture's bytes");
        }
        Path temp = Files.createTempFile("picture-", ".bin");
        try {
            Files.write(temp, bytes);
            return MediaFrames.picture(temp, maxPixels);
        } catch (NotRetryableException refused) {
            throw InvalidInputException.of("image", refused.getMessage());
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}

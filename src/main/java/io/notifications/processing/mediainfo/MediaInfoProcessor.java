package io.notifications.processing.mediainfo;

import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Reports the content type (sniffed from the bytes, never from the name), size, SHA-256, and for images width and
 * height. The media is streamed once: nothing is held in memory beyond a small read buffer.
 */
@Component
public class MediaInfoProcessor implements MediaProcessor<MediaInfoConfig> {

    private static final int SNIFF_BUFFER = 64 * 1024;
    private static final long HEADER_LIMIT = 16L * 1024 * 1024;

    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();

    static {
        // Keep ImageIO's header reads in memory instead of temp files
        ImageIO.setUseCache(false);
    }

    @Override
    public String name() {
        return "media-info";
    }

    @Override
    public Class<MediaInfoConfig> configType() {
        return MediaInfoConfig.class;
    }

    @Override
    public MediaInfo process(MediaSource media, MediaInfoConfig config) throws IOException {
        MessageDigest digest = config.sha256() ? sha256() : null;
        try (InputStream raw = media.openStream()) {
            HashingInputStream counted = new HashingInputStream(raw, digest);
            BufferedInputStream buffered = new BufferedInputStream(counted, SNIFF_BUFFER);
            // No file name in the metadata: the type comes from the magic bytes alone
            MediaType type = mimeTypes.detect(buffered, new Metadata());
            Integer width = null;
            Integer height = null;
            String warning = null;
            if (config.imageDimensions() && "image".equals(type.getType())) {
                int[] dimensions = readDimensions(buffered);
                if (dimensions == null) {
                    warning = "image header could not be read";
                } else {
                    width = dimensions[0];
                    height = dimensions[1];
                }
            }
            buffered.transferTo(OutputStream.nullOutputStream());
            String hash = digest == null ? null : HexFormat.of().formatHex(digest.digest());
            return new MediaInfo(type.getBaseType().toString(), counted.count(), hash, width, height, warning);
        }
    }

    /**
     * Reads only the image header; returns null when no reader understands it. ImageIO keeps what it reads in
     * memory, so it may read at most {@link #HEADER_LIMIT} bytes (a TIFF may put its header at the very end).
     */
    private static int[] readDimensions(InputStream in) {
        try (ImageInputStream image = ImageIO.createImageInputStream(new FilterInputStream(in) {
            private long left = HEADER_LIMIT;

            @Override
            public int read() throws IOException {
                if (left <= 0) {
                    return -1;
                }
                left--;
                return super.read();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (left <= 0) {
                    return -1;
                }
                int n = super.read(buffer, offset, (int) Math.min(length, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public void close() {
                // The caller still drains the stream for the hash
            }
        })) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(image);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(image, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

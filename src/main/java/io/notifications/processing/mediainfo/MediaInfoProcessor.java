package io.notifications.processing.mediainfo;

import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import io.notifications.processing.NotRetryableException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Reports the content type (sniffed from the bytes, never from the name), size and SHA-256 of any media; for
 * pictures their width and height and their EXIF, IPTC and XMP details; for audio and video what FFmpeg reads from
 * the headers: container, duration, bit rate and streams.
 *
 * <p>Pictures and everything else are streamed once, with nothing held in memory beyond the header. Audio and
 * video are read from {@link MediaSource#file()}, since FFmpeg needs to seek (an MP4's index may sit at its end):
 * the object is fetched once, to the file that later steps share, and hashed from there. Whether to fetch the
 * file is decided by the name's extension, to spare a second request; media whose bytes turn out to be audio or
 * video under another name are fetched again, into the file.
 */
@Component
public class MediaInfoProcessor implements MediaProcessor<MediaInfoConfig> {

    private static final int SNIFF_BUFFER = 64 * 1024;
    /** What a header reader may read of a picture: ImageIO keeps it in memory, and a TIFF may put its header last. */
    static final long HEADER_LIMIT = 16L * 1024 * 1024;

    /** Containers FFmpeg reads that Tika names under {@code application/}. */
    private static final Set<String> AUDIO_VIDEO_APPLICATIONS =
            Set.of("application/mxf", "application/ogg", "application/vnd.rn-realmedia");

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
    public MediaInfo process(MediaSource media, MediaInfoConfig config) throws IOException, InterruptedException {
        boolean namedAudioVideo = config.probe() && isAudioVideo(typeByName(media.name()));
        if (!namedAudioVideo) {
            try (InputStream in = media.openStream()) {
                Scan scan = scan(in, config, config.probe());
                if (scan != null) {
                    return scan.info(null);
                }
            }
        }
        Path file = media.file();
        Scan scan;
        try (InputStream in = Files.newInputStream(file)) {
            scan = scan(in, config, false);
        }
        // FFmpeg may know a container Tika does not: unknown bytes under an audio or video name are probed too
        if (isAudioVideo(scan.type) || namedAudioVideo && scan.type.equals(MediaType.OCTET_STREAM)) {
            if (scan.size == 0) {
                throw new NotRetryableException("the media is empty (0 bytes)");
            }
            String what = scan.type.equals(MediaType.OCTET_STREAM) ? media.name() : scan.type.toString();
            return scan.info(MediaProbe.probe(file, config.probeLimit(), what));
        }
        return scan.info(null);
    }

    /** What one pass over the bytes told, before any probe. */
    private static final class Scan {
        MediaType type;
        long size;
        String sha256;
        Integer width;
        Integer height;
        MediaInfo.Picture picture;
        final List<String> warnings = new ArrayList<>();

        MediaInfo info(MediaProbe.Result probe) {
            String mediaType = type.getType();
            Integer w = width;
            Integer h = height;
            if (probe != null) {
                // Cover art attached to audio does not make it a video
                MediaInfo.Stream video = probe.streams().stream()
                        .filter(s -> "video".equals(s.type()) && s.attachedPicture() == null).findFirst().orElse(null);
                boolean sound = probe.streams().stream().anyMatch(s -> "audio".equals(s.type()));
                mediaType = video != null ? "video" : sound ? "audio" : mediaType;
                w = video == null ? null : video.width();
                h = video == null ? null : video.height();
            }
            return new MediaInfo(type.getBaseType().toString(), mediaType, size, sha256, w, h,
                    probe == null ? null : probe.format(), probe == null ? null : probe.formatName(),
                    probe == null ? null : probe.durationSeconds(), probe == null ? null : probe.bitRate(),
                    probe == null ? null : probe.creationTime(), probe == null ? null : probe.streams(),
                    picture, warnings.isEmpty() ? null : String.join("; ", warnings));
        }
    }

    /**
     * Sniffs, hashes and counts the bytes, reading picture headers on the way. Returns null, having read no more
     * than the sniff buffer, when {@code stopAtAudioVideo} and the bytes are audio or video.
     */
    private Scan scan(InputStream raw, MediaInfoConfig config, boolean stopAtAudioVideo) throws IOException {
        MessageDigest digest = config.sha256() ? sha256() : null;
        HashingInputStream counted = new HashingInputStream(raw, digest);
        BufferedInputStream buffered = new BufferedInputStream(counted, SNIFF_BUFFER);
        Scan scan = new Scan();
        // No file name in the metadata: the type comes from the magic bytes alone
        scan.type = mimeTypes.detect(buffered, new Metadata());
        if (stopAtAudioVideo && isAudioVideo(scan.type)) {
            return null;
        }
        if ("image".equals(scan.type.getType())) {
            picture(buffered, config, scan);
        }
        buffered.transferTo(OutputStream.nullOutputStream());
        scan.size = counted.count();
        scan.sha256 = digest == null ? null : HexFormat.of().formatHex(digest.digest());
        return scan;
    }

    /**
     * Reads a picture's header twice from the buffer, once by ImageIO for its size and once by metadata-extractor
     * for EXIF, IPTC and XMP, each at most {@link #HEADER_LIMIT} bytes into it; the bytes come from the source once.
     */
    private static void picture(BufferedInputStream buffered, MediaInfoConfig config, Scan scan) throws IOException {
        if (config.imageDimensions()) {
            // Room past the window, so that the mark survives whatever ImageIO read
            buffered.mark((int) HEADER_LIMIT + SNIFF_BUFFER);
            int[] dimensions = readDimensions(new HeaderWindow(buffered, HEADER_LIMIT));
            buffered.reset();
            // The buffer need not keep what metadata-extractor reads: drop the mark
            buffered.mark(0);
            if (dimensions == null) {
                scan.warnings.add("image header could not be read");
            } else {
                scan.width = dimensions[0];
                scan.height = dimensions[1];
            }
        }
        if (config.pictureMetadata()) {
            HeaderWindow header = new HeaderWindow(buffered, HEADER_LIMIT);
            try {
                scan.picture = PictureMetadata.read(header);
            } catch (Exception | StackOverflowError unreadable) {
                scan.warnings.add("picture metadata could not be read" + (header.exhausted()
                        ? " within its first " + HEADER_LIMIT / (1024 * 1024) + " MB"
                        : ": " + (unreadable.getMessage() == null ? unreadable.getClass().getSimpleName()
                        : unreadable.getMessage())));
            }
        }
    }

    /** Reads only the image header; returns null when no reader understands it. */
    private static int[] readDimensions(InputStream header) {
        try (ImageInputStream image = ImageIO.createImageInputStream(header)) {
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

    private MediaType typeByName(String name) {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, name);
        try {
            return mimeTypes.detect(null, metadata);
        } catch (IOException e) {
            return MediaType.OCTET_STREAM;
        }
    }

    private static boolean isAudioVideo(MediaType type) {
        return "video".equals(type.getType()) || "audio".equals(type.getType())
                || AUDIO_VIDEO_APPLICATIONS.contains(type.getBaseType().toString());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}

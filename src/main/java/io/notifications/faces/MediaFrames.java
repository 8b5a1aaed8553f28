package io.notifications.faces;

import io.notifications.processing.NotRetryableException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.function.DoubleConsumer;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Decodes pictures and samples video frames, within bounds: nothing larger than the pixel limit is decoded, and a
 * video gives at most the frame limit, spread over its length. Media that cannot be decoded fails for good, with
 * the reason; retrying would not decode it either.
 */
final class MediaFrames {

    static {
        // FFmpeg's own console chatter about odd files; the failure itself is reported with the item
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    private MediaFrames() {
    }

    /** A picture: by ImageIO (JPEG, PNG, TIFF, BMP, GIF), else by FFmpeg (e.g. WebP). */
    static RgbImage picture(Path file, long maxPixels) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers != null && readers.hasNext()) {
                ImageReader reader = readers.next();
                try {
                    reader.setInput(in, true, true);
                    checkSize(reader.getWidth(0), reader.getHeight(0), maxPixels, "image");
                    return RgbImage.of(reader.read(0));
                } finally {
                    reader.dispose();
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof NotRetryableException refused) {
                throw refused;
            }
            throw new NotRetryableException("image could not be decoded: " + describe(e), e);
        }
        try (FFmpegFrameGrabber grabber = open(file, "image")) {
            checkSize(grabber.getImageWidth(), grabber.getImageHeight(), maxPixels, "image");
            Frame frame = grabber.grabImage();
            if (frame == null) {
                throw new NotRetryableException("image could not be decoded: no picture in it");
            }
            return RgbImage.of(new Java2DFrameConverter().getBufferedImage(frame));
        } catch (FrameGrabber.Exception e) {
            throw new NotRetryableException("image could not be decoded: " + describe(e), e);
        }
    }

    /** Receives sampled frames of a video. */
    interface FrameSink {
        void frame(long timestampMs, RgbImage image) throws Exception;
    }

    /** What was sampled: the video's size and length, and the spacing actually used. */
    record Sampling(int width, int height, long durationMs, long intervalMs, int frames) {
    }

    /**
     * Samples a frame every {@code intervalMs}, or more sparsely so that at most {@code maxFrames} are taken,
     * seeking rather than decoding every frame in between.
     */
    static Sampling sample(Path file, long intervalMs, int maxFrames, long maxPixels, FrameSink sink) throws Exception {
        return sample(file, intervalMs, maxFrames, maxPixels, sink, done -> { });
    }

    /** As above, telling {@code progress} after each frame how much of the sampling is done, from 0 to 1. */
    static Sampling sample(Path file, long intervalMs, int maxFrames, long maxPixels, FrameSink sink,
                           DoubleConsumer progress) throws Exception {
        try (FFmpegFrameGrabber grabber = open(file, "video");
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            int width = grabber.getImageWidth();
            int height = grabber.getImageHeight();
            if (width <= 0 || height <= 0) {
                throw new NotRetryableException("video has no picture stream");
            }
            checkSize(width, height, maxPixels, "video frame");
            long durationMs = Math.max(0, grabber.getLengthInTime() / 1000);
            long interval = Math.max(intervalMs, durationMs / Math.max(1, maxFrames) + 1);
            int frames = 0;
            for (long at = 0; frames < maxFrames && (at <= durationMs || frames == 0); at += interval) {
                if (at > 0) {
                    grabber.setTimestamp(at * 1000);
                }
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                BufferedImage picture = converter.getBufferedImage(frame);
                if (picture == null) {
                    continue;
                }
                sink.frame(Math.max(0, grabber.getTimestamp() / 1000), RgbImage.of(picture));
                frames++;
                progress.accept(Math.min(1, Math.max((double) (at + interval) / Math.max(1, durationMs),
                        (double) frames / Math.max(1, maxFrames))));
            }
            if (frames == 0) {
                throw new NotRetryableException("video could not be decoded: no frame in it");
            }
            return new Sampling(width, height, durationMs, interval, frames);
        } catch (FrameGrabber.Exception e) {
            throw new NotRetryableException("video could not be decoded: " + describe(e), e);
        }
    }

    private static FFmpegFrameGrabber open(Path file, String what) throws FrameGrabber.Exception {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        try {
            grabber.start();
            return grabber;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            grabber.close();
            throw new NotRetryableException(what + " could not be decoded: " + describe(e), e);
        }
    }

    private static void checkSize(long width, long height, long maxPixels, String what) {
        if (width * height > maxPixels) {
            throw new NotRetryableException(what + " is " + width + "×" + height + ", over the limit of " + maxPixels
                    + " pixels (notifications.faces.max-pixels)");
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}

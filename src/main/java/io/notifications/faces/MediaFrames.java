package io.notifications.faces;

import io.notifications.processing.NotRetryableException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.SynchronousQueue;
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

    /** The name of the threads that decode video frames ahead of the model. */
    static final String DECODE_AHEAD_THREAD = "video-decode-ahead";

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

    /**
     * As above, telling {@code progress} after each frame how much of the sampling is done, from 0 to 1. The next
     * frame is decoded on another thread while {@code sink} takes this one, so that decoding costs no time of its
     * own beside the model's (see {@link DecodeAhead}); the sink and {@code progress} are called on this thread.
     */
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
            Sampler sampler = new Sampler(grabber, converter, interval, durationMs, maxFrames);
            int frames = 0;
            // Closed before the grabber and converter: it waits for its thread, the one that uses them, to stop
            try (DecodeAhead<SampledFrame> ahead = new DecodeAhead<>(DECODE_AHEAD_THREAD, sampler::next)) {
                for (SampledFrame frame = ahead.next(); frame != null; frame = ahead.next()) {
                    sink.frame(frame.timestampMs(), frame.image());
                    frames++;
                    progress.accept(Math.min(1, Math.max((double) (frame.atMs() + interval) / Math.max(1, durationMs),
                            (double) frames / Math.max(1, maxFrames))));
                }
            }
            if (frames == 0) {
                throw new NotRetryableException("video could not be decoded: no frame in it");
            }
            return new Sampling(width, height, durationMs, interval, frames);
        } catch (FrameGrabber.Exception e) {
            throw new NotRetryableException("video could not be decoded: " + describe(e), e);
        }
    }

    /** A sampled frame: its timestamp in the video, the time it was sought at, and its pixels. */
    private record SampledFrame(long timestampMs, long atMs, RgbImage image) {
    }

    /** The frames to sample, one at a time: a frame every interval, seeking to it, until the end or the limit. */
    private static final class Sampler {
        private final FFmpegFrameGrabber grabber;
        private final Java2DFrameConverter converter;
        private final long interval;
        private final long durationMs;
        private final int maxFrames;
        private long at;
        private int taken;
        private boolean ended;

        Sampler(FFmpegFrameGrabber grabber, Java2DFrameConverter converter, long interval, long durationMs,
                int maxFrames) {
            this.grabber = grabber;
            this.converter = converter;
            this.interval = interval;
            this.durationMs = durationMs;
            this.maxFrames = maxFrames;
        }

        /** The next frame, or null when there is none left. */
        SampledFrame next() throws FrameGrabber.Exception {
            while (!ended && taken < maxFrames && (at <= durationMs || taken == 0)) {
                long target = at;
                at += interval;
                if (target > 0) {
                    grabber.setTimestamp(target * 1000);
                }
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    ended = true;
                    break;
                }
                // Converted here, before the next grab: the frame and the picture are the grabber's and the
                // converter's buffers, which they reuse
                BufferedImage picture = converter.getBufferedImage(frame);
                if (picture == null) {
                    continue;
                }
                taken++;
                return new SampledFrame(Math.max(0, grabber.getTimestamp() / 1000), target, RgbImage.of(picture));
            }
            return null;
        }
    }

    /**
     * Runs a decoder on a thread of its own, one item ahead of the caller: while the caller works on an item (the
     * model on a frame), the next is decoded on another core. A decoded item waits for the caller rather than a
     * queue of them, so this holds one frame more than decoding in turn. A failure of the decoder reaches the
     * caller at the item it failed on. Closing stops the decoder and waits until its thread has ended, so that
     * what it decodes from can be closed after; the caller's other work may have failed or been interrupted.
     */
    static final class DecodeAhead<T> implements AutoCloseable {

        /** Decodes the next item; null when there is none left. Called on the decoding thread only. */
        @FunctionalInterface
        interface Decoder<T> {
            T next() throws Exception;
        }

        /** What the decoding thread hands over: an item, the end (no item), or why it stopped. */
        private record Handover<T>(T item, Throwable failure) {
        }

        private final SynchronousQueue<Handover<T>> handovers = new SynchronousQueue<>();
        private final Thread thread;
        private boolean ended;

        DecodeAhead(String threadName, Decoder<T> decoder) {
            thread = new Thread(() -> decode(decoder), threadName);
            thread.setDaemon(true);
            thread.start();
        }

        private void decode(Decoder<T> decoder) {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Handover<T> handover;
                    try {
                        handover = new Handover<>(decoder.next(), null);
                    } catch (Throwable failure) {
                        handover = new Handover<>(null, failure);
                    }
                    handovers.put(handover);
                    if (handover.item() == null) {
                        return;
                    }
                }
            } catch (InterruptedException closed) {
                // The caller wants no more
            }
        }

        /** The next item, as soon as it is decoded; null after the last. Throws what the decoder threw. */
        T next() throws Exception {
            if (ended) {
                return null;
            }
            Handover<T> handover = handovers.take();
            ended = handover.item() == null;
            if (handover.failure() instanceof Exception e) {
                throw e;
            }
            if (handover.failure() instanceof Error e) {
                throw e;
            }
            return handover.item();
        }

        /** Stops the decoder and waits for its thread to end: at most the item being decoded is finished first. */
        @Override
        public void close() {
            thread.interrupt();
            boolean interrupted = false;
            while (thread.isAlive()) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    // Whatever the caller is told to stop, the decoder must be stopped before its input is closed
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
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

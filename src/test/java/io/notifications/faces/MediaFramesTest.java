package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.notifications.processing.NotRetryableException;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pictures in the formats the processor reads, the bound on how many frames a long video gives, and video frames
 * decoded ahead on a thread of their own: the same frames as decoding in turn, and the thread gone when sampling
 * ends, whether it ends well or not.
 */
class MediaFramesTest {

    @TempDir
    Path dir;

    @Test
    void tiffAndWebpPicturesDecodeToTheSamePixelsAsThePng() throws Exception {
        var png = ImageIO.read(new ByteArrayInputStream(FacialRecognitionTest.media("astronaut.png")));
        RgbImage reference = RgbImage.of(png);

        Path tiff = dir.resolve("astronaut.tif");
        assertThat(ImageIO.write(png, "tiff", tiff.toFile())).isTrue();
        RgbImage fromTiff = MediaFrames.picture(tiff, 50_000_000);
        assertThat(fromTiff.pixels()).isEqualTo(reference.pixels());

        // WebP has no ImageIO reader in the JDK: FFmpeg decodes it
        Path webp = dir.resolve("astronaut.webp");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(webp.toFile(), png.getWidth(), png.getHeight());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("webp");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_WEBP);
            recorder.start();
            recorder.record(converter.convert(png));
        }
        RgbImage fromWebp = MediaFrames.picture(webp, 50_000_000);
        assertThat(fromWebp.width()).isEqualTo(512);
        assertThat(meanDifference(fromWebp, reference)).isLessThan(12.0);
    }

    @Test
    void aLongVideoIsSampledMoreSparselyRatherThanBeyondTheFrameLimit() throws Exception {
        Path video = megamind();
        List<Long> times = new ArrayList<>();
        MediaFrames.Sampling sampling = MediaFrames.sample(video, 100, 3, 50_000_000, (at, frame) -> times.add(at));

        assertThat(sampling.durationMs()).isGreaterThan(1000);
        assertThat(sampling.frames()).isEqualTo(times.size()).isLessThanOrEqualTo(3);
        assertThat(sampling.intervalMs()).isGreaterThan(sampling.durationMs() / 3);
        assertThat(times).isSorted();
    }

    @Test
    void framesDecodedAheadAreTheFramesAndTimesThatGrabbingInTurnGives() throws Exception {
        Path video = megamind();
        List<Long> expectedTimes = new ArrayList<>();
        List<int[]> expectedPixels = new ArrayList<>();
        // What the sampling did before decoding ahead: seek to each second, grab, convert, in turn on this thread
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            for (long at = 0; at <= grabber.getLengthInTime() / 1000; at += 1000) {
                if (at > 0) {
                    grabber.setTimestamp(at * 1000);
                }
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                expectedPixels.add(RgbImage.of(converter.getBufferedImage(frame)).pixels());
                expectedTimes.add(grabber.getTimestamp() / 1000);
            }
        }
        List<Long> times = new ArrayList<>();
        List<int[]> pixels = new ArrayList<>();
        List<Thread> sinkThreads = new ArrayList<>();
        List<Double> progress = new ArrayList<>();

        MediaFrames.Sampling sampling = MediaFrames.sample(video, 1000, 3600, 50_000_000, (at, frame) -> {
            times.add(at);
            pixels.add(frame.pixels());
            sinkThreads.add(Thread.currentThread());
        }, progress::add);

        assertThat(expectedTimes).hasSizeGreaterThan(5);
        assertThat(times).isEqualTo(expectedTimes);
        assertThat(pixels).containsExactlyElementsOf(expectedPixels);
        assertThat(sampling.frames()).isEqualTo(expectedTimes.size());
        assertThat(sinkThreads).containsOnly(Thread.currentThread());
        assertThat(progress).hasSize(times.size()).isSorted().allMatch(done -> done > 0 && done <= 1);
        assertThat(decodingThreadsAlive()).isZero();
    }

    @Test
    void aFailingSinkStopsTheDecodingAheadAndItsThreadEnds() throws Exception {
        Path video = megamind();
        IllegalStateException modelFailure = new IllegalStateException("the model failed");
        AtomicInteger frames = new AtomicInteger();

        assertThatThrownBy(() -> MediaFrames.sample(video, 1000, 3600, 50_000_000, (at, frame) -> {
            if (frames.incrementAndGet() == 2) {
                throw modelFailure;
            }
        })).isSameAs(modelFailure);
        assertThat(frames).hasValue(2);
        assertThat(decodingThreadsAlive()).isZero();
    }

    @Test
    void aBrokenVideoFailsWithTheReasonAndItsDecodingThreadEnds() throws Exception {
        byte[] bytes = FacialRecognitionTest.media("Megamind.avi");
        // The header stays readable; every frame after it is noise
        byte[] noise = new byte[bytes.length - 20_000];
        new Random(19).nextBytes(noise);
        System.arraycopy(noise, 0, bytes, 20_000, noise.length);
        Path video = dir.resolve("broken.avi");
        Files.write(video, bytes);

        assertThatThrownBy(() -> MediaFrames.sample(video, 1000, 3600, 50_000_000, (at, frame) -> { }))
                .isInstanceOf(NotRetryableException.class)
                .hasMessage("video could not be decoded: no frame in it");
        assertThat(decodingThreadsAlive()).isZero();
    }

    @Test
    void aDecodingFailureReachesTheCallerAtTheItemItFailedOn() throws Exception {
        FrameGrabber.Exception corrupt = new FrameGrabber.Exception("corrupt packet");
        AtomicInteger decoded = new AtomicInteger();
        AtomicReference<Thread> decodingThread = new AtomicReference<>();
        MediaFrames.DecodeAhead<Integer> ahead = new MediaFrames.DecodeAhead<>("test-decode-ahead", () -> {
            decodingThread.set(Thread.currentThread());
            if (decoded.incrementAndGet() == 3) {
                throw corrupt;
            }
            return decoded.get();
        });
        try (ahead) {
            assertThat(ahead.next()).isEqualTo(1);
            assertThat(ahead.next()).isEqualTo(2);
            assertThatThrownBy(ahead::next).isSameAs(corrupt);
            assertThat(ahead.next()).isNull();
        }
        assertThat(decodingThread.get()).isNotEqualTo(Thread.currentThread());
        assertThat(decodingThread.get().isAlive()).isFalse();
    }

    @Test
    void closingStopsADecoderThatIsAheadOfTheCallerHavingDecodedAtMostOneMore() throws Exception {
        AtomicInteger decoded = new AtomicInteger();
        AtomicReference<Thread> decodingThread = new AtomicReference<>();
        // Endless: only closing stops it
        MediaFrames.DecodeAhead<Integer> ahead = new MediaFrames.DecodeAhead<>("test-decode-ahead", () -> {
            decodingThread.set(Thread.currentThread());
            return decoded.incrementAndGet();
        });
        try (ahead) {
            assertThat(ahead.next()).isEqualTo(1);
        }
        assertThat(decodingThread.get().isAlive()).isFalse();
        assertThat(decoded.get()).isLessThanOrEqualTo(2);
    }

    @Test
    void anInterruptedCallerStillWaitsForTheDecoderToEndAndKeepsItsInterrupt() throws Exception {
        AtomicReference<Thread> decodingThread = new AtomicReference<>();
        MediaFrames.DecodeAhead<Integer> ahead = new MediaFrames.DecodeAhead<>("test-decode-ahead", () -> {
            decodingThread.set(Thread.currentThread());
            return 1;
        });
        assertThat(ahead.next()).isEqualTo(1);

        Thread.currentThread().interrupt();
        ahead.close();

        assertThat(Thread.interrupted()).isTrue();
        assertThat(decodingThread.get().isAlive()).isFalse();
    }

    private Path megamind() throws Exception {
        Path video = dir.resolve("Megamind.avi");
        Files.write(video, FacialRecognitionTest.media("Megamind.avi"));
        return video;
    }

    private static long decodingThreadsAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(MediaFrames.DECODE_AHEAD_THREAD) && thread.isAlive())
                .count();
    }

    private static double meanDifference(RgbImage a, RgbImage b) {
        long sum = 0;
        for (int i = 0; i < a.pixels().length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                sum += Math.abs(((a.pixels()[i] >> shift) & 0xFF) - ((b.pixels()[i] >> shift) & 0xFF));
            }
        }
        return sum / (3.0 * a.pixels().length);
    }
}

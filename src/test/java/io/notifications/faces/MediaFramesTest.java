package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Java2DFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pictures in the formats the processor reads, and the bound on how many frames a long video gives. */
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
        Path video = dir.resolve("Megamind.avi");
        Files.write(video, FacialRecognitionTest.media("Megamind.avi"));
        List<Long> times = new ArrayList<>();
        MediaFrames.Sampling sampling = MediaFrames.sample(video, 100, 3, 50_000_000, (at, frame) -> times.add(at));

        assertThat(sampling.durationMs()).isGreaterThan(1000);
        assertThat(sampling.frames()).isEqualTo(times.size()).isLessThanOrEqualTo(3);
        assertThat(sampling.intervalMs()).isGreaterThan(sampling.durationMs() / 3);
        assertThat(times).isSorted();
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

package io.notifications.benchmark;

import io.notifications.faces.CropOwner;
import io.notifications.faces.CropStore;
import io.notifications.faces.FaceCrops;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.OfflineFaces;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.FacialRecognitionConfig;
import io.notifications.faces.FacialRecognitionProcessor;
import io.notifications.faces.RgbImage;
import io.notifications.faces.model.FaceDetectorModel;
import io.notifications.faces.rekognition.RekognitionFaces;
import io.notifications.processing.MediaSource;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Times the facial-recognition processor against a direct call of the same model on the same decoded pictures
 * and frames, prints the overhead ratio, the faces each model finds on the labelled sample media, and the peak
 * memory while a generated one-minute 1080p video is processed. Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.FaceDetectionBenchmark}.
 */
public final class FaceDetectionBenchmark {

    /** The sample pictures and how many faces they show. */
    private static final Map<String, Integer> LABELLED = new LinkedHashMap<>();

    static {
        LABELLED.put("astronaut.png", 1);
        LABELLED.put("camera.png", 1);
        LABELLED.put("basketball1.png", 1);
        LABELLED.put("chelsea.png", 0);
        LABELLED.put("coffee.png", 0);
        LABELLED.put("rocket.jpg", 0);
    }

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 20);

    private FaceDetectionBenchmark() {
    }

    /** The processor's defaults for the model: what a bucket naming only the model gets. */
    private static FacialRecognitionConfig defaults(String model) {
        return new FacialRecognitionConfig(model, null, null, null, null, null, null, null, null, null, null);
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createTempDirectory("face-benchmark");
        FacesProperties properties = new FacesProperties(null, 1, 50_000_000, 3600, 160);
        FaceModels models = new FaceModels(properties);
        // Detection only: no gallery is named, so no known faces are asked for
        FacialRecognitionProcessor processor = new FacialRecognitionProcessor(
                new OfflineFaces(models, new FaceRecognizer(models), (gallery, descriptor) -> null),
                new RekognitionFaces(Optional.empty(), null, null, null),
                new FaceCrops(new DiscardedCrops(), properties), properties);
        System.out.printf("%nFace detection benchmark (%d rounds over the %d sample pictures; 1 ONNX thread)%n",
                ROUNDS, LABELLED.size());
        for (String model : List.of("tiny", "ssd")) {
            FacialRecognitionConfig config = defaults(model);
            counts(model, processor, config);
            pictures(model, models.detector(model), processor, config);
            video(model, models.detector(model), processor, config);
        }
        longVideo(processor, work);
        models.destroy();
    }

    private static void counts(String model, FacialRecognitionProcessor processor, FacialRecognitionConfig config)
            throws Exception {
        StringBuilder line = new StringBuilder();
        int right = 0;
        for (Map.Entry<String, Integer> picture : LABELLED.entrySet()) {
            int found;
            try (MediaSource source = source(picture.getKey())) {
                found = faces(processor.process(source, config));
            }
            right += found == picture.getValue() ? 1 : 0;
            line.append(" %s %d/%d".formatted(picture.getKey(), found, picture.getValue()));
        }
        System.out.printf("  %-4s faces found/labelled:%s (%d of %d pictures right)%n", model, line, right,
                LABELLED.size());
    }

    private static void pictures(String model, FaceDetectorModel detector, FacialRecognitionProcessor processor,
                                 FacialRecognitionConfig config) throws Exception {
        List<RgbImage> decoded = new ArrayList<>();
        for (String picture : LABELLED.keySet()) {
            decoded.add(RgbImage.of(ImageIO.read(new ByteArrayInputStream(media(picture)))));
        }
        int inputSize = config.inputSize();
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            for (RgbImage image : decoded) {
                detector.detect(image, inputSize, config.scoreThreshold(), config.maxFaces());
            }
            for (String picture : LABELLED.keySet()) {
                try (MediaSource source = source(picture)) {
                    processor.process(source, config);
                }
            }
        }
        // Side by side, round by round, so that the machine's noise falls on both alike
        long direct = 0;
        long through = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long start = System.nanoTime();
            for (RgbImage image : decoded) {
                detector.detect(image, inputSize, config.scoreThreshold(), config.maxFaces());
            }
            direct += System.nanoTime() - start;
            start = System.nanoTime();
            for (String picture : LABELLED.keySet()) {
                try (MediaSource source = source(picture)) {
                    processor.process(source, config);
                }
            }
            through += System.nanoTime() - start;
        }
        int n = ROUNDS * LABELLED.size();
        System.out.printf("  %-4s pictures: processor %.1f images/s (%.1f ms each), direct model call %.1f images/s"
                        + " (%.1f ms) -> overhead ratio %.2f (decoding the file, crops and result included)%n",
                model, n / (through / 1e9), through / 1e6 / n, n / (direct / 1e9), direct / 1e6 / n,
                (double) through / direct);
    }

    private static void video(String model, FaceDetectorModel detector, FacialRecognitionProcessor processor,
                              FacialRecognitionConfig config) throws Exception {
        Path file = Files.createTempFile("megamind", ".avi");
        Files.write(file, media("Megamind.avi"));
        List<RgbImage> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            for (long at = 0; at * 1000 <= grabber.getLengthInTime(); at += 1000) {
                grabber.setTimestamp(at * 1000);
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                frames.add(RgbImage.of(converter.getBufferedImage(frame)));
            }
        }
        long direct = 0;
        long through = 0;
        int sampled = 0;
        for (int round = 0; round < Math.max(3, ROUNDS / 4); round++) {
            long start = System.nanoTime();
            for (RgbImage frame : frames) {
                detector.detect(frame, config.inputSize(), config.scoreThreshold(), config.maxFaces());
            }
            direct += System.nanoTime() - start;
            start = System.nanoTime();
            try (MediaSource source = new MediaSource(0, "Megamind.avi", null, () -> Files.newInputStream(file))) {
                Object result = processor.process(source, config);
                sampled = ((io.notifications.faces.FaceResults.VideoFaces) result).framesSampled();
            }
            through += System.nanoTime() - start;
        }
        int rounds = Math.max(3, ROUNDS / 4);
        System.out.printf("  %-4s video (Megamind.avi, %d frames sampled): processor %.1f ms per frame, direct model"
                        + " call %.1f ms per decoded frame -> overhead ratio %.2f (seeking and decoding included)%n",
                model, sampled, through / 1e6 / (rounds * sampled), direct / 1e6 / (rounds * frames.size()),
                (through / (double) (rounds * sampled)) / (direct / (double) (rounds * frames.size())));
        Files.deleteIfExists(file);
    }

    /** A generated one-minute 1080p video (10 frames/s, moving shapes), processed once; peak memory printed. */
    private static void longVideo(FacialRecognitionProcessor processor, Path work) throws Exception {
        Path file = work.resolve("minute-1080p.mp4");
        long start = System.nanoTime();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1920, 1080);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(10);
            recorder.setVideoBitrate(4_000_000);
            recorder.start();
            RgbImage face = RgbImage.of(ImageIO.read(new ByteArrayInputStream(media("astronaut.png"))));
            java.awt.image.BufferedImage picture = face.crop(0, 0, face.width(), face.height());
            for (int i = 0; i < 600; i++) {
                java.awt.image.BufferedImage frame = new java.awt.image.BufferedImage(1920, 1080,
                        java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
                var graphics = frame.createGraphics();
                graphics.setColor(new java.awt.Color(30, 60 + (i % 100), 90));
                graphics.fillRect(0, 0, 1920, 1080);
                graphics.drawImage(picture, 200 + i * 2, 200, null);
                graphics.dispose();
                recorder.record(converter.convert(frame));
            }
        }
        System.out.printf("  generated a 1-minute 1080p video (%,d bytes) in %.1f s%n", Files.size(file),
                (System.nanoTime() - start) / 1e9);
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        start = System.nanoTime();
        Object result;
        try (MediaSource source = new MediaSource(0, "minute-1080p.mp4", null, () -> Files.newInputStream(file))) {
            result = processor.process(source, defaults("tiny"));
        }
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        var faces = (io.notifications.faces.FaceResults.VideoFaces) result;
        System.out.printf("  tiny on it: %d frames sampled, %d appearance(s), %.1f s; peak heap %,d MB, peak RSS %s%n",
                faces.framesSampled(), faces.faceCount(), (System.nanoTime() - start) / 1e9, heapPeak >> 20,
                peakRss());
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim() + " (whole JVM, since start)";
            }
        }
        return "unknown";
    }

    private static int faces(Object result) {
        return result instanceof io.notifications.faces.FaceResults.ImageFaces image ? image.faceCount() : -1;
    }

    private static MediaSource source(String picture) throws Exception {
        byte[] bytes = media(picture);
        return new MediaSource(0, picture, (long) bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    private static byte[] media(String file) throws Exception {
        try (InputStream in = FaceDetectionBenchmark.class.getClassLoader().getResourceAsStream("demo-media/" + file)) {
            return in.readAllBytes();
        }
    }

    /** The crops are encoded and named as in the service, then dropped: the benchmark times the processor. */
    private static final class DiscardedCrops implements CropStore {
        @Override
        public void put(CropOwner owner, String name, byte[] jpeg) {
        }

        @Override
        public Optional<byte[]> get(String name) {
            return Optional.empty();
        }

        @Override
        public int deleteAll(CropOwner owner) {
            return 0;
        }
    }
}

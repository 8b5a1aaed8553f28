package io.notifications.benchmark;

import io.notifications.faces.CropOwner;
import io.notifications.faces.CropStore;
import io.notifications.faces.FaceCrops;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.FaceResults.ImageFaces;
import io.notifications.faces.FaceResults.VideoFaces;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.FacialRecognitionConfig;
import io.notifications.faces.FacialRecognitionProcessor;
import io.notifications.faces.OfflineFaces;
import io.notifications.faces.RgbImage;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.faces.rekognition.RekognitionFaces;
import io.notifications.processing.MediaSource;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.imageio.ImageIO;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.Java2DFrameConverter;

/**
 * Times the facial-recognition processor against the loop a user would write without it, on the same files, with
 * the same detection ({@link OfflineFaces#detect}) and the processor's defaults (model {@code tiny}):
 * <ul>
 *   <li>pictures: read each file with ImageIO, convert it to an {@link RgbImage}, detect. OpenCV's {@code imread}
 *       is not among the loops: the build excludes JavaCV's OpenCV preset, only FFmpeg is on the class path;</li>
 *   <li>video: open the file with FFmpeg and grab a frame every {@code frameInterval} seconds, seeking as the
 *       processor samples, convert it, detect.</li>
 * </ul>
 * The media: the face evaluation set ({@link EvaluationSet}, 57 JPEG), the six sample pictures of
 * {@code demo-media} (PNG and JPEG), {@code Megamind.avi}, and a generated one-minute 1080p video. The processor
 * reads each file through a {@link MediaSource}, sniffs its type, and stores the crops of the faces
 * it finds (in memory here), as in the service. Rounds alternate between the two, which goes first alternating too,
 * so that the machine's noise falls on both alike. It prints one table: pictures or frames per second for each, the
 * ratio processor/loop (the goal is at least 0.9) and its lowest and highest over the rounds. Then the faces each
 * model finds on the labelled sample pictures, and the peak memory while the processor samples a generated
 * one-minute 1080p video. Prints numbers; asserts nothing.
 *
 * <p>Run with {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.FaceDetectionBenchmark},
 * or on the test class path:
 * <pre>
 * mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * java -Xmx2g -Djavacpp.platform=linux-x86_64 -cp target/test-classes:target/classes:$(cat cp.txt) \
 *     io.notifications.benchmark.FaceDetectionBenchmark
 * </pre>
 * {@code -Dbenchmark.rounds=N} (default 10; on the java command line) sets the rounds per comparison: the sample
 * pictures and Megamind get twice as many, the 1080p minute a third. One run takes about a minute and a half here.
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

    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 10);

    /** The processor's defaults: what a bucket naming no options gets. */
    private static final FacialRecognitionConfig DEFAULTS = defaults(null);

    private FaceDetectionBenchmark() {
    }

    private static FacialRecognitionConfig defaults(String model) {
        return new FacialRecognitionConfig(model, null, null, null, null, null, null, null, null, null, null);
    }

    public static void main(String[] args) throws Exception {
        // Not the encoder's banner for the generated video: errors only, as the processor has it
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Path work = Files.createTempDirectory("face-benchmark");
        FacesProperties properties = new FacesProperties(null, 1, 50_000_000, 3600, 160);
        FaceModels models = new FaceModels(properties);
        // Detection only: no gallery is named, so no known faces are asked for
        OfflineFaces offline = new OfflineFaces(models, new FaceRecognizer(models), (gallery, descriptor) -> null);
        FacialRecognitionProcessor processor = new FacialRecognitionProcessor(offline,
                new RekognitionFaces(Optional.empty(), null, null, null),
                new FaceCrops(new InMemoryCrops(), properties), properties);

        List<Path> evaluationSet = evaluationSet(work.resolve("eval"));
        List<Path> samplePictures = new ArrayList<>();
        for (String picture : LABELLED.keySet()) {
            samplePictures.add(copy("demo-media/" + picture, work.resolve(picture)));
        }
        Path megamind = copy("demo-media/Megamind.avi", work.resolve("Megamind.avi"));
        Path minute = generateMinute(work.resolve("minute-1080p.mp4"));

        System.out.printf("%nFace detection overhead: the processor against a plain loop on the same files (model %s,"
                + " the processor's defaults; 1 ONNX thread; %d cores)%n", DEFAULTS.model(),
                Runtime.getRuntime().availableProcessors());
        List<Comparison> table = new ArrayList<>();
        table.add(compare("pictures: evaluation set, %d JPEG".formatted(evaluationSet.size()), "pictures", ROUNDS,
                () -> processPictures(processor, evaluationSet), () -> loopPictures(offline, evaluationSet)));
        table.add(compare("pictures: sample media, %d PNG/JPEG".formatted(samplePictures.size()), "pictures",
                ROUNDS * 2, () -> processPictures(processor, samplePictures),
                () -> loopPictures(offline, samplePictures)));
        table.add(compare("video: Megamind.avi, 1 frame/s", "frames", ROUNDS * 2,
                () -> processVideo(processor, megamind), () -> loopVideo(offline, megamind)));
        table.add(compare("video: generated 1080p minute, 1 frame/s", "frames", Math.max(2, ROUNDS / 3),
                () -> processVideo(processor, minute), () -> loopVideo(offline, minute)));
        print(table);

        System.out.println();
        for (String model : List.of("tiny", "ssd")) {
            counts(model, processor, samplePictures);
        }
        peakMemory(processor, minute);
        models.destroy();
        try (var files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    /** One side of a comparison: one pass over its media; returns how many pictures or frames it detected in. */
    @FunctionalInterface
    private interface Pass {
        int run() throws Exception;
    }

    /** The times of both sides, round by round. */
    private record Comparison(String label, String unit, int items, long[] processorNanos, long[] loopNanos) {

        double processorRate() {
            return (double) items * processorNanos.length / (Arrays.stream(processorNanos).sum() / 1e9);
        }

        double loopRate() {
            return (double) items * loopNanos.length / (Arrays.stream(loopNanos).sum() / 1e9);
        }

        /** Processor throughput over the loop's: above 1, the processor is the faster. */
        double ratio() {
            return processorRate() / loopRate();
        }

        double[] roundRatios() {
            double[] ratios = new double[processorNanos.length];
            for (int round = 0; round < ratios.length; round++) {
                ratios[round] = (double) loopNanos[round] / processorNanos[round];
            }
            return ratios;
        }
    }

    private static Comparison compare(String label, String unit, int rounds, Pass processor, Pass loop)
            throws Exception {
        // Warm-up: the JIT, the models' first runs, the file cache
        int items = processor.run();
        int loopItems = loop.run();
        if (items != loopItems) {
            System.out.printf("  note: %s: the processor took %d %s, the loop %d%n", label, items, unit, loopItems);
        }
        long[] processorNanos = new long[rounds];
        long[] loopNanos = new long[rounds];
        for (int round = 0; round < rounds; round++) {
            // Whoever goes first alternates, so that neither always follows the other's garbage
            if (round % 2 == 0) {
                processorNanos[round] = time(processor);
                loopNanos[round] = time(loop);
            } else {
                loopNanos[round] = time(loop);
                processorNanos[round] = time(processor);
            }
        }
        return new Comparison(label, unit, items, processorNanos, loopNanos);
    }

    private static long time(Pass pass) throws Exception {
        long start = System.nanoTime();
        pass.run();
        return System.nanoTime() - start;
    }

    private static void print(List<Comparison> table) {
        System.out.printf("  %-42s %6s %22s %22s %6s %13s%n", "media", "rounds", "processor", "plain loop",
                "ratio", "round ratios");
        for (Comparison row : table) {
            double[] ratios = row.roundRatios();
            System.out.printf("  %-42s %6d %11.1f %-10s %11.1f %-10s %6.2f %8.2f–%.2f%n", row.label(),
                    row.processorNanos().length, row.processorRate(), row.unit() + "/s", row.loopRate(),
                    row.unit() + "/s", row.ratio(), Arrays.stream(ratios).min().orElse(0),
                    Arrays.stream(ratios).max().orElse(0));
        }
        System.out.println("  ratio: the processor's throughput over the loop's, all rounds together (goal: at least"
                + " 0.9); round ratios: the lowest and highest of single rounds");
    }

    private static int processPictures(FacialRecognitionProcessor processor, List<Path> pictures) throws Exception {
        for (Path picture : pictures) {
            try (MediaSource source = source(picture)) {
                processor.process(source, DEFAULTS);
            }
        }
        return pictures.size();
    }

    /** What a user would write: read, convert, detect. */
    private static int loopPictures(OfflineFaces offline, List<Path> pictures) throws Exception {
        for (Path picture : pictures) {
            RgbImage image = RgbImage.of(ImageIO.read(picture.toFile()));
            offline.detect(image, DEFAULTS);
        }
        return pictures.size();
    }

    private static int processVideo(FacialRecognitionProcessor processor, Path video) throws Exception {
        try (MediaSource source = source(video)) {
            return ((VideoFaces) processor.process(source, DEFAULTS)).framesSampled();
        }
    }

    /** What a user would write: a frame every frameInterval seconds, seeking to it, as the processor samples. */
    private static int loopVideo(OfflineFaces offline, Path video) throws Exception {
        long intervalMicros = Math.round(DEFAULTS.frameInterval() * 1_000_000);
        int frames = 0;
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(video.toFile());
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            grabber.start();
            for (long at = 0; at <= grabber.getLengthInTime(); at += intervalMicros) {
                if (at > 0) {
                    grabber.setTimestamp(at);
                }
                Frame frame = grabber.grabImage();
                if (frame == null) {
                    break;
                }
                offline.detect(RgbImage.of(converter.getBufferedImage(frame)), DEFAULTS);
                frames++;
            }
        }
        return frames;
    }

    private static void counts(String model, FacialRecognitionProcessor processor, List<Path> pictures)
            throws Exception {
        StringBuilder line = new StringBuilder();
        int right = 0;
        for (Path picture : pictures) {
            int labelled = LABELLED.get(picture.getFileName().toString());
            int found;
            try (MediaSource source = source(picture)) {
                found = ((ImageFaces) processor.process(source, defaults(model))).faceCount();
            }
            right += found == labelled ? 1 : 0;
            line.append(" %s %d/%d".formatted(picture.getFileName(), found, labelled));
        }
        System.out.printf("  %-4s faces found/labelled:%s (%d of %d pictures right)%n", model, line, right,
                pictures.size());
    }

    /** A one-minute 1080p video (10 frames/s, a face moving over a plain background). */
    private static Path generateMinute(Path file) throws Exception {
        long start = System.nanoTime();
        BufferedImage face;
        try (InputStream in = resource("demo-media/astronaut.png")) {
            face = ImageIO.read(in);
        }
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 1920, 1080);
             Java2DFrameConverter converter = new Java2DFrameConverter()) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(10);
            recorder.setVideoBitrate(4_000_000);
            recorder.start();
            for (int i = 0; i < 600; i++) {
                BufferedImage frame = new BufferedImage(1920, 1080, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D graphics = frame.createGraphics();
                graphics.setColor(new Color(30, 60 + (i % 100), 90));
                graphics.fillRect(0, 0, 1920, 1080);
                graphics.drawImage(face, 200 + i * 2, 200, null);
                graphics.dispose();
                recorder.record(converter.convert(frame));
            }
        }
        System.out.printf("  (generated a 1-minute 1080p video, %,d bytes, in %.1f s)%n", Files.size(file),
                (System.nanoTime() - start) / 1e9);
        return file;
    }

    /** The processor once on the 1080p minute, with the peak heap over that run. */
    private static void peakMemory(FacialRecognitionProcessor processor, Path minute) throws Exception {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        VideoFaces faces;
        try (MediaSource source = source(minute)) {
            faces = (VideoFaces) processor.process(source, DEFAULTS);
        }
        long heapPeak = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf("  tiny on the 1080p minute: %d frames sampled, %d appearance(s), %.1f s; peak heap %,d MB,"
                        + " peak RSS %s%n", faces.framesSampled(), faces.faceCount(),
                (System.nanoTime() - start) / 1e9, heapPeak >> 20, peakRss());
    }

    private static String peakRss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim() + " (whole JVM, since start)";
            }
        }
        return "unknown";
    }

    /** The evaluation set's pictures as files, so that both sides read the same files from disk. */
    private static List<Path> evaluationSet(Path dir) throws Exception {
        Files.createDirectories(dir);
        List<Path> files = new ArrayList<>();
        for (EvaluationSet.Picture picture : EvaluationSet.load().pictures()) {
            try (InputStream in = picture.open()) {
                Path file = dir.resolve(picture.file());
                Files.copy(in, file);
                files.add(file);
            }
        }
        return files;
    }

    /** A file as the service hands it to the processor: a source streaming its bytes. */
    private static MediaSource source(Path file) throws Exception {
        return new MediaSource(0, file.getFileName().toString(), Files.size(file), () -> Files.newInputStream(file));
    }

    private static Path copy(String resource, Path target) throws Exception {
        try (InputStream in = resource(resource)) {
            Files.copy(in, target);
        }
        return target;
    }

    private static InputStream resource(String name) throws Exception {
        InputStream in = FaceDetectionBenchmark.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("not on the class path: " + name);
        }
        return in;
    }

    /** The crops are encoded, named and kept as in the service, in memory: the benchmark times the processor. */
    private static final class InMemoryCrops implements CropStore {
        private final Map<String, byte[]> crops = new ConcurrentHashMap<>();
        private final Map<String, CropOwner> owners = new ConcurrentHashMap<>();

        @Override
        public void put(CropOwner owner, String name, byte[] jpeg) {
            crops.put(name, jpeg);
            owners.put(name, owner);
        }

        @Override
        public Optional<byte[]> get(String name) {
            return Optional.ofNullable(crops.get(name));
        }

        @Override
        public int deleteAll(CropOwner owner) {
            List<String> names = owners.entrySet().stream().filter(entry -> entry.getValue().equals(owner))
                    .map(Map.Entry::getKey).toList();
            names.forEach(name -> {
                crops.remove(name);
                owners.remove(name);
            });
            return names.size();
        }
    }
}

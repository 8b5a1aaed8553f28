package io.notifications.benchmark;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.FacialRecognitionConfig;
import io.notifications.faces.OfflineFaces;
import io.notifications.faces.RgbImage;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.faces.eval.EvaluationSet.Picture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs each detector setting over the face evaluation set ({@code src/test/resources/faces/eval/}, see
 * {@link io.notifications.faces.eval.EvaluationSetGenerator}) and prints the faces found of those labelled and the
 * false positives, per setting and per kind of picture. A detection finds a labelled face when their boxes'
 * intersection over union is at least {@value #IOU}; each label is matched at most once, best overlap first, and a
 * detection matching no label is a false positive. The processor's defaults apply otherwise (score above 0.5, faces
 * of at least 20 px). Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.FaceEvaluation}.
 */
public final class FaceEvaluation {

    /** The least intersection over union of a detection and a label for the face to count as found. */
    static final double IOU = 0.4;

    /** The settings evaluated: a name, the model, its input size (null: the model's own), the search, confirm. */
    private record Setting(String name, String model, Integer inputSize, String search, boolean confirm) {
    }

    private static final List<Setting> SETTINGS = List.of(
            new Setting("tiny@512 single", "tiny", 512, "single", false),
            new Setting("tiny@512 zoom (default)", "tiny", 512, "zoom", false),
            new Setting("tiny@512 flip", "tiny", 512, "flip", false),
            new Setting("tiny@608 single", "tiny", 608, "single", false),
            new Setting("tiny@608 zoom", "tiny", 608, "zoom", false),
            new Setting("tiny@512 tiles", "tiny", 512, "tiles", false),
            new Setting("tiny@608 tiles", "tiny", 608, "tiles", false),
            new Setting("ssd single", "ssd", null, "single", false),
            new Setting("ssd single confirm", "ssd", null, "single", true),
            new Setting("ssd zoom confirm", "ssd", null, "zoom", true),
            new Setting("ssd tiles confirm", "ssd", null, "tiles", true));

    /** Faces labelled and found, and false positives, of one setting over some pictures. */
    private static final class Tally {
        int labelled;
        int found;
        int falsePositives;
        int pictures;

        void add(Tally other) {
            labelled += other.labelled;
            found += other.found;
            falsePositives += other.falsePositives;
            pictures += other.pictures;
        }

        @Override
        public String toString() {
            return "%3d/%-3d %5.1f%%  FP %2d".formatted(found, labelled, labelled == 0 ? 100.0 : 100.0 * found / labelled,
                    falsePositives);
        }
    }

    private FaceEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        EvaluationSet set = EvaluationSet.load();
        List<RgbImage> images = set.decodeAll();
        FacesProperties properties = new FacesProperties(null, 1, 50_000_000, 3600, 160);
        FaceModels models = new FaceModels(properties);
        OfflineFaces faces = new OfflineFaces(models, new FaceRecognizer(models), (gallery, descriptor) -> null);
        System.out.printf("%nFace evaluation set: %d pictures, %d labelled faces; a face is found at IoU >= %.1f"
                + " (1 ONNX thread)%n", set.pictures().size(), set.faceCount(), IOU);
        StringBuilder header = new StringBuilder("  %-24s".formatted("setting"));
        for (String kind : EvaluationSet.KINDS) {
            header.append(" | %-20s".formatted(kind));
        }
        System.out.println(header.append(" | all                  | ms/picture | × tiny@512 single"));
        double baselineMs = 0;
        List<String> details = new ArrayList<>();
        for (Setting setting : SETTINGS) {
            FacialRecognitionConfig config = new FacialRecognitionConfig(setting.model(), setting.inputSize(), null,
                    null, null, null, null, null, null, setting.search(), setting.confirm());
            // Warm up once, so that the first picture does not pay for the model's loading
            faces.detect(images.get(0), config);
            Map<String, Tally> byKind = new LinkedHashMap<>();
            EvaluationSet.KINDS.forEach(kind -> byKind.put(kind, new Tally()));
            long nanos = 0;
            for (int i = 0; i < images.size(); i++) {
                Picture picture = set.pictures().get(i);
                long start = System.nanoTime();
                List<DetectedFace> found = faces.detect(images.get(i), config);
                nanos += System.nanoTime() - start;
                Tally tally = match(picture, found, setting, details);
                byKind.get(picture.kind()).add(tally);
            }
            Tally all = new Tally();
            StringBuilder line = new StringBuilder("  %-24s".formatted(setting.name()));
            for (Tally tally : byKind.values()) {
                all.add(tally);
                line.append(" | ").append(tally);
            }
            double ms = nanos / 1e6 / images.size();
            // The first setting is one pass of tiny at 512: issue 19's yardstick for time
            baselineMs = baselineMs == 0 ? ms : baselineMs;
            line.append(" | ").append(all).append(" | %10.0f | %5.2f".formatted(ms, ms / baselineMs));
            System.out.println(line);
        }
        System.out.println("  (each cell: faces found/labelled, share found, false positives)");
        System.out.println("\nMisses and false positives:");
        details.forEach(System.out::println);
        models.destroy();
    }

    /** Matches detections to labels, best overlap first; notes each miss and false positive. */
    private static Tally match(Picture picture, List<DetectedFace> found, Setting setting, List<String> details) {
        List<DetectedFace> labels = picture.faces();
        boolean[] labelTaken = new boolean[labels.size()];
        boolean[] detectionTaken = new boolean[found.size()];
        while (true) {
            double best = IOU;
            int bestLabel = -1;
            int bestDetection = -1;
            for (int l = 0; l < labels.size(); l++) {
                for (int d = 0; d < found.size(); d++) {
                    double iou = labels.get(l).iou(found.get(d));
                    if (!labelTaken[l] && !detectionTaken[d] && iou >= best) {
                        best = iou;
                        bestLabel = l;
                        bestDetection = d;
                    }
                }
            }
            if (bestLabel < 0) {
                break;
            }
            labelTaken[bestLabel] = true;
            detectionTaken[bestDetection] = true;
        }
        Tally tally = new Tally();
        tally.pictures = 1;
        tally.labelled = labels.size();
        for (int l = 0; l < labels.size(); l++) {
            if (labelTaken[l]) {
                tally.found++;
            } else {
                DetectedFace face = labels.get(l);
                details.add("  %-24s missed  %s [%.0f, %.0f, %.0f, %.0f]".formatted(setting.name(), picture.file(),
                        face.x(), face.y(), face.width(), face.height()));
            }
        }
        for (int d = 0; d < found.size(); d++) {
            if (!detectionTaken[d]) {
                tally.falsePositives++;
                DetectedFace face = found.get(d);
                // A loose box around a labelled face is told apart from a box where there is no face at all
                double overlap = labels.stream().mapToDouble(face::iou).max().orElse(0);
                details.add("  %-24s false   %s [%.0f, %.0f, %.0f, %.0f] score %.2f%s".formatted(setting.name(),
                        picture.file(), face.x(), face.y(), face.width(), face.height(), face.score(),
                        overlap > 0.1 ? " (a loose box: IoU %.2f with a labelled face)".formatted(overlap) : ""));
            }
        }
        return tally;
    }
}

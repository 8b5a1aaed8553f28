package io.notifications.benchmark;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.RgbImage;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.faces.eval.EvaluationSet.Picture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far apart the descriptors of the same face are in the evaluation set's variants, and how close the nearest
 * other person is. Every labelled face of an original picture is enrolled as its own person (the faceapi samples are
 * group photos: each face is somebody else); each face of the rotated, halved and grey-JPEG-30 copies is then
 * described and compared with all of them. Faces are described in their label boxes, not where a detector finds
 * them, so that detection misses do not count here. A variant's labels keep the order of its original's (the
 * generator moves each box with the pixels, one by one), so the i-th label of a copy is the i-th person of its source.
 * Prints numbers; asserts nothing. Run with
 * {@code mvn -Pbenchmark verify -Dbenchmark.main=io.notifications.benchmark.FaceRecognitionEvaluation}.
 */
public final class FaceRecognitionEvaluation {

    private static final List<String> VARIANT_KINDS = List.of("rotated", "halved", "grey-jpeg30");
    private static final double[] THRESHOLDS = {0.4, 0.5, 0.6};
    /** A copy's name is its source's with one of these endings. */
    private static final Pattern VARIANT = Pattern.compile("(.*)-(rotated[+-]\\d+|halved|grey-jpeg30)\\.jpg");

    /** An enrolled face: the source picture, the label's place in it, and its descriptor. */
    private record Person(String source, int index, float[] descriptor) {
        String name() {
            return source + "#" + (index + 1);
        }
    }

    /** A face of a copy compared with the gallery: its own person's distance and the nearest other person. */
    private record Comparison(String file, Person own, double sameDistance, Person stranger, double strangerDistance) {
    }

    private FaceRecognitionEvaluation() {
    }

    public static void main(String[] args) throws Exception {
        EvaluationSet set = EvaluationSet.load();
        List<RgbImage> images = set.decodeAll();
        FacesProperties properties = new FacesProperties(null, 1, 50_000_000, 3600, 160);
        FaceModels models = new FaceModels(properties);
        FaceRecognizer recognizer = new FaceRecognizer(models);

        List<Person> gallery = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Picture picture = set.pictures().get(i);
            if (picture.kind().equals("original")) {
                for (int face = 0; face < picture.faces().size(); face++) {
                    gallery.add(new Person(source(picture.file()), face,
                            recognizer.describe(images.get(i), picture.faces().get(face))));
                }
            }
        }

        Map<String, List<Comparison>> byKind = new LinkedHashMap<>();
        byKind.put("original", new ArrayList<>());
        VARIANT_KINDS.forEach(kind -> byKind.put(kind, new ArrayList<>()));
        for (int i = 0; i < images.size(); i++) {
            Picture picture = set.pictures().get(i);
            if (!byKind.containsKey(picture.kind())) {
                continue;
            }
            String source = source(picture.file());
            for (int face = 0; face < picture.faces().size(); face++) {
                Person own = person(gallery, source, face);
                float[] descriptor = recognizer.describe(images.get(i), picture.faces().get(face));
                byKind.get(picture.kind()).add(compare(picture.file(), own, descriptor, gallery));
            }
        }
        models.destroy();

        System.out.printf("%nRecognition under variants: %d people enrolled, one per labelled face of the %d"
                        + " original pictures; faces described in their label boxes (no detection), 1 ONNX thread%n",
                gallery.size(), byKind.get("original").stream().map(c -> c.own().source()).distinct().count());
        System.out.println("  same = distance to the face's own enrolled descriptor; stranger = smallest distance to"
                + " any other person");
        System.out.println("  at t: right/wrong/unknown = the nearest person within t is the face's own / somebody"
                + " else's, or nobody is within t;");
        System.out.println("        stranger named = with its own person not enrolled, somebody else would be within t");
        StringBuilder header = new StringBuilder("  %-11s %5s | %-20s | %-20s".formatted("kind", "faces",
                "same min/med/max", "stranger min/med/max"));
        for (double threshold : THRESHOLDS) {
            header.append(" | at %.1f r/w/u, named".formatted(threshold));
        }
        System.out.println(header);
        for (Map.Entry<String, List<Comparison>> entry : byKind.entrySet()) {
            System.out.println(row(entry.getKey(), entry.getValue()));
        }
        List<Comparison> variants = new ArrayList<>();
        VARIANT_KINDS.forEach(kind -> variants.addAll(byKind.get(kind)));
        System.out.println(row("all copies", variants));

        System.out.println("\nPer face (copies): file, label, same distance, nearest stranger and its distance"
                + " (<-- : at 0.5 its own person is missed, or a stranger is within reach):");
        for (Comparison comparison : variants) {
            System.out.printf("  %-32s #%d  same %.3f  stranger %.3f (%s)%s%n", comparison.file(),
                    comparison.own().index() + 1, comparison.sameDistance(), comparison.strangerDistance(),
                    comparison.stranger().name(),
                    comparison.sameDistance() > 0.5 || comparison.strangerDistance() <= 0.5 ? "  <-- at 0.5" : "");
        }
    }

    private static Comparison compare(String file, Person own, float[] descriptor, List<Person> gallery) {
        Person stranger = null;
        double strangerDistance = Double.MAX_VALUE;
        for (Person person : gallery) {
            double distance = FaceRecognizer.distance(person.descriptor(), descriptor);
            if (person != own && distance < strangerDistance) {
                stranger = person;
                strangerDistance = distance;
            }
        }
        return new Comparison(file, own, FaceRecognizer.distance(own.descriptor(), descriptor), stranger,
                strangerDistance);
    }

    private static String row(String kind, List<Comparison> comparisons) {
        List<Double> same = comparisons.stream().map(Comparison::sameDistance).sorted().toList();
        List<Double> strangers = comparisons.stream().map(Comparison::strangerDistance).sorted().toList();
        StringBuilder line = new StringBuilder("  %-11s %5d | %-20s | %-20s".formatted(kind, comparisons.size(),
                spread(same), spread(strangers)));
        for (double threshold : THRESHOLDS) {
            int right = 0;
            int wrong = 0;
            int unknown = 0;
            int strangerNamed = 0;
            for (Comparison comparison : comparisons) {
                // As the processor decides: the nearest enrolled face names the face when it lies within the threshold
                double nearest = Math.min(comparison.sameDistance(), comparison.strangerDistance());
                if (nearest > threshold) {
                    unknown++;
                } else if (comparison.sameDistance() <= comparison.strangerDistance()) {
                    right++;
                } else {
                    wrong++;
                }
                if (comparison.strangerDistance() <= threshold) {
                    strangerNamed++;
                }
            }
            line.append(" | %-19s".formatted("%2d/%2d/%2d, %2d".formatted(right, wrong, unknown, strangerNamed)));
        }
        return line.toString().stripTrailing();
    }

    private static String spread(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return "%-20s".formatted("-");
        }
        return "%.3f %.3f %.3f".formatted(sorted.get(0), median(sorted), sorted.get(sorted.size() - 1));
    }

    private static double median(List<Double> sorted) {
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

    /** The source picture's name: the file's own for an original, its source's for a copy. */
    private static String source(String file) {
        Matcher variant = VARIANT.matcher(file);
        return variant.matches() ? variant.group(1) : file.replaceFirst("\\.jpg$", "");
    }

    private static Person person(List<Person> gallery, String source, int index) {
        return gallery.stream().filter(p -> p.source().equals(source) && p.index() == index).findFirst()
                .orElseThrow(() -> new IllegalStateException("no original face " + index + " of " + source));
    }
}

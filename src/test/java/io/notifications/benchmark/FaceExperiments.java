package io.notifications.benchmark;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.FaceSearch;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.RgbImage;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.faces.eval.EvaluationSet.Picture;
import io.notifications.faces.model.FaceDetectorModel;
import io.notifications.faces.model.FaceLandmarks68;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Issue 19 experiment (not production code): candidate detection schemes measured on the evaluation set, side by
 * side with the tiny@512 and ssd baselines, single ONNX thread, same run.
 * <ul>
 * <li>first pass: tiny@512, tiny@608 or ssd on the whole picture;</li>
 * <li>tiles: the picture also cut into 2×2 overlapping tiles (each tile about 60% of the side), each run through the
 * same detector, all boxes merged by NMS (IoU 0.4, or a box mostly inside a better one);</li>
 * <li>landmark check ("lm"): the 68-point net is run on the box shifted by +12% and by −12% of its size; on a face
 * its points follow the picture (they barely move once the shift is taken out), on a non-face they follow the
 * crop. A box is kept when the mean displacement of the points, over the eye distance, is below a limit; and when
 * the eyes lie above nose above mouth (in the eyes' frame).</li>
 * <li>descriptor check ("desc"): dlib descriptor (FaceRecognizer.describe) of each box, kept when its distance to the
 * centroid of true faces found by ssd in pictures of other sources (leave-source-out) is below a limit;</li>
 * <li>zoom: weak tiny candidates (score 0.1-0.5) looked at again in a 3x crop at a small input;</li>
 * <li>flip: tiny on the picture and on its mirror image, merged (tiles and flip are the service's FaceSearch);</li>
 * <li>agreement ("ssd&tiny"): ssd boxes kept when tiny (score above 0.2) has a box overlapping them.</li>
 * </ul>
 * The time of a scheme is the sum of the times of its parts, each measured per picture.
 */
public final class FaceExperiments {

    static final double IOU = 0.4;
    static final double SHIFT = 0.12;

    /** One detection with the features of the landmark check. */
    record Found(DetectedFace box, double drift, double eyeRatio, double noseDown, double mouthDown, double symmetry,
            float[] descriptor) {
    }

    /** Per picture: each pass's detections and its time. */
    static final class Run {
        final Map<String, List<Found>> found = new LinkedHashMap<>();
        final Map<String, Double> ms = new LinkedHashMap<>();
    }

    private static FaceModels models;

    private FaceExperiments() {
    }

    public static void main(String[] args) throws Exception {
        EvaluationSet set = EvaluationSet.load();
        List<RgbImage> images = set.decodeAll();
        models = new FaceModels(new FacesProperties(null, 1, 50_000_000, 3600, 160));
        FaceDetectorModel tiny = models.detector("tiny");
        FaceDetectorModel ssd = models.detector("ssd");
        FaceLandmarks68 landmarks = models.landmarks();
        FaceRecognizer recognizer = new FaceRecognizer(models);
        // warm up
        for (int i = 0; i < 3; i++) {
            tiny.detect(images.get(i), 512, 0.5, 100);
            tiny.detect(images.get(i), 608, 0.5, 100);
            ssd.detect(images.get(i), 512, 0.5, 100);
            landmarks.landmarks(images.get(i));
        }
        Map<String, Pass> passes = new LinkedHashMap<>();
        passes.put("tiny@512", img -> filter(tiny.detect(img, 512, 0.5, 100)));
        passes.put("tiny@608", img -> filter(tiny.detect(img, 608, 0.5, 100)));
        passes.put("ssd", img -> filter(ssd.detect(img, 512, 0.5, 100)));
        passes.put("tiny@512+tiles", img -> searched(FaceSearch.TILES, img, tiny, 512, 0.5));
        passes.put("tiny@608+tiles", img -> searched(FaceSearch.TILES, img, tiny, 608, 0.5));
        passes.put("tiny@416+tiles", img -> searched(FaceSearch.TILES, img, tiny, 416, 0.5));
        passes.put("ssd+tiles", img -> searched(FaceSearch.TILES, img, ssd, 512, 0.5));
        passes.put("tiny@1024", img -> filter(tiny.detect(img, 1024, 0.5, 100)));
        passes.put("tiny@512+zoom", img -> zoom(img, tiny, 512, 224));
        passes.put("tiny@608+zoom", img -> zoom(img, tiny, 608, 224));
        passes.put("tiny@512+zoom320", img -> zoom(img, tiny, 512, 320));
        passes.put("tiny@512+zoom.05x10", img -> zoom(img, tiny, 512, 224, 0.05, 10));
        passes.put("tiny@512+flip", img -> searched(FaceSearch.FLIP, img, tiny, 512, 0.5));
        passes.put("ssd&tiny>0.2", img -> agree(ssd.detect(img, 512, 0.5, 100), tiny.detect(img, 512, 0.2, 100)));
        passes.put("ssd&tiny@608>0.2", img -> agree(ssd.detect(img, 512, 0.5, 100),
                tiny.detect(img, 608, 0.2, 100)));
        passes.put("ssd+tiles&tiny>0.2", img -> agree(searched(FaceSearch.TILES, img, ssd, 512, 0.5),
                searched(FaceSearch.TILES, img, tiny, 512, 0.2)));
        List<Run> runs = new ArrayList<>();
        StringBuilder sizes = new StringBuilder();
        for (int p = 0; p < images.size(); p++) {
            RgbImage img = images.get(p);
            sizes.append(img.width()).append('x').append(img.height()).append(' ');
            Run run = new Run();
            for (Map.Entry<String, Pass> pass : passes.entrySet()) {
                long start = System.nanoTime();
                List<DetectedFace> boxes = pass.getValue().detect(img);
                run.ms.put(pass.getKey(), (System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                List<Found> checked = new ArrayList<>();
                for (DetectedFace box : boxes) {
                    checked.add(check(landmarks, img, box));
                }
                run.ms.put(pass.getKey() + "/lm", (System.nanoTime() - start) / 1e6);
                start = System.nanoTime();
                List<Found> described = new ArrayList<>();
                for (Found f : checked) {
                    float[] d = null;
                    try {
                        d = recognizer.describe(img, f.box());
                    } catch (IllegalArgumentException tooSmall) {
                        // no descriptor: counted as far from faces
                    }
                    described.add(new Found(f.box(), f.drift(), f.eyeRatio(), f.noseDown(), f.mouthDown(),
                            f.symmetry(), d));
                }
                run.ms.put(pass.getKey() + "/desc", (System.nanoTime() - start) / 1e6);
                run.found.put(pass.getKey(), described);
            }
            runs.add(run);
        }
        System.out.println("sizes: " + sizes);
        System.out.printf("%nFace experiments: %d pictures, %d labelled faces; IoU >= %.1f; 1 ONNX thread%n",
                images.size(), set.faceCount(), IOU);
        StringBuilder header = new StringBuilder("  %-26s".formatted("scheme"));
        for (String kind : EvaluationSet.KINDS) {
            header.append(" | %-16s".formatted(kind));
        }
        System.out.println(header.append(" | all                  | ms/pic"));
        // Descriptor check: distance to the centroid of the descriptors of true faces found by ssd in pictures of
        // OTHER sources (leave-source-out, so a picture's own face never makes its centroid)
        List<String> details = new ArrayList<>();
        Map<String, float[]> centroids = new LinkedHashMap<>();
        for (int p = 0; p < runs.size(); p++) {
            String source = source(set.pictures().get(p).file());
            double[] sum = new double[128];
            int n = 0;
            for (int q = 0; q < runs.size(); q++) {
                if (source(set.pictures().get(q).file()).equals(source)) {
                    continue;
                }
                List<Found> found = runs.get(q).found.get("ssd");
                boolean[] tp = matched(set.pictures().get(q), found);
                for (int d = 0; d < found.size(); d++) {
                    if (tp[d] && found.get(d).descriptor() != null) {
                        for (int k = 0; k < 128; k++) {
                            sum[k] += found.get(d).descriptor()[k];
                        }
                        n++;
                    }
                }
            }
            float[] c = new float[128];
            for (int k = 0; k < 128; k++) {
                c[k] = (float) (sum[k] / n);
            }
            centroids.put(set.pictures().get(p).file(), c);
        }
        centroidDistance = (file, f) -> f.descriptor() == null ? 9 : FaceRecognizer.distance(centroids.get(file),
                f.descriptor());
        for (String pass : passes.keySet()) {
            report(pass, set, runs, pass, "", (file, f) -> true, details);
            report(pass + " lm<0.3", set, runs, pass, "/lm",
                    (file, f) -> f.drift() < 0.3 && f.noseDown() > 0 && f.mouthDown() > f.noseDown(), details);
            report(pass + " desc<0.60", set, runs, pass, "/desc", (file, f) -> centroidDistance.apply(file, f) < 0.60,
                    details);
            report(pass + " desc<0.70", set, runs, pass, "/desc", (file, f) -> centroidDistance.apply(file, f) < 0.70,
                    details);
            report(pass + " desc<0.80", set, runs, pass, "/desc", (file, f) -> centroidDistance.apply(file, f) < 0.80,
                    details);
        }
        System.out.println("  (cells: found/labelled FP; ms/pic = detection (+ landmark check) per picture)");
        System.out.println("\nPer detection features (pass, file, TP/FP, box, score, drift, eyeRatio, noseDown, "
                + "mouthDown, symmetry):");
        for (String pass : passes.keySet()) {
            for (int p = 0; p < runs.size(); p++) {
                Picture picture = set.pictures().get(p);
                List<Found> found = runs.get(p).found.get(pass);
                boolean[] tp = matched(picture, found);
                for (int d = 0; d < found.size(); d++) {
                    Found f = found.get(d);
                    System.out.printf("  F %-15s %-32s %s [%4.0f %4.0f %4.0f %4.0f] %.2f drift %.3f eye %.2f nose %.2f "
                                    + "mouth %.2f sym %.2f dist %.3f%n", pass, picture.file(), tp[d] ? "TP" : "FP",
                            f.box.x(), f.box.y(), f.box.width(), f.box.height(), f.box.score(), f.drift, f.eyeRatio,
                            f.noseDown, f.mouthDown, f.symmetry, centroidDistance.apply(picture.file(), f));
                }
            }
        }
        System.out.println("\nMisses and false positives:");
        details.forEach(System.out::println);
        models.destroy();
    }

    interface Pass {
        List<DetectedFace> detect(RgbImage image) throws Exception;
    }

    static List<DetectedFace> filter(List<DetectedFace> faces) {
        return faces.stream().filter(f -> Math.min(f.width(), f.height()) >= 20).toList();
    }

    /** The service's own search (tiles, mirror image) with one net, faces under 20 px left out. */
    static List<DetectedFace> searched(FaceSearch search, RgbImage img, FaceDetectorModel net, int size,
            double threshold) throws Exception {
        return filter(search.search(img, (image, inputSize, score) -> net.detect(image, inputSize, score, 100), size,
                threshold));
    }

    /**
     * Zoom: the first pass at {@code size} (score above 0.5); its weak candidates (score 0.1-0.5, not overlapping
     * a kept face) are looked at again, at most 6, best first: a square of 3 times the candidate's size (at least
     * 64 px) around it, run at {@code zoomSize}; the faces found there join the first pass's, merged by NMS.
     */
    static List<DetectedFace> zoom(RgbImage img, FaceDetectorModel net, int size, int zoomSize) throws Exception {
        return zoom(img, net, size, zoomSize, 0.1, 6);
    }

    static List<DetectedFace> zoom(RgbImage img, FaceDetectorModel net, int size, int zoomSize, double weakScore,
            int most) throws Exception {
        List<DetectedFace> all = new ArrayList<>(net.detect(img, size, 0.5, 100));
        List<DetectedFace> weak = net.detect(img, size, weakScore, 100).stream()
                .filter(c -> c.score() <= 0.5 && all.stream().noneMatch(k -> k.iou(c) > 0.2 || c.shareInside(k) > 0.5))
                .limit(most).toList();
        for (DetectedFace c : weak) {
            int side = (int) Math.max(64, 3 * Math.max(c.width(), c.height()));
            int x = (int) (c.x() + c.width() / 2 - side / 2.0);
            int y = (int) (c.y() + c.height() / 2 - side / 2.0);
            int left = Math.max(0, x);
            int top = Math.max(0, y);
            RgbImage crop = RgbImage.of(img.crop(left, top, side - (left - x), side - (top - y)));
            for (DetectedFace f : net.detect(crop, zoomSize, 0.5, 100)) {
                all.add(new DetectedFace(f.x() + left, f.y() + top, f.width(), f.height(), f.score()));
            }
        }
        return filter(FaceSearch.merged(all));
    }

    /** The boxes of {@code first} that a box of {@code second} overlaps (IoU above 0.3). */
    static List<DetectedFace> agree(List<DetectedFace> first, List<DetectedFace> second) {
        return filter(first.stream().filter(f -> second.stream().anyMatch(s -> s.iou(f) > 0.3)).toList());
    }

    /** The 68 points in picture coordinates, found in the box moved by (dx, dy) of its size. */
    static double[][] points(FaceLandmarks68 net, RgbImage img, DetectedFace box, double dx, double dy)
            throws Exception {
        int x = (int) Math.floor(box.x() + dx * box.width());
        int y = (int) Math.floor(box.y() + dy * box.height());
        int left = Math.max(0, x);
        int top = Math.max(0, y);
        int w = (int) Math.min(img.width() - left, Math.ceil(box.width()) - (left - x));
        int h = (int) Math.min(img.height() - top, Math.ceil(box.height()) - (top - y));
        double[][] p = net.landmarks(RgbImage.of(img.crop(left, top, Math.max(2, w), Math.max(2, h))));
        for (double[] point : p) {
            point[0] += left;
            point[1] += top;
        }
        return p;
    }

    static Found check(FaceLandmarks68 net, RgbImage img, DetectedFace box) throws Exception {
        double[][] a = points(net, img, box, SHIFT, SHIFT);
        double[][] b = points(net, img, box, -SHIFT, -SHIFT);
        double[][] m = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            m[i] = new double[] {(a[i][0] + b[i][0]) / 2, (a[i][1] + b[i][1]) / 2};
        }
        double[] l = centre(m, 36, 42);
        double[] r = centre(m, 42, 48);
        double eye = Math.hypot(r[0] - l[0], r[1] - l[1]);
        double ux = (r[0] - l[0]) / eye;
        double uy = (r[1] - l[1]) / eye;
        double vx = -uy;
        double vy = ux;
        double mx = (l[0] + r[0]) / 2;
        double my = (l[1] + r[1]) / 2;
        double[] nose = m[30];
        double[] mouth = centre(m, 48, 68);
        double noseDown = ((nose[0] - mx) * vx + (nose[1] - my) * vy) / eye;
        double mouthDown = ((mouth[0] - mx) * vx + (mouth[1] - my) * vy) / eye;
        double symmetry = ((nose[0] - mx) * ux + (nose[1] - my) * uy) / eye;
        double drift = 0;
        for (int i = 0; i < a.length; i++) {
            drift += Math.hypot(a[i][0] - b[i][0], a[i][1] - b[i][1]);
        }
        drift /= a.length * eye;
        return new Found(box, drift, eye / box.width(), noseDown, mouthDown, symmetry, null);
    }

    static double[] centre(double[][] p, int from, int to) {
        double sx = 0;
        double sy = 0;
        for (int i = from; i < to; i++) {
            sx += p[i][0];
            sy += p[i][1];
        }
        return new double[] {sx / (to - from), sy / (to - from)};
    }

    static java.util.function.BiFunction<String, Found, Double> centroidDistance;

    /** The picture a file was made from. */
    static String source(String file) {
        String s = file.replace(".jpg", "");
        for (String suffix : List.of("-rotated", "-halved", "-grey")) {
            if (s.contains(suffix)) {
                s = s.substring(0, s.indexOf(suffix));
            }
        }
        return s;
    }

    static void report(String name, EvaluationSet set, List<Run> runs, String pass, String check,
            java.util.function.BiPredicate<String, Found> keep, List<String> details) {
        Map<String, int[]> byKind = new LinkedHashMap<>();
        EvaluationSet.KINDS.forEach(kind -> byKind.put(kind, new int[3]));
        double ms = 0;
        for (int p = 0; p < runs.size(); p++) {
            Picture picture = set.pictures().get(p);
            Run run = runs.get(p);
            ms += run.ms.get(pass) + (check.isEmpty() ? 0 : run.ms.get(pass + check));
            List<Found> found = run.found.get(pass).stream().filter(f -> keep.test(picture.file(), f)).toList();
            boolean[] tp = matched(picture, found);
            int hits = 0;
            for (int d = 0; d < found.size(); d++) {
                if (tp[d]) {
                    hits++;
                } else {
                    details.add("  %-26s false %s [%.0f %.0f %.0f %.0f] dist %.2f".formatted(name, picture.file(),
                            found.get(d).box.x(), found.get(d).box.y(), found.get(d).box.width(),
                            found.get(d).box.height(), centroidDistance.apply(picture.file(), found.get(d))));
                }
            }
            boolean[] labelHit = new boolean[picture.faces().size()];
            for (int l = 0; l < labelHit.length; l++) {
                DetectedFace label = picture.faces().get(l);
                for (int d = 0; d < found.size(); d++) {
                    if (tp[d] && label.iou(found.get(d).box) >= IOU) {
                        labelHit[l] = true;
                    }
                }
                if (!labelHit[l]) {
                    details.add("  %-26s missed %s [%.0f %.0f %.0f %.0f]".formatted(name, picture.file(),
                            label.x(), label.y(), label.width(), label.height()));
                }
            }
            int[] t = byKind.get(picture.kind());
            t[0] += hits;
            t[1] += picture.faces().size();
            t[2] += found.size() - hits;
        }
        StringBuilder line = new StringBuilder("  %-26s".formatted(name));
        int[] all = new int[3];
        for (int[] t : byKind.values()) {
            line.append(" | %3d/%-3d FP %2d    ".formatted(t[0], t[1], t[2]));
            for (int i = 0; i < 3; i++) {
                all[i] += t[i];
            }
        }
        line.append(" | %3d/%-3d %5.1f%% FP %2d".formatted(all[0], all[1], 100.0 * all[0] / all[1], all[2]));
        line.append(" | %6.0f".formatted(ms / runs.size()));
        System.out.println(line);
    }

    /** Which detections match a label, best overlap first, each label at most once. */
    static boolean[] matched(Picture picture, List<Found> found) {
        List<DetectedFace> labels = picture.faces();
        boolean[] labelTaken = new boolean[labels.size()];
        boolean[] taken = new boolean[found.size()];
        while (true) {
            double best = IOU;
            int bl = -1;
            int bd = -1;
            for (int l = 0; l < labels.size(); l++) {
                for (int d = 0; d < found.size(); d++) {
                    double iou = labels.get(l).iou(found.get(d).box);
                    if (!labelTaken[l] && !taken[d] && iou >= best) {
                        best = iou;
                        bl = l;
                        bd = d;
                    }
                }
            }
            if (bl < 0) {
                return taken;
            }
            labelTaken[bl] = true;
            taken[bd] = true;
        }
    }
}

package io.notifications.benchmark;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.RgbImage;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.faces.eval.EvaluationSet.Picture;
import io.notifications.faces.model.FaceDetectorModel;
import io.notifications.faces.model.FaceLandmarks68;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

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
 * </ul>
 * The time of a scheme is the sum of the times of its parts, each measured per picture.
 */
public final class FaceExperiments {

    static final double IOU = 0.4;
    static final double SHIFT = 0.12;

    /** One detection with the features of the landmark check. */
    record Found(DetectedFace box, double drift, double eyeRatio, double noseDown, double mouthDown, double symmetry) {
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
        List<RgbImage> images = new ArrayList<>();
        for (Picture picture : set.pictures()) {
            try (InputStream in = picture.open()) {
                images.add(RgbImage.of(ImageIO.read(in)));
            }
        }
        models = new FaceModels(new FacesProperties(null, 1, 50_000_000, 3600, 160));
        FaceDetectorModel tiny = models.detector("tiny");
        FaceDetectorModel ssd = models.detector("ssd");
        FaceLandmarks68 landmarks = models.landmarks();
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
        passes.put("tiny@512+tiles", img -> tiled(img, i -> tiny.detect(i, 512, 0.5, 100)));
        passes.put("tiny@608+tiles", img -> tiled(img, i -> tiny.detect(i, 608, 0.5, 100)));
        passes.put("tiny@416+tiles", img -> tiled(img, i -> tiny.detect(i, 416, 0.5, 100)));
        passes.put("ssd+tiles", img -> tiled(img, i -> ssd.detect(i, 512, 0.5, 100)));
        passes.put("tiny@1024", img -> filter(tiny.detect(img, 1024, 0.5, 100)));
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
                run.found.put(pass.getKey(), checked);
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
        double[] drifts = {Double.MAX_VALUE, 0.30, 0.25, 0.20, 0.15};
        List<String> details = new ArrayList<>();
        for (String pass : passes.keySet()) {
            for (double drift : drifts) {
                boolean lm = drift != Double.MAX_VALUE;
                String name = lm ? pass + " lm<" + drift : pass;
                Predicate<Found> keep = f -> !lm || (f.drift < drift && f.noseDown > 0 && f.mouthDown > f.noseDown);
                report(name, set, runs, pass, lm, keep, details);
            }
        }
        System.out.println("  (cells: found/labelled FP; ms/pic = detection (+ landmark check) per picture)");
        System.out.println("\nPer detection features (pass, file, TP/FP, box, score, drift, eyeRatio, noseDown, "
                + "mouthDown, symmetry):");
        for (String pass : List.of("ssd", "tiny@512", "tiny@608+tiles", "ssd+tiles")) {
            for (int p = 0; p < runs.size(); p++) {
                Picture picture = set.pictures().get(p);
                List<Found> found = runs.get(p).found.get(pass);
                boolean[] tp = matched(picture, found);
                for (int d = 0; d < found.size(); d++) {
                    Found f = found.get(d);
                    System.out.printf("  F %-15s %-32s %s [%4.0f %4.0f %4.0f %4.0f] %.2f drift %.3f eye %.2f nose %.2f "
                                    + "mouth %.2f sym %.2f%n", pass, picture.file(), tp[d] ? "TP" : "FP",
                            f.box.x(), f.box.y(), f.box.width(), f.box.height(), f.box.score(), f.drift, f.eyeRatio,
                            f.noseDown, f.mouthDown, f.symmetry);
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

    /** The whole picture plus 2×2 overlapping tiles (each 60% of the side), merged by NMS. */
    static List<DetectedFace> tiled(RgbImage img, Pass pass) throws Exception {
        List<DetectedFace> all = new ArrayList<>(pass.detect(img));
        int tw = (int) Math.round(img.width() * 0.6);
        int th = (int) Math.round(img.height() * 0.6);
        for (int ty = 0; ty < 2; ty++) {
            for (int tx = 0; tx < 2; tx++) {
                int x = tx == 0 ? 0 : img.width() - tw;
                int y = ty == 0 ? 0 : img.height() - th;
                RgbImage tile = RgbImage.of(img.crop(x, y, tw, th));
                for (DetectedFace f : pass.detect(tile)) {
                    // a box cut by a tile's inner edge is a part of a face another tile or the whole sees
                    boolean cut = (tx == 0 && f.x() + f.width() > tw - 2) || (tx == 1 && f.x() < 2)
                            || (ty == 0 && f.y() + f.height() > th - 2) || (ty == 1 && f.y() < 2);
                    if (!cut) {
                        all.add(new DetectedFace(f.x() + x, f.y() + y, f.width(), f.height(), f.score()));
                    }
                }
            }
        }
        all.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace f : all) {
            boolean suppressed = kept.stream().anyMatch(k -> k.iou(f) > IOU || inside(f, k) > 0.6);
            if (!suppressed) {
                kept.add(f);
            }
        }
        return filter(kept);
    }

    /** The share of the smaller box that lies in the other. */
    static double inside(DetectedFace a, DetectedFace b) {
        double w = Math.max(0, Math.min(a.x() + a.width(), b.x() + b.width()) - Math.max(a.x(), b.x()));
        double h = Math.max(0, Math.min(a.y() + a.height(), b.y() + b.height()) - Math.max(a.y(), b.y()));
        return w * h / Math.min(a.width() * a.height(), b.width() * b.height());
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
        return new Found(box, drift, eye / box.width(), noseDown, mouthDown, symmetry);
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

    static void report(String name, EvaluationSet set, List<Run> runs, String pass, boolean lm, Predicate<Found> keep,
            List<String> details) {
        Map<String, int[]> byKind = new LinkedHashMap<>();
        EvaluationSet.KINDS.forEach(kind -> byKind.put(kind, new int[3]));
        double ms = 0;
        for (int p = 0; p < runs.size(); p++) {
            Picture picture = set.pictures().get(p);
            Run run = runs.get(p);
            ms += run.ms.get(pass) + (lm ? run.ms.get(pass + "/lm") : 0);
            List<Found> found = run.found.get(pass).stream().filter(keep).toList();
            boolean[] tp = matched(picture, found);
            int hits = 0;
            for (int d = 0; d < found.size(); d++) {
                if (tp[d]) {
                    hits++;
                } else {
                    details.add("  %-26s false %s [%.0f %.0f %.0f %.0f]".formatted(name, picture.file(),
                            found.get(d).box.x(), found.get(d).box.y(), found.get(d).box.width(),
                            found.get(d).box.height()));
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

package io.notifications.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How hard a picture is searched for faces beyond one pass of the detector. Measured on the evaluation set
 * ({@code docs/benchmarks.md}): each search finds more of the small, turned and grey faces one pass misses, at a
 * price in time.
 */
public enum FaceSearch {

    /** One pass over the whole picture. */
    SINGLE,
    /**
     * One pass, then a closer look at its weak candidates: the few boxes scoring between {@value #WEAK_SCORE} and
     * the threshold are cut out with their surroundings and searched again at a small input, where a face of
     * 25 pixels fills enough of the net's view to be seen; a face found there counts when it is the candidate (its
     * centre in the candidate's box, and smaller than half the surroundings). Costs about one more pass at most.
     */
    ZOOM,
    /** The picture and its mirror image, merged: the nets are not symmetric, so the mirror finds other faces. */
    FLIP,
    /** The whole picture and 2×2 overlapping tiles of it, each searched as a picture of its own: five passes. */
    TILES;

    /** The least score of a candidate worth a closer look. */
    static final double WEAK_SCORE = 0.1;
    /** At most this many weak candidates are looked at again, best first. */
    static final int MOST_ZOOMED = 6;
    /** The input size a weak candidate's surroundings are searched at. */
    static final int ZOOM_INPUT = 224;
    /** A weak candidate is looked at again only if its surroundings are seen at least this much closer. */
    static final double MIN_MAGNIFICATION = 1.5;
    /** Each tile's side, as a share of the picture's. */
    static final double TILE_SHARE = 0.6;
    /** Boxes overlapping a better one more than this are the same face. */
    static final double SAME_FACE_IOU = 0.4;
    /** A box lying this much inside a better one is a part of that face. */
    static final double SAME_FACE_INSIDE = 0.6;

    /** One pass of a detector over an image, at a given input size and score threshold. */
    @FunctionalInterface
    public interface Pass {
        List<DetectedFace> detect(RgbImage image, int inputSize, double scoreThreshold) throws Exception;
    }

    /** The faces in the picture scoring above the threshold, best first, each face once. */
    public List<DetectedFace> search(RgbImage picture, Pass pass, int inputSize, double scoreThreshold)
            throws Exception {
        return switch (this) {
            case SINGLE -> pass.detect(picture, inputSize, scoreThreshold);
            case ZOOM -> zoomed(picture, pass, inputSize, scoreThreshold);
            case FLIP -> merged(concat(pass.detect(picture, inputSize, scoreThreshold),
                    unmirrored(pass.detect(mirrored(picture), inputSize, scoreThreshold), picture.width())));
            case TILES -> tiled(picture, pass, inputSize, scoreThreshold);
        };
    }

    public static FaceSearch named(String name) {
        return valueOf(name.toUpperCase(java.util.Locale.ROOT));
    }

    private static List<DetectedFace> zoomed(RgbImage picture, Pass pass, int inputSize, double scoreThreshold)
            throws Exception {
        // One pass at the weak score serves both: the faces above the threshold, and the candidates below it
        List<DetectedFace> candidates = pass.detect(picture, inputSize, Math.min(WEAK_SCORE, scoreThreshold));
        List<DetectedFace> found = new ArrayList<>(candidates.stream().filter(f -> f.score() > scoreThreshold)
                .toList());
        List<DetectedFace> weak = candidates.stream()
                .filter(c -> c.score() <= scoreThreshold
                        && found.stream().noneMatch(f -> f.iou(c) > 0.2 || c.shareInside(f) > 0.5))
                .limit(MOST_ZOOMED).toList();
        // The first pass saw the picture at this scale (scaled into the input's square by its longer side)
        double firstScale = (double) inputSize / Math.max(picture.width(), picture.height());
        for (DetectedFace candidate : weak) {
            int side = (int) Math.max(64, 3 * Math.max(candidate.width(), candidate.height()));
            if ((double) ZOOM_INPUT / side < MIN_MAGNIFICATION * firstScale) {
                // A large candidate's surroundings would be seen no closer than the first pass saw them
                continue;
            }
            int left = clamp((int) (candidate.x() + candidate.width() / 2 - side / 2.0), picture.width() - 1);
            int top = clamp((int) (candidate.y() + candidate.height() / 2 - side / 2.0), picture.height() - 1);
            int width = Math.min(side, picture.width() - left);
            int height = Math.min(side, picture.height() - top);
            RgbImage surroundings = RgbImage.of(picture.crop(left, top, width, height));
            for (DetectedFace face : pass.detect(surroundings, ZOOM_INPUT, scoreThreshold)) {
                DetectedFace inPicture = moved(face, left, top);
                // The closer look answers for the candidate only. A box filling most of the enlarged surroundings
                // is the net seeing a face in the blur of a magnified patch (a suit, a helmet), not the candidate.
                if (centreInside(inPicture, candidate) && Math.max(face.width(), face.height()) <= side / 2.0) {
                    found.add(inPicture);
                }
            }
        }
        return merged(found);
    }

    private static List<DetectedFace> tiled(RgbImage picture, Pass pass, int inputSize, double scoreThreshold)
            throws Exception {
        List<DetectedFace> found = new ArrayList<>(pass.detect(picture, inputSize, scoreThreshold));
        int tileWidth = (int) Math.round(picture.width() * TILE_SHARE);
        int tileHeight = (int) Math.round(picture.height() * TILE_SHARE);
        for (int row = 0; row < 2; row++) {
            for (int column = 0; column < 2; column++) {
                int left = column == 0 ? 0 : picture.width() - tileWidth;
                int top = row == 0 ? 0 : picture.height() - tileHeight;
                RgbImage tile = RgbImage.of(picture.crop(left, top, tileWidth, tileHeight));
                for (DetectedFace face : pass.detect(tile, inputSize, scoreThreshold)) {
                    // A box touching a tile's inner edge is part of a face that the whole or another tile sees
                    boolean cut = (column == 0 && face.x() + face.width() > tileWidth - 2)
                            || (column == 1 && face.x() < 2)
                            || (row == 0 && face.y() + face.height() > tileHeight - 2)
                            || (row == 1 && face.y() < 2);
                    if (!cut) {
                        found.add(moved(face, left, top));
                    }
                }
            }
        }
        return merged(found);
    }

    /** Each face once: the best box wins, and boxes that are the same face, or a part of it, go. */
    public static List<DetectedFace> merged(List<DetectedFace> faces) {
        List<DetectedFace> byScore = new ArrayList<>(faces);
        byScore.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> kept = new ArrayList<>();
        for (DetectedFace face : byScore) {
            if (kept.stream().noneMatch(k -> k.iou(face) > SAME_FACE_IOU || face.shareInside(k) > SAME_FACE_INSIDE)) {
                kept.add(face);
            }
        }
        return kept;
    }

    static RgbImage mirrored(RgbImage picture) {
        int width = picture.width();
        int[] pixels = new int[picture.pixels().length];
        for (int y = 0; y < picture.height(); y++) {
            for (int x = 0; x < width; x++) {
                pixels[y * width + x] = picture.pixels()[y * width + width - 1 - x];
            }
        }
        return new RgbImage(width, picture.height(), pixels);
    }

    /** Boxes found in the mirror image, where they are in the picture. */
    static List<DetectedFace> unmirrored(List<DetectedFace> faces, int width) {
        return faces.stream().map(f -> new DetectedFace(width - f.x() - f.width(), f.y(), f.width(), f.height(),
                f.score())).toList();
    }

    private static boolean centreInside(DetectedFace face, DetectedFace box) {
        double x = face.x() + face.width() / 2;
        double y = face.y() + face.height() / 2;
        return x >= box.x() && x <= box.x() + box.width() && y >= box.y() && y <= box.y() + box.height();
    }

    private static DetectedFace moved(DetectedFace face, double dx, double dy) {
        return new DetectedFace(face.x() + dx, face.y() + dy, face.width(), face.height(), face.score());
    }

    private static int clamp(int value, int max) {
        return Math.max(0, Math.min(value, max));
    }

    private static List<DetectedFace> concat(List<DetectedFace> a, List<DetectedFace> b) {
        List<DetectedFace> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package io.notifications.faces;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Joins the faces found in consecutive sampled frames into appearances: a face whose box overlaps a face of the
 * previous sample is the same person still on screen. (Recognition, once a gallery is chosen, tells people
 * apart; overlap is what detection alone can go by.)
 */
final class FaceTracks {

    /** Boxes overlapping at least this much (IoU) in consecutive samples are one appearance. */
    private static final double SAME_FACE = 0.3;

    /** An appearance under way or done, with its best-scoring sighting. */
    static final class Track {
        final long startMs;
        long lastMs;
        int frames;
        DetectedFace last;
        DetectedFace best;
        /** Only the neighbourhood of the face in the best frame is kept, not the frame. */
        Sighting bestSighting;

        Track(long at, DetectedFace face, RgbImage frame) {
            this.startMs = at;
            this.lastMs = at;
            this.frames = 1;
            this.last = face;
            this.best = face;
            this.bestSighting = Sighting.of(frame, face);
        }

        void seen(long at, DetectedFace face, RgbImage frame) {
            lastMs = at;
            frames++;
            last = face;
            if (face.score() > best.score()) {
                best = face;
                bestSighting = Sighting.of(frame, face);
            }
        }
    }

    /** A face and the picture around it: its box, and as much again on every side. */
    record Sighting(RgbImage neighbourhood, DetectedFace face) {

        static Sighting of(RgbImage frame, DetectedFace face) {
            int x = (int) Math.max(0, Math.floor(face.x() - face.width()));
            int y = (int) Math.max(0, Math.floor(face.y() - face.height()));
            int right = (int) Math.min(frame.width(), Math.ceil(face.x() + 2 * face.width()));
            int bottom = (int) Math.min(frame.height(), Math.ceil(face.y() + 2 * face.height()));
            RgbImage around = RgbImage.of(frame.crop(x, y, Math.max(1, right - x), Math.max(1, bottom - y)));
            return new Sighting(around, new DetectedFace(face.x() - x, face.y() - y, face.width(), face.height(),
                    face.score()));
        }
    }

    private final List<Track> open = new ArrayList<>();
    private final List<Track> done = new ArrayList<>();

    /** The faces of the next sampled frame. */
    void frame(long at, List<DetectedFace> faces, RgbImage frame) {
        List<Track> continued = new ArrayList<>();
        List<DetectedFace> unmatched = new ArrayList<>(faces);
        // Best overlaps first, so that two people side by side keep their own tracks
        record Pair(Track track, DetectedFace face, double iou) {
        }
        List<Pair> pairs = new ArrayList<>();
        for (Track track : open) {
            for (DetectedFace face : faces) {
                double iou = track.last.iou(face);
                if (iou >= SAME_FACE) {
                    pairs.add(new Pair(track, face, iou));
                }
            }
        }
        pairs.sort(Comparator.comparingDouble(Pair::iou).reversed());
        for (Pair pair : pairs) {
            if (!continued.contains(pair.track()) && unmatched.contains(pair.face())) {
                pair.track().seen(at, pair.face(), frame);
                continued.add(pair.track());
                unmatched.remove(pair.face());
            }
        }
        for (Track track : open) {
            if (!continued.contains(track)) {
                done.add(track);
            }
        }
        open.clear();
        open.addAll(continued);
        for (DetectedFace face : unmatched) {
            open.add(new Track(at, face, frame));
        }
    }

    /** All appearances, in order of their start. */
    List<Track> finish() {
        done.addAll(open);
        open.clear();
        done.sort(Comparator.comparingLong((Track track) -> track.startMs));
        return done;
    }
}

package io.notifications.faces;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The JSON shapes of the {@code facial-recognition} processor's results. */
public final class FaceResults {

    private FaceResults() {
    }

    /** A box in pixels, or relative to the picture (0–1). */
    public record Box(double x, double y, double width, double height) {

        static Box of(DetectedFace face) {
            return new Box(round(face.x()), round(face.y()), round(face.width()), round(face.height()));
        }

        static Box relative(DetectedFace face, int width, int height) {
            return new Box(round4(face.x() / width), round4(face.y() / height), round4(face.width() / width),
                    round4(face.height() / height));
        }
    }

    /**
     * Who a face is, when a gallery was chosen: the best-matching known person, or {@code "unknown"} (then
     * {@code personId} is null). The offline models give the {@code distance} to the nearest reference (smaller is
     * closer), Rekognition the {@code similarity} of the best match (0–100), either way whether matched or not.
     */
    public record Person(Long personId, String name, @JsonInclude(JsonInclude.Include.NON_NULL) Double distance,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double similarity) {

        static final String UNKNOWN = "unknown";

        public static Person unknown(Double distance, Double similarity) {
            return new Person(null, UNKNOWN, distance, similarity);
        }
    }

    /** A face in a picture; {@code crop} names its crop under {@code /api/faces/crops/}. */
    public record Face(Box box, Box relativeBox, double score, String crop,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Person person) {
    }

    public record ImageFaces(String mediaType, int width, int height, String model, int faceCount, List<Face> faces) {
    }

    /** One person on screen without a break: the first and last sampled frames they were found in. */
    public record Appearance(long startMs, long endMs, int frames, double bestScore, Box box, Box relativeBox,
                             String crop, @JsonInclude(JsonInclude.Include.NON_NULL) Person person) {
    }

    /** A time-based segment for iconik. */
    public record Segment(long startMs, long endMs, String text, String type) {
    }

    public record VideoFaces(String mediaType, int width, int height, long durationMs, long sampledEveryMs,
                             int framesSampled, String model, int faceCount, List<Appearance> appearances,
                             List<Segment> segments) {
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    public static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}

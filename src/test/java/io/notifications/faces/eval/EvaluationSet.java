package io.notifications.faces.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.faces.DetectedFace;
import io.notifications.faces.RgbImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * The face-detection evaluation set in {@code faces/eval/} on the class path: its pictures, each with its kind and
 * its labelled faces, as {@link EvaluationSetGenerator} wrote them to {@code labels.json}.
 */
public record EvaluationSet(List<Picture> pictures) {

    public static final String DIR = "faces/eval/";

    /** The kinds of picture, in the order they are reported. */
    public static final List<String> KINDS = List.of("original", "rotated", "halved", "grey-jpeg30", "small-face",
            "no-face");

    /** A picture of the set: its file in {@link #DIR}, its kind, and its faces' boxes in pixels. */
    public record Picture(String file, String kind, List<DetectedFace> faces) {

        public InputStream open() throws IOException {
            InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream(DIR + file);
            if (in == null) {
                throw new IOException("not on the class path: " + DIR + file);
            }
            return in;
        }
    }

    public static EvaluationSet load() throws IOException {
        JsonNode labels;
        try (InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream(DIR + "labels.json")) {
            if (in == null) {
                throw new IOException("not on the class path: " + DIR + "labels.json");
            }
            labels = new ObjectMapper().readTree(in);
        }
        List<Picture> pictures = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            List<DetectedFace> faces = new ArrayList<>();
            for (JsonNode box : entry.getValue().get("faces")) {
                faces.add(new DetectedFace(box.get(0).asDouble(), box.get(1).asDouble(), box.get(2).asDouble(),
                        box.get(3).asDouble(), 1));
            }
            pictures.add(new Picture(entry.getKey(), entry.getValue().get("kind").asText(), List.copyOf(faces)));
        }
        return new EvaluationSet(List.copyOf(pictures));
    }

    /** Every picture decoded, in the order of {@link #pictures()}. */
    public List<RgbImage> decodeAll() throws IOException {
        List<RgbImage> images = new ArrayList<>();
        for (Picture picture : pictures) {
            try (InputStream in = picture.open()) {
                images.add(RgbImage.of(ImageIO.read(in)));
            }
        }
        return images;
    }

    public int faceCount() {
        return pictures.stream().mapToInt(picture -> picture.faces().size()).sum();
    }
}

package io.notifications.faces;

import io.notifications.faces.FaceResults.Person;
import io.notifications.faces.model.FaceDetectorModel;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Component;

/** Faces found and recognised in this JVM by face-api's nets, converted to ONNX: no cloud account needed. */
@Component
public class OfflineFaces implements FaceBackend {

    /** The other model's look that confirms a face: its usual input, and a score low enough for faint faces. */
    private static final int CONFIRMING_INPUT = 512;
    private static final double CONFIRMING_SCORE = 0.2;
    private static final double CONFIRMING_IOU = 0.3;

    private final FaceModels models;
    private final FaceRecognizer recognizer;
    private final KnownFaces known;

    public OfflineFaces(FaceModels models, FaceRecognizer recognizer, KnownFaces known) {
        this.models = models;
        this.recognizer = recognizer;
        this.known = known;
    }

    @Override
    public List<DetectedFace> detect(RgbImage picture, FacialRecognitionConfig config) throws Exception {
        FaceDetectorModel detector = models.detector(config.model());
        int inputSize = config.model().equals("tiny") ? config.inputSize() / 32 * 32 : config.inputSize();
        List<DetectedFace> faces = FaceSearch.named(config.search()).search(picture,
                (image, size, score) -> detector.detect(image, size, score, config.maxFaces()), inputSize,
                config.scoreThreshold());
        if (config.confirm()) {
            faces = confirmed(picture, faces, config);
        }
        return faces.stream()
                .filter(face -> Math.min(face.width(), face.height()) >= config.minFaceSize())
                .sorted(Comparator.comparingDouble(DetectedFace::score).reversed())
                .limit(config.maxFaces())
                .toList();
    }

    /**
     * The faces the other model sees too, even faintly. ssd takes a cat for a face where tiny sees nothing at all
     * (measured: docs/benchmarks.md), so agreement keeps the faces and drops the cat.
     */
    private List<DetectedFace> confirmed(RgbImage picture, List<DetectedFace> faces, FacialRecognitionConfig config)
            throws Exception {
        String other = config.model().equals("tiny") ? "ssd" : "tiny";
        List<DetectedFace> seen = models.detector(other).detect(picture, CONFIRMING_INPUT, CONFIRMING_SCORE,
                Math.max(config.maxFaces(), 100));
        return faces.stream().filter(face -> seen.stream().anyMatch(s -> s.iou(face) > CONFIRMING_IOU)).toList();
    }

    /** The nearest reference's person when its descriptor lies within the match threshold. */
    @Override
    public Person identify(RgbImage picture, DetectedFace face, FacialRecognitionConfig config) throws Exception {
        KnownFaces.Nearest nearest = known.nearest(config.gallery(), recognizer.describe(picture, face));
        if (nearest == null) {
            return Person.unknown(null, null);
        }
        double distance = FaceResults.round4(nearest.distance());
        return nearest.distance() <= config.matchThreshold()
                ? new Person(nearest.personId(), nearest.name(), distance, null)
                : Person.unknown(distance, null);
    }
}

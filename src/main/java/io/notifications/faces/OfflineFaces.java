package io.notifications.faces;

import io.notifications.faces.FaceResults.Person;
import io.notifications.faces.model.FaceDetectorModel;
import java.util.List;
import org.springframework.stereotype.Component;

/** Faces found and recognised in this JVM by face-api's nets, converted to ONNX: no cloud account needed. */
@Component
public class OfflineFaces implements FaceBackend {

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
        return detector.detect(picture, inputSize, config.scoreThreshold(), config.maxFaces()).stream()
                .filter(face -> Math.min(face.width(), face.height()) >= config.minFaceSize())
                .toList();
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

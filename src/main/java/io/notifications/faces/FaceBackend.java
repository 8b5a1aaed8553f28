package io.notifications.faces;

import io.notifications.faces.FaceResults.Person;
import java.util.List;

/** What finds faces in a picture and says who they are: the offline nets, or Amazon Rekognition. */
public interface FaceBackend {

    /** The faces in the picture that pass the config's score and size limits, best first, at most maxFaces. */
    List<DetectedFace> detect(RgbImage picture, FacialRecognitionConfig config) throws Exception;

    /** Who the face is, matched against the config's gallery (which is not null). */
    Person identify(RgbImage picture, DetectedFace face, FacialRecognitionConfig config) throws Exception;
}

package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.faces.model.FaceDetectorModel;
import io.notifications.faces.model.SsdMobilenetV1;
import io.notifications.faces.model.TfjsWeights;
import io.notifications.faces.model.TinyFaceDetector;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted graphs find what face-api itself finds: boxes and scores match the reference outputs that
 * {@code faces/face-api-reference.mjs} saved from face-api 1.7.15 (TF.js, CPU backend) on the same pictures.
 */
class FaceModelGoldenTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static FaceDetectorModel tiny;
    private static FaceDetectorModel ssd;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        TfjsWeights.Files packaged = file -> FaceModelGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/models/" + file);
        tiny = new TinyFaceDetector(ENVIRONMENT, TfjsWeights.load(packaged, TinyFaceDetector.WEIGHTS),
                new OrtSession.SessionOptions());
        ssd = new SsdMobilenetV1(ENVIRONMENT, TfjsWeights.load(packaged, SsdMobilenetV1.WEIGHTS),
                new OrtSession.SessionOptions());
        try (InputStream in = FaceModelGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/face-api-reference.json")) {
            reference = new ObjectMapper().readTree(in).get("images");
        }
    }

    @AfterAll
    static void close() throws Exception {
        tiny.close();
        ssd.close();
    }

    @Test
    void tinyFaceDetectorMatchesFaceApi() throws Exception {
        for (String picture : List.of("astronaut.png", "basketball1.png")) {
            assertMatches(tiny.detect(image(picture), 416, 0.5, 100), reference.at("/" + picture + "/tinyFaceDetector"));
        }
    }

    @Test
    void ssdMobilenetV1MatchesFaceApi() throws Exception {
        for (String picture : List.of("astronaut.png", "basketball1.png")) {
            assertMatches(ssd.detect(image(picture), 512, 0.5, 100), reference.at("/" + picture + "/ssdMobilenetv1"));
        }
    }

    private static void assertMatches(List<DetectedFace> faces, JsonNode expected) {
        assertThat(faces).hasSize(expected.size());
        for (int i = 0; i < faces.size(); i++) {
            DetectedFace face = faces.get(i);
            JsonNode want = expected.get(i);
            assertThat(face.x()).isCloseTo(want.get("x").asDouble(), within(0.01));
            assertThat(face.y()).isCloseTo(want.get("y").asDouble(), within(0.01));
            assertThat(face.width()).isCloseTo(want.get("width").asDouble(), within(0.01));
            assertThat(face.height()).isCloseTo(want.get("height").asDouble(), within(0.01));
            assertThat(face.score()).isCloseTo(want.get("score").asDouble(), within(1e-4));
        }
    }

    private static RgbImage image(String picture) throws Exception {
        return RgbImage.of(ImageIO.read(new ByteArrayInputStream(FacialRecognitionTest.media(picture))));
    }
}

package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.faces.model.FaceLandmarks68;
import io.notifications.faces.model.TfjsWeights;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The converted landmark net places the 68 points where face-api itself does: they match the positions that
 * {@code faces/landmarks-reference.mjs} saved from face-api 1.7.15 (TF.js, CPU backend) for the same face crop.
 */
class FaceLandmarksGoldenTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();

    @Test
    void landmarksMatchFaceApi() throws Exception {
        JsonNode reference;
        try (InputStream in = FaceLandmarksGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/landmarks-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
        JsonNode crop = reference.get("crop");
        RgbImage image = RgbImage.of(ImageIO.read(new ByteArrayInputStream(FacialRecognitionTest.media("astronaut.png"))));
        RgbImage face = RgbImage.of(image.crop(crop.get("x").asInt(), crop.get("y").asInt(),
                crop.get("width").asInt(), crop.get("height").asInt()));
        TfjsWeights.Files packaged = file -> FaceLandmarksGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/models/" + file);

        double[][] points;
        try (FaceLandmarks68 net = new FaceLandmarks68(ENVIRONMENT, TfjsWeights.load(packaged, FaceLandmarks68.WEIGHTS),
                new OrtSession.SessionOptions())) {
            points = net.landmarks(face);
        }

        JsonNode expected = reference.get("positions");
        assertThat(expected.size()).isEqualTo(68);
        assertThat(points.length).isEqualTo(68);
        for (int i = 0; i < points.length; i++) {
            assertThat(points[i][0]).as("x of point %d", i).isCloseTo(expected.get(i).get(0).asDouble(), within(0.05));
            assertThat(points[i][1]).as("y of point %d", i).isCloseTo(expected.get(i).get(1).asDouble(), within(0.05));
        }
    }
}

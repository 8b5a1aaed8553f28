package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.faces.model.FaceDescriptorNet;
import io.notifications.faces.model.TfjsWeights;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converted face recognition net describes faces as face-api does: the descriptors of two face crops match
 * what {@code faces/descriptor-reference.mjs} saved from face-api 1.7.15 (TF.js, CPU backend) for the same crops.
 */
class FaceDescriptorGoldenTest {

    private static final OrtEnvironment ENVIRONMENT = OrtEnvironment.getEnvironment();
    private static FaceDescriptorNet net;
    private static JsonNode reference;

    @BeforeAll
    static void load() throws Exception {
        TfjsWeights.Files packaged = file -> FaceDescriptorGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/models/" + file);
        net = new FaceDescriptorNet(ENVIRONMENT, TfjsWeights.load(packaged, FaceDescriptorNet.WEIGHTS),
                new OrtSession.SessionOptions());
        try (InputStream in = FaceDescriptorGoldenTest.class.getClassLoader()
                .getResourceAsStream("faces/descriptor-reference.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() throws Exception {
        net.close();
    }

    @Test
    void descriptorsAndTheirDistanceMatchFaceApi() throws Exception {
        JsonNode faces = reference.get("faces");
        assertThat(faces).hasSize(2);
        float[][] descriptors = new float[faces.size()][];
        for (int f = 0; f < faces.size(); f++) {
            JsonNode face = faces.get(f);
            descriptors[f] = net.descriptor(crop(face));
            JsonNode expected = face.get("descriptor");
            assertThat(descriptors[f]).hasSize(128);
            assertThat(expected).hasSize(128);
            for (int i = 0; i < 128; i++) {
                assertThat((double) descriptors[f][i]).as("%s component %d", face.get("picture").asText(), i)
                        .isCloseTo(expected.get(i).asDouble(), within(1e-4));
            }
        }
        double sum = 0;
        for (int i = 0; i < 128; i++) {
            double d = descriptors[0][i] - descriptors[1][i];
            sum += d * d;
        }
        assertThat(Math.sqrt(sum)).isCloseTo(reference.get("distance").asDouble(), within(1e-4));
    }

    private static RgbImage crop(JsonNode face) throws Exception {
        RgbImage picture = RgbImage.of(ImageIO.read(new ByteArrayInputStream(
                FacialRecognitionTest.media(face.get("picture").asText()))));
        return RgbImage.of(picture.crop(face.get("x").asInt(), face.get("y").asInt(), face.get("width").asInt(),
                face.get("height").asInt()));
    }
}

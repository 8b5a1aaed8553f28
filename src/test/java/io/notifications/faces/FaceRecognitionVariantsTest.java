package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.faces.eval.EvaluationSet;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Recognition under the evaluation set's variants (issue 19): a person enrolled from one photo is recognised in its
 * rotated, halved and grey-JPEG-30 copies, and a stranger stays unknown. The distances over the whole set are
 * printed by {@code io.notifications.benchmark.FaceRecognitionEvaluation}.
 */
@ServiceTest
class FaceRecognitionVariantsTest {

    /** This test's own gallery: no other test enrols these people, or matches against them. */
    private static final String GALLERY = "recognition-variants";
    private static final double THRESHOLD = FacialRecognitionConfig.DEFAULT_MATCH_THRESHOLD;
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void aPersonEnrolledFromOnePhotoIsRecognisedInItsCopiesAndAStrangerStaysUnknown() throws Exception {
        long astronaut = enrol("Eileen Collins", "astronaut.jpg");
        long cameraman = enrol("The Cameraman", "camera.jpg");

        // The default detector: tiny at 512
        long bucket = scan("recognition-variants", Map.of(), List.of(
                "astronaut-rotated+10.jpg", "astronaut-halved.jpg", "astronaut-grey-jpeg30.jpg",
                "camera-rotated-10.jpg", "camera-grey-jpeg30.jpg",
                // Strangers, nobody enrolled them: four women, and the boy of basketball1 (its man in profile is
                // found by neither detector)
                "faceapi-sample4.jpg", "basketball1.jpg"));
        assertRecognised(bucket, "astronaut-rotated+10.jpg", "Eileen Collins", astronaut);
        assertRecognised(bucket, "astronaut-halved.jpg", "Eileen Collins", astronaut);
        assertRecognised(bucket, "astronaut-grey-jpeg30.jpg", "Eileen Collins", astronaut);
        assertRecognised(bucket, "camera-rotated-10.jpg", "The Cameraman", cameraman);
        assertRecognised(bucket, "camera-grey-jpeg30.jpg", "The Cameraman", cameraman);
        assertStrangers(bucket, "faceapi-sample4.jpg");
        assertStrangers(bucket, "basketball1.jpg");

        // The halved cameraman's face is 34 px wide: tiny at 512 scores it 0.42, under the 0.5 it keeps, so there
        // is no face to recognise (a detection miss, measured by FaceEvaluation). Tiny at 608 finds it, but misses
        // the rotated cameraman, hence a bucket of its own. Described from 608's box it is 0.30 from him.
        long largerInput = scan("recognition-variants-608", Map.of("inputSize", 608), List.of("camera-halved.jpg"));
        assertRecognised(largerInput, "camera-halved.jpg", "The Cameraman", cameraman);
    }

    /** Adds a person to this test's gallery, enrolled from one picture of the evaluation set. */
    private long enrol(String name, String picture) throws IOException {
        var created = api.post("/api/faces/persons", Map.of("name", name, "gallery", GALLERY));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long person = created.json().get("id").asLong();
        var added = api.post("/api/faces/persons/" + person + "/images",
                Map.of("image", Base64.getEncoder().encodeToString(evaluationPicture(picture))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        return person;
    }

    /** Puts the pictures in a new bucket recognising against this test's gallery and waits until all are done. */
    private long scan(String name, Map<String, Object> processorConfig, List<String> pictures) throws IOException {
        store.createBucket(name);
        for (String picture : pictures) {
            store.put(name, picture, evaluationPicture(picture));
        }
        Map<String, Object> config = new HashMap<>(processorConfig);
        config.put("gallery", GALLERY);
        Map<String, Object> settings = store.bucketSettings("DATACORE", name, "facial-recognition");
        settings.put("processorConfig", config);
        long bucket = api.createBucket(settings).get("id").asLong();
        await().atMost(PATIENCE).until(() ->
                api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == pictures.size());
        return bucket;
    }

    private void assertRecognised(long bucket, String picture, String name, long person) {
        JsonNode result = api.item(bucket, picture).get("result");
        assertThat(result.get("faceCount").asInt()).as(picture + ": " + result).isOne();
        JsonNode match = result.at("/faces/0/person");
        assertThat(match.get("name").asText()).as(picture + ": " + match).isEqualTo(name);
        assertThat(match.get("personId").asLong()).as(picture + ": " + match).isEqualTo(person);
        assertThat(match.get("distance").asDouble()).as(picture + ": " + match).isLessThan(THRESHOLD);
    }

    /** Every face of the picture is unknown: farther than the threshold from everyone enrolled. */
    private void assertStrangers(long bucket, String picture) {
        JsonNode result = api.item(bucket, picture).get("result");
        assertThat(result.get("faceCount").asInt()).as(picture + ": " + result).isPositive();
        for (JsonNode face : result.get("faces")) {
            JsonNode match = face.get("person");
            assertThat(match.get("name").asText()).as(picture + ": " + match).isEqualTo("unknown");
            assertThat(match.path("personId").isNull()).as(picture + ": " + match).isTrue();
            assertThat(match.get("distance").asDouble()).as(picture + ": " + match).isGreaterThan(THRESHOLD);
        }
    }

    private static byte[] evaluationPicture(String file) throws IOException {
        try (InputStream in = EvaluationSet.class.getClassLoader().getResourceAsStream(EvaluationSet.DIR + file)) {
            if (in == null) {
                throw new IOException("not on the class path: " + EvaluationSet.DIR + file);
            }
            return in.readAllBytes();
        }
    }
}

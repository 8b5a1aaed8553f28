package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The Amazon Rekognition backend of facial-recognition, against Rekognition's JSON API served over HTTP by
 * {@link FakeRekognition}: faces are found in pictures and video, the gallery's collection follows the gallery
 * and names faces, and refused credentials fail attempts with Rekognition's reason and lose nothing.
 */
@ServiceTest
// The context's sync route calls the fake, which stops with this class
@DirtiesContext
class RekognitionFacesTest {

    private static final String ACCESS_KEY = "AKIATESTREKOGNITION";
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final FakeRekognition rekognition;

    static {
        try {
            rekognition = new FakeRekognition(ACCESS_KEY);
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void rekognition(DynamicPropertyRegistry registry) {
        registry.add("notifications.faces.rekognition.enabled", () -> "true");
        registry.add("notifications.faces.rekognition.endpoint", rekognition::endpoint);
        registry.add("notifications.faces.rekognition.access-key", () -> ACCESS_KEY);
        registry.add("notifications.faces.rekognition.secret-key", () -> "test-secret");
        registry.add("notifications.faces.rekognition.sync-interval", () -> "1s");
    }

    @AfterAll
    static void stop() throws Exception {
        rekognition.close();
    }

    @Autowired
    Api api;
    @Autowired
    Store store;

    @Test
    void rekognitionFindsFacesInPicturesAndVideoFrames() throws Exception {
        store.createBucket("rk-media");
        for (String file : new String[] {"astronaut.png", "camera.png", "chelsea.png", "Megamind.avi"}) {
            store.put("rk-media", file, FacialRecognitionTest.media(file));
        }
        long bucket = bucket("rk-media", Map.of("model", "rekognition"));
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 4);

        JsonNode astronaut = result(bucket, "astronaut.png");
        assertThat(astronaut.get("model").asText()).isEqualTo("rekognition");
        assertThat(astronaut.get("faceCount").asInt()).isOne();
        // Rekognition's fractions of the picture, turned into pixels: her face is centred near (222, 125)
        JsonNode box = astronaut.at("/faces/0/box");
        assertThat(box.get("x").asDouble() + box.get("width").asDouble() / 2).isBetween(207.0, 237.0);
        assertThat(box.get("y").asDouble() + box.get("height").asDouble() / 2).isBetween(110.0, 140.0);
        assertThat(astronaut.at("/faces/0/score").asDouble()).isBetween(0.5, 1.0);
        assertThat(api.get("/api/faces/crops/" + astronaut.at("/faces/0/crop").asText()).status()).isEqualTo(200);
        assertThat(result(bucket, "camera.png").get("faceCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(result(bucket, "chelsea.png").get("faceCount").asInt()).isZero();

        JsonNode video = result(bucket, "Megamind.avi");
        assertThat(video.get("mediaType").asText()).isEqualTo("video");
        assertThat(video.get("faceCount").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(video.at("/segments/0/type").asText()).isEqualTo("PERSON");
        // One DetectFaces per picture and per sampled frame
        assertThat(rekognition.calls("DetectFaces")).isGreaterThanOrEqualTo(3 + video.get("framesSampled").asInt());
    }

    @Test
    void theGallerysCollectionFollowsTheGalleryAndNamesFaces() throws Exception {
        String collection = "notifications-rk-crew";
        long person = api.post("/api/faces/persons", Map.of("name", "Eileen Collins", "gallery", "rk-crew"))
                .json().get("id").asLong();
        var added = api.post("/api/faces/persons/" + person + "/images",
                picture(FacialRecognitionTest.media("astronaut.png")));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        long reference = added.json().get("id").asLong();
        String externalId = "person-" + person + ".reference-" + reference;
        // Synced as the API call commits, not only at the next interval
        assertThat(rekognition.externalIds(collection)).containsExactly(externalId);

        store.createBucket("rk-gallery");
        store.put("rk-gallery", "collins-again.jpg",
                FaceGalleryTest.transformed(FacialRecognitionTest.media("astronaut.png")));
        store.put("rk-gallery", "cameraman.png", FacialRecognitionTest.media("camera.png"));
        long bucket = bucket("rk-gallery", Map.of("model", "rekognition", "gallery", "rk-crew"));
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 2);

        JsonNode collins = result(bucket, "collins-again.jpg").at("/faces/0/person");
        assertThat(collins.get("name").asText()).isEqualTo("Eileen Collins");
        assertThat(collins.get("personId").asLong()).isEqualTo(person);
        assertThat(collins.get("similarity").asDouble()).isGreaterThanOrEqualTo(80);
        assertThat(collins.has("distance")).isFalse();
        JsonNode cameraman = result(bucket, "cameraman.png").at("/faces/0/person");
        assertThat(cameraman.get("name").asText()).isEqualTo("unknown");
        assertThat(cameraman.get("personId").isNull()).isTrue();
        assertThat(cameraman.get("similarity").asDouble()).isLessThan(80);

        // The collection is deleted by hand, and a stranger's face slipped in a copy: the sync rebuilds it
        rekognition.dropCollection(collection);
        await().atMost(PATIENCE).until(() -> rekognition.externalIds(collection) != null);
        rekognition.addStrayFace(collection, "someone-else");
        await().atMost(PATIENCE).until(() -> List.of(externalId).equals(rekognition.externalIds(collection)));

        assertThat(api.delete("/api/faces/persons/" + person).status()).isEqualTo(204);
        assertThat(rekognition.externalIds(collection)).isEmpty();
    }

    @Test
    void refusedCredentialsFailAttemptsWithRekognitionsReasonAndLoseNothing() throws Exception {
        store.createBucket("rk-refused");
        store.put("rk-refused", "astronaut.png", FacialRecognitionTest.media("astronaut.png"));
        rekognition.acceptAccessKey("AKIAROTATEDKEY");
        try {
            long bucket = bucket("rk-refused", Map.of("model", "rekognition"));
            await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket).get("total").asInt() == 1);
            // Another attempt with the same credentials cannot succeed: FAILED at once, with Rekognition's reason
            await().atMost(PATIENCE).until(() -> astronaut(bucket).get("status").asText().equals("FAILED"));
            assertThat(astronaut(bucket).get("attempts").asInt()).isOne();
            assertThat(astronaut(bucket).get("lastError").asText()).contains("DetectFaces")
                    .contains("UnrecognizedClientException").contains("security token").doesNotContain("test-secret");

            rekognition.acceptAccessKey(ACCESS_KEY);
            long id = astronaut(bucket).get("id").asLong();
            assertThat(api.post("/api/items/" + id + "/retry", Map.of()).status()).isEqualTo(202);
            await().atMost(PATIENCE).until(() -> astronaut(bucket).get("status").asText().equals("DONE"));
            assertThat(astronaut(bucket).at("/result/faceCount").asInt()).isOne();
        } finally {
            rekognition.acceptAccessKey(ACCESS_KEY);
        }
    }

    private JsonNode astronaut(long bucket) {
        return api.item(bucket, "astronaut.png");
    }

    private long bucket(String name, Map<String, Object> config) {
        return FacialRecognitionTest.faceBucket(api, store, name, config);
    }

    private JsonNode result(long bucket, String key) {
        return api.item(bucket, key).get("result");
    }

    private static Map<String, String> picture(byte[] bytes) {
        return Map.of("image", Base64.getEncoder().encodeToString(bytes));
    }
}

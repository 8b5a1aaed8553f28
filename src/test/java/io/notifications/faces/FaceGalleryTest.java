package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The gallery of known people: a person enrolled from one photo is recognised in a transformed copy of it, and
 * a different person is not matched.
 */
@ServiceTest
class FaceGalleryTest {

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aPersonEnrolledFromOnePhotoIsRecognisedInAnotherAndOthersAreUnknown() throws Exception {
        var created = api.post("/api/faces/persons", Map.of("name", "Eileen Collins", "gallery", "crew"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long person = created.json().get("id").asLong();
        var added = api.post("/api/faces/persons/" + person + "/images",
                picture(FacialRecognitionTest.media("astronaut.png")));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(api.get("/api/faces/crops/" + added.json().get("crop").asText()).status()).isEqualTo(200);
        assertThat(api.get("/api/faces/persons/" + person).json().get("images").asInt()).isOne();

        store.createBucket("faces-gallery");
        // Another photo of her: turned, mirrored, smaller and brighter, and saved as JPEG
        store.put("faces-gallery", "collins-again.jpg", transformed(FacialRecognitionTest.media("astronaut.png")));
        store.put("faces-gallery", "cameraman.png", FacialRecognitionTest.media("camera.png"));
        Map<String, Object> settings = store.bucketSettings("DATACORE", "faces-gallery", "facial-recognition");
        settings.put("processorConfig", Map.of("gallery", "crew"));
        long bucket = api.createBucket(settings).get("id").asLong();
        await().atMost(Duration.ofSeconds(60)).until(() ->
                api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 2);

        JsonNode again = face(bucket, "collins-again.jpg");
        assertThat(again.at("/person/name").asText()).isEqualTo("Eileen Collins");
        assertThat(again.at("/person/personId").asLong()).isEqualTo(person);
        assertThat(again.at("/person/distance").asDouble()).isLessThan(0.5);
        JsonNode other = face(bucket, "cameraman.png");
        assertThat(other.at("/person/name").asText()).isEqualTo("unknown");
        assertThat(other.at("/person/personId").isNull()).isTrue();
        assertThat(other.at("/person/distance").asDouble()).isGreaterThan(0.5);
    }

    @Test
    void aPersonsReferenceFacesAreServedPrivatelyAndDeletedWithThePerson() throws Exception {
        long person = api.post("/api/faces/persons", Map.of("name", "Crop Owner", "gallery", "crops")).json()
                .get("id").asLong();
        // A picture no other test enrols, so that no other person holds the same crops
        var added = api.post("/api/faces/persons/" + person + "/images",
                picture(FacialRecognitionTest.mirrored(FacialRecognitionTest.media("astronaut.png"))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        String crop = added.json().get("crop").asText();
        Api.Response served = api.get("/api/faces/crops/" + crop);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        // The face, and the face in its surroundings for face services
        assertThat(cropRows(person)).isEqualTo(2);

        assertThat(api.delete("/api/faces/persons/" + person).status()).isEqualTo(204);
        assertThat(cropRows(person)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from face_crop where name = ?", Integer.class, crop))
                .isZero();
        assertThat(api.get("/api/faces/crops/" + crop).status()).isEqualTo(404);
    }

    @Test
    void theGalleryApiRefusesWhatItCannotUse() throws Exception {
        long person = api.post("/api/faces/persons", Map.of("name", "Somebody")).json().get("id").asLong();
        assertThat(api.get("/api/faces/persons/" + person).json().get("gallery").asText()).isEqualTo("default");
        assertThat(api.post("/api/faces/persons", Map.of("name", "Somebody")).status()).isEqualTo(409);
        assertThat(api.post("/api/faces/persons", Map.of("name", "")).status()).isEqualTo(400);
        assertThat(api.post("/api/faces/persons", Map.of("name", "x", "gallery", "../etc")).status()).isEqualTo(400);

        String images = "/api/faces/persons/" + person + "/images";
        var cat = api.post(images, picture(FacialRecognitionTest.media("chelsea.png")));
        assertThat(cat.status()).isEqualTo(400);
        assertThat(cat.body()).contains("no face");
        var notAPicture = api.post(images, picture("hello".getBytes()));
        assertThat(notAPicture.status()).isEqualTo(400);
        assertThat(notAPicture.body()).contains("image");
        assertThat(api.post(images, Map.of("image", "not base64 !!")).status()).isEqualTo(400);
        assertThat(api.post(images, Map.of()).status()).isEqualTo(400);
        assertThat(api.post("/api/faces/persons/999999/images",
                picture(FacialRecognitionTest.media("astronaut.png"))).status()).isEqualTo(404);
        assertThat(api.get(images).json()).isEmpty();

        assertThat(api.delete("/api/faces/persons/" + person).status()).isEqualTo(204);
        assertThat(api.get("/api/faces/persons/" + person).status()).isEqualTo(404);
    }

    private static Map<String, String> picture(byte[] bytes) {
        return Map.of("image", java.util.Base64.getEncoder().encodeToString(bytes));
    }

    private int cropRows(long person) {
        return jdbc.queryForObject("select count(*) from face_crop where person_id = ?", Integer.class, person);
    }

    private JsonNode face(long bucket, String key) {
        return api.item(bucket, key).at("/result/faces/0");
    }

    static byte[] transformed(byte[] png) throws Exception {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(png));
        int w = (int) (source.getWidth() * 0.8);
        int h = (int) (source.getHeight() * 0.8);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = out.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.setColor(Color.GRAY);
        graphics.fillRect(0, 0, w, h);
        AffineTransform turn = AffineTransform.getRotateInstance(Math.toRadians(-8), w / 2.0, h / 2.0);
        turn.translate(w, 0);
        turn.scale(-0.8, 0.8);
        graphics.drawImage(source, turn, null);
        graphics.dispose();
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(new java.awt.image.RescaleOp(1.1f, 0, null).filter(out, null), "jpg", jpeg);
        return jpeg.toByteArray();
    }
}

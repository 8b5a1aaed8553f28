package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.notifications.support.Api;
import io.notifications.support.ServiceTest;
import io.notifications.support.Store;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The facial-recognition processor on the sample media, through a bucket on the embedded S3 server: faces are
 * found in people's pictures and in video frames, not in the others, and bad media fails with a clear error.
 */
@ServiceTest
class FacialRecognitionTest {

    private static final Duration PATIENCE = Duration.ofSeconds(120);

    @Autowired
    Api api;
    @Autowired
    Store store;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void facesAreFoundInPeoplesPicturesAndNotInOthersWithBoxesScoresAndCrops() throws Exception {
        store.createBucket("faces-pictures");
        for (String file : new String[] {"astronaut.png", "camera.png", "basketball1.png", "chelsea.png", "coffee.png",
                "rocket.jpg"}) {
            store.put("faces-pictures", file, media(file));
        }
        long bucket = bucket("faces-pictures", Map.of());
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 6);

        for (String file : new String[] {"astronaut.png", "camera.png", "basketball1.png"}) {
            JsonNode result = result(bucket, file);
            assertThat(result.get("faceCount").asInt()).as(file).isGreaterThanOrEqualTo(1);
            JsonNode face = result.at("/faces/0");
            assertThat(face.get("score").asDouble()).isGreaterThan(0.5);
            assertThat(face.at("/box/width").asDouble()).isGreaterThan(20);
            assertThat(face.at("/relativeBox/x").asDouble()).isBetween(0.0, 1.0);
            BufferedImage crop = ImageIO.read(new ByteArrayInputStream(
                    api.bytes("/api/faces/crops/" + face.get("crop").asText())));
            assertThat(Math.max(crop.getWidth(), crop.getHeight())).isBetween(20, 160);
        }
        // The astronaut's face is where it is: centred near (222, 125)
        JsonNode astronaut = result(bucket, "astronaut.png").at("/faces/0/box");
        assertThat(astronaut.get("x").asDouble() + astronaut.get("width").asDouble() / 2).isBetween(207.0, 237.0);
        assertThat(astronaut.get("y").asDouble() + astronaut.get("height").asDouble() / 2).isBetween(110.0, 140.0);
        for (String file : new String[] {"chelsea.png", "coffee.png", "rocket.jpg"}) {
            assertThat(result(bucket, file).get("faceCount").asInt()).as(file).isZero();
        }
        assertThat(api.get("/api/faces/crops/" + "0".repeat(64) + ".jpg").status()).isEqualTo(404);
        // Refused by the web server itself (encoded slashes) or by the name check; never served
        assertThat(api.get("/api/faces/crops/..%2F..%2Fetc%2Fpasswd").status()).isIn(400, 404);
        assertThat(api.get("/api/faces/crops/..").status()).isIn(400, 404);
    }

    @Test
    void cropsAreServedPrivatelyStoredOncePerItemAndDeletedWithTheirBucket() throws Exception {
        store.createBucket("faces-deleted");
        // A picture of this test's own, so that no other test's item holds the same crop
        store.put("faces-deleted", "astronaut-mirrored.png", mirrored(media("astronaut.png")));
        long bucket = bucket("faces-deleted", Map.of());
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 1);
        JsonNode item = api.item(bucket, "astronaut-mirrored.png");
        long itemId = item.get("id").asLong();
        String crop = item.at("/result/faces/0/crop").asText();
        assertThat(item.at("/result/faceCount").asInt()).isOne();

        Api.Response served = api.get("/api/faces/crops/" + crop);
        assertThat(served.status()).isEqualTo(200);
        assertThat(served.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(served.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("image/jpeg"));
        byte[] jpeg = api.bytes("/api/faces/crops/" + crop);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(jpeg)) + ".jpg")
                .isEqualTo(crop);
        // Any key may see it, READ included; none may not
        Api.Response read = api.withKey("test-read-key").get("/api/faces/crops/" + crop);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.headers().firstValue("Cache-Control")).hasValue("private, no-store");
        assertThat(api.withKey(null).get("/api/faces/crops/" + crop).status()).isEqualTo(401);
        assertThat(cropRows(itemId)).isOne();

        // Processed again, the item stores the same crop again: still one row
        String finished = item.get("finishedAt").asText();
        assertThat(api.post("/api/items/" + itemId + "/retry", Map.of()).status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> {
            JsonNode again = api.get("/api/items/" + itemId).json();
            return again.get("status").asText().equals("DONE") && !again.get("finishedAt").asText().equals(finished);
        });
        assertThat(api.get("/api/items/" + itemId).json().at("/result/faces/0/crop").asText()).isEqualTo(crop);
        assertThat(cropRows(itemId)).isOne();

        assertThat(api.delete("/api/buckets/" + bucket).status()).isEqualTo(204);
        assertThat(cropRows(itemId)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from face_crop where name = ?", Integer.class, crop))
                .isZero();
        assertThat(api.get("/api/faces/crops/" + crop).status()).isEqualTo(404);
    }

    @Test
    void aRunOfNewContentLeavesOnlyTheCropsItsResultNames() throws Exception {
        store.createBucket("faces-rerun");
        store.put("faces-rerun", "portrait.png", media("astronaut.png"));
        long bucket = bucket("faces-rerun", Map.of());
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 1);
        JsonNode first = api.item(bucket, "portrait.png");
        long itemId = first.get("id").asLong();
        String firstCrop = first.at("/result/faces/0/crop").asText();
        assertThat(cropNames(itemId)).containsExactly(firstCrop);

        // The object's content changes to another person's picture: the item runs again, with other crops
        store.put("faces-rerun", "portrait.png", media("camera.png"));
        assertThat(api.post("/api/buckets/" + bucket + "/scan", Map.of()).status()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> {
            JsonNode again = api.get("/api/items/" + itemId).json();
            return again.get("status").asText().equals("DONE")
                    && !again.get("finishedAt").asText().equals(first.get("finishedAt").asText());
        });
        JsonNode result = api.get("/api/items/" + itemId).json().get("result");
        List<String> named = result.get("faces").findValuesAsText("crop");
        assertThat(named).isNotEmpty().doesNotContain(firstCrop);
        assertThat(cropNames(itemId)).containsExactlyInAnyOrderElementsOf(Set.copyOf(named));
        assertThat(api.get("/api/faces/crops/" + named.get(0)).status()).isEqualTo(200);
    }

    @Test
    void aFaceIsFoundInFramesOfAVideoAndBecomesATimedAppearance() throws Exception {
        store.createBucket("faces-video");
        store.put("faces-video", "Megamind.avi", media("Megamind.avi"));
        long bucket = bucket("faces-video", Map.of("model", "ssd", "frameInterval", 0.5));
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + bucket + "&status=DONE").get("total").asInt() == 1);

        JsonNode result = result(bucket, "Megamind.avi");
        assertThat(result.get("mediaType").asText()).isEqualTo("video");
        assertThat(result.get("framesSampled").asInt()).isGreaterThan(1);
        assertThat(result.get("faceCount").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode appearance = result.at("/appearances/0");
        assertThat(appearance.get("endMs").asLong()).isGreaterThan(appearance.get("startMs").asLong());
        assertThat(appearance.get("endMs").asLong()).isLessThanOrEqualTo(result.get("durationMs").asLong());
        assertThat(result.at("/segments/0/type").asText()).isEqualTo("PERSON");
        assertThat(result.at("/segments/0/startMs").asLong()).isEqualTo(appearance.get("startMs").asLong());
    }

    @Test
    void badMediaFailsWithAClearErrorAndIsNotRetried() throws Exception {
        store.createBucket("faces-bad");
        byte[] png = media("coffee.png");
        store.put("faces-bad", "empty.jpg", new byte[0]);
        store.put("faces-bad", "truncated.png", Arrays.copyOf(png, 200));
        store.put("faces-bad", "bomb.png", decompressionBomb());
        store.put("faces-bad", "notes.txt", "not a picture at all");
        store.put("faces-bad", "garbage.mp4", "\u0000\u0000\u0000\u0018ftypmp42 and then nothing that decodes");
        long bucket = bucket("faces-bad", Map.of());
        await().atMost(PATIENCE).until(() ->
                api.items("bucket=" + bucket + "&status=FAILED").get("total").asInt() == 5);

        assertThat(error(bucket, "empty.jpg")).contains("empty");
        assertThat(error(bucket, "truncated.png")).contains("could not be decoded");
        assertThat(error(bucket, "bomb.png")).contains("over the limit").contains("100000×100000");
        assertThat(error(bucket, "notes.txt")).contains("neither a picture nor a video");
        assertThat(error(bucket, "garbage.mp4")).contains("could not be decoded");
        for (String key : new String[] {"empty.jpg", "truncated.png", "bomb.png", "notes.txt", "garbage.mp4"}) {
            assertThat(api.item(bucket, key).get("attempts").asInt()).as(key).isOne();
        }
    }

    @Test
    void theDefaultSearchLooksAgainAtWeakCandidatesAndFindsASmallFaceOnePassMisses() throws Exception {
        // A 54 × 64 px face pasted into a 1024 × 768 scene: at tiny's 512 input it is too faint for one pass
        byte[] scene = evaluationPicture("small-faces-1-rocket.jpg");
        store.createBucket("faces-search-default");
        store.put("faces-search-default", "scene.jpg", scene);
        store.createBucket("faces-search-single");
        store.put("faces-search-single", "scene.jpg", scene);
        long byDefault = bucket("faces-search-default", Map.of());
        long single = bucket("faces-search-single", Map.of("search", "single"));
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + byDefault + "&status=DONE").get("total").asInt()
                + api.items("bucket=" + single + "&status=DONE").get("total").asInt() == 2);

        assertThat(facesCentredNear(result(byDefault, "scene.jpg"), 306, 191)).isOne();
        assertThat(facesCentredNear(result(single, "scene.jpg"), 306, 191)).isZero();
    }

    @Test
    void confirmingWithTheOtherModelDropsTheCatSsdTakesForAFaceAndKeepsThePeople() throws Exception {
        store.createBucket("faces-ssd");
        store.createBucket("faces-ssd-confirmed");
        for (String file : new String[] {"chelsea.png", "astronaut.png"}) {
            store.put("faces-ssd", file, media(file));
            store.put("faces-ssd-confirmed", file, media(file));
        }
        long ssd = bucket("faces-ssd", Map.of("model", "ssd"));
        long confirmed = bucket("faces-ssd-confirmed", Map.of("model", "ssd", "confirm", true));
        await().atMost(PATIENCE).until(() -> api.items("bucket=" + ssd + "&status=DONE").get("total").asInt()
                + api.items("bucket=" + confirmed + "&status=DONE").get("total").asInt() == 4);

        assertThat(result(ssd, "chelsea.png").get("faceCount").asInt()).isOne();
        assertThat(result(confirmed, "chelsea.png").get("faceCount").asInt()).isZero();
        assertThat(facesCentredNear(result(confirmed, "astronaut.png"), 222, 125)).isOne();
    }

    @Test
    void anUnknownModelOrSearchIsRefusedWhenTheBucketIsSaved() {
        store.createBucket("faces-config");
        Map<String, Object> settings = store.bucketSettings("DATACORE", "faces-config", "facial-recognition");
        settings.put("processorConfig", Map.of("model", "haar"));
        Api.Response refused = api.post("/api/buckets", settings);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("processorConfig.model");

        settings.put("processorConfig", Map.of("search", "everywhere"));
        Api.Response unknownSearch = api.post("/api/buckets", settings);
        assertThat(unknownSearch.status()).isEqualTo(400);
        assertThat(unknownSearch.body()).contains("processorConfig.search").contains("single, zoom, flip or tiles");

        // Rekognition is a model only where it is set up
        settings.put("processorConfig", Map.of("model", "rekognition"));
        Api.Response notEnabled = api.post("/api/buckets", settings);
        assertThat(notEnabled.status()).isEqualTo(400);
        assertThat(notEnabled.body()).contains("processorConfig.model")
                .contains("notifications.faces.rekognition.enabled");
    }

    /** A facial-recognition bucket over an S3 bucket already filled: its first scan finds everything. */
    private long bucket(String name, Map<String, Object> config) {
        return faceBucket(api, store, name, config);
    }

    /** A facial-recognition bucket with this config over an S3 bucket of the embedded store; returns its id. */
    static long faceBucket(Api api, Store store, String name, Map<String, Object> config) {
        Map<String, Object> settings = store.bucketSettings("DATACORE", name, "facial-recognition");
        settings.put("processorConfig", config);
        return api.createBucket(settings).get("id").asLong();
    }

    private List<String> cropNames(long itemId) {
        return jdbc.queryForList("select name from face_crop where item_id = ?", String.class, itemId);
    }

    private int cropRows(long itemId) {
        return jdbc.queryForObject("select count(*) from face_crop where item_id = ?", Integer.class, itemId);
    }

    private JsonNode result(long bucket, String key) {
        return api.item(bucket, key).get("result");
    }

    private String error(long bucket, String key) {
        return api.item(bucket, key).get("lastError").asText();
    }

    /** How many of the result's faces have their centre within 15 px of (x, y). */
    private static long facesCentredNear(JsonNode result, double x, double y) {
        long near = 0;
        for (JsonNode face : result.get("faces")) {
            JsonNode box = face.get("box");
            double centreX = box.get("x").asDouble() + box.get("width").asDouble() / 2;
            double centreY = box.get("y").asDouble() + box.get("height").asDouble() / 2;
            near += Math.abs(centreX - x) <= 15 && Math.abs(centreY - y) <= 15 ? 1 : 0;
        }
        return near;
    }

    /** A picture of the face evaluation set (src/test/resources/faces/eval). */
    static byte[] evaluationPicture(String file) throws IOException {
        try (var in = FacialRecognitionTest.class.getClassLoader().getResourceAsStream("faces/eval/" + file)) {
            return in.readAllBytes();
        }
    }

    /** The sample media, as packaged for the demo. */
    static byte[] media(String file) throws IOException {
        try (var in = FacialRecognitionTest.class.getClassLoader().getResourceAsStream("demo-media/" + file)) {
            return in.readAllBytes();
        }
    }

    /** The picture mirrored left to right, as a PNG: the same face, in crops of other bytes. */
    static byte[] mirrored(byte[] picture) throws IOException {
        BufferedImage source = ImageIO.read(new ByteArrayInputStream(picture));
        BufferedImage mirrored = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < source.getHeight(); y++) {
            for (int x = 0; x < source.getWidth(); x++) {
                mirrored.setRGB(source.getWidth() - 1 - x, y, source.getRGB(x, y));
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(mirrored, "png", png);
        return png.toByteArray();
    }

    /** A tiny PNG whose header claims 100,000 × 100,000 pixels: ten billion, if anyone decoded it. */
    private static byte[] decompressionBomb() throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteBuffer header = ByteBuffer.allocate(13).putInt(100_000).putInt(100_000)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
        chunk(png, "IHDR", header.array());
        chunk(png, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) throws IOException {
        png.write(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        png.write(typeBytes);
        png.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}

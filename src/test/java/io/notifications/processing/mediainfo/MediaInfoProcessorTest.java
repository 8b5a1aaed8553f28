package io.notifications.processing.mediainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import io.notifications.processing.NotRetryableException;
import io.notifications.processing.ProcessorRegistry;
import jakarta.validation.Validation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** media-info on generated clips, the sample media, and broken files, run directly on local files. */
class MediaInfoProcessorTest {

    private static final MediaInfoConfig DEFAULTS = new MediaInfoConfig(null, null, null, null, null);

    @TempDir
    static Path dir;

    static Path clip;
    static Path tone;

    final MediaInfoProcessor processor = new MediaInfoProcessor();
    final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void writeClips() throws Exception {
        clip = dir.resolve("clip.mp4");
        TestClips.video(clip, 2);
        tone = dir.resolve("tone.mp3");
        TestClips.audio(tone, 2);
    }

    @Test
    void aVideoIsProbedForItsContainerAndStreamsFromOneFetch() throws Exception {
        Opened opened = new Opened();
        JsonNode info = process("clips/clip.mp4", Files.readAllBytes(clip), DEFAULTS, opened);

        assertThat(opened.count).as("the object is fetched once, into the file").hasValue(1);
        // Tika's magic bytes name an ISO 'isom' MP4 as QuickTime, its ancestor
        assertThat(info.get("contentType").asText()).isEqualTo("video/quicktime");
        assertThat(info.get("mediaType").asText()).isEqualTo("video");
        assertThat(info.get("size").asLong()).isEqualTo(Files.size(clip));
        assertThat(info.get("sha256").asText()).isEqualTo(sha256(Files.readAllBytes(clip)));
        assertThat(info.get("width").asInt()).isEqualTo(320);
        assertThat(info.get("height").asInt()).isEqualTo(240);
        assertThat(info.get("format").asText()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
        assertThat(info.get("formatName").asText()).isEqualTo("QuickTime / MOV");
        assertThat(info.get("durationSeconds").asDouble()).isCloseTo(2.0, within(0.1));
        assertThat(info.get("bitRate").asLong()).isPositive();
        assertThat(info.get("creationTime").asText()).isEqualTo("2024-05-01T12:34:56Z");
        assertThat(info.get("streams")).hasSize(2);

        JsonNode video = info.at("/streams/0");
        assertThat(video.get("index").asInt()).isZero();
        assertThat(video.get("type").asText()).isEqualTo("video");
        assertThat(video.get("codec").asText()).isEqualTo(TestClips.videoCodec());
        assertThat(video.get("width").asInt()).isEqualTo(320);
        assertThat(video.get("height").asInt()).isEqualTo(240);
        assertThat(video.get("frameRate").asDouble()).isEqualTo(25.0);
        assertThat(video.get("pixelFormat").asText()).isEqualTo("yuv420p");
        assertThat(video.has("language")).as("'und' is no language").isFalse();
        assertThat(video.has("sampleRate")).isFalse();
        assertThat(video.get("creationTime").asText()).isEqualTo("2024-05-01T12:34:56Z");

        JsonNode audio = info.at("/streams/1");
        assertThat(audio.get("index").asInt()).isEqualTo(1);
        assertThat(audio.get("type").asText()).isEqualTo("audio");
        assertThat(audio.get("codec").asText()).isEqualTo("aac");
        assertThat(audio.get("sampleRate").asInt()).isEqualTo(48_000);
        assertThat(audio.get("channels").asInt()).isEqualTo(1);
        assertThat(audio.get("language").asText()).isEqualTo("eng");
        assertThat(audio.has("width")).isFalse();
        assertThat(audio.has("frameRate")).isFalse();
        assertThat(info.has("picture")).isFalse();
        assertThat(info.has("warning")).isFalse();
    }

    @Test
    void anAudioFileHasOneAudioStreamAndNoPictureSize() throws Exception {
        JsonNode info = process("tone.mp3", Files.readAllBytes(tone), DEFAULTS, new Opened());

        assertThat(info.get("contentType").asText()).isEqualTo("audio/mpeg");
        assertThat(info.get("mediaType").asText()).isEqualTo("audio");
        assertThat(info.get("format").asText()).isEqualTo("mp3");
        assertThat(info.get("durationSeconds").asDouble()).isCloseTo(2.0, within(0.1));
        assertThat(info.has("width")).isFalse();
        assertThat(info.get("streams")).hasSize(1);
        JsonNode audio = info.at("/streams/0");
        assertThat(audio.get("type").asText()).isEqualTo("audio");
        assertThat(audio.get("codec").asText()).isEqualTo("mp3");
        assertThat(audio.get("sampleRate").asInt()).isEqualTo(44_100);
        assertThat(audio.get("channels").asInt()).isEqualTo(2);
    }

    @Test
    void theSampleAviIsProbed() throws Exception {
        byte[] avi = demoMedia("Megamind.avi");
        JsonNode info = process("Megamind.avi", avi, DEFAULTS, new Opened());

        assertThat(info.get("contentType").asText()).isEqualTo("video/x-msvideo");
        assertThat(info.get("mediaType").asText()).isEqualTo("video");
        assertThat(info.get("format").asText()).isEqualTo("avi");
        assertThat(info.get("durationSeconds").asDouble()).isEqualTo(11.261);
        assertThat(info.get("width").asInt()).isEqualTo(720);
        assertThat(info.get("height").asInt()).isEqualTo(528);
        assertThat(info.at("/streams/0/codec").asText()).isEqualTo("mpeg4");
        assertThat(info.at("/streams/0/frameRate").asDouble()).isEqualTo(23.976);
        assertThat(info.at("/streams/1/codec").asText()).isEqualTo("ac3");
        assertThat(info.at("/streams/1/sampleRate").asInt()).isEqualTo(48_000);
        assertThat(info.at("/streams/1/channels").asInt()).isEqualTo(2);
        assertThat(info.get("sha256").asText()).isEqualTo(sha256(avi));
    }

    @Test
    void aVideoUnderANameWithoutExtensionIsFoundByItsBytesAndStillProbed() throws Exception {
        Opened opened = new Opened();
        JsonNode info = process("uploads/0f3a9c", demoMedia("Megamind.avi"), DEFAULTS, opened);

        assertThat(info.get("mediaType").asText()).isEqualTo("video");
        assertThat(info.get("format").asText()).isEqualTo("avi");
        assertThat(opened.count).as("sniffed from a stream, then fetched into the file").hasValue(2);
    }

    @Test
    void withoutTheProbeAVideoIsStreamedAndReportedByItsContentType() throws Exception {
        Opened opened = new Opened();
        JsonNode info = process("clip.mp4", Files.readAllBytes(clip),
                new MediaInfoConfig(null, null, false, null, null), opened);

        assertThat(info.get("contentType").asText()).isEqualTo("video/quicktime");
        assertThat(info.get("mediaType").asText()).isEqualTo("video");
        assertThat(info.has("streams")).isFalse();
        assertThat(info.has("format")).isFalse();
        assertThat(opened.count).hasValue(1);
    }

    @Test
    void aTruncatedVideoFailsForGoodWithFfmpegsReason() throws Exception {
        byte[] whole = Files.readAllBytes(clip);
        byte[] head = java.util.Arrays.copyOf(whole, whole.length / 2);

        assertThatThrownBy(() -> process("cut.mp4", head, DEFAULTS, new Opened()))
                .isInstanceOf(NotRetryableException.class)
                .hasMessage("video/quicktime could not be probed: Invalid data found when processing input (FFmpeg)");
    }

    @Test
    void randomBytesUnderAVideoNameFailForGood() {
        byte[] noise = new byte[50_000];
        new Random(18).nextBytes(noise);

        assertThatThrownBy(() -> process("holiday.mp4", noise, DEFAULTS, new Opened()))
                .isInstanceOf(NotRetryableException.class)
                .hasMessage("holiday.mp4 could not be probed: Invalid data found when processing input (FFmpeg)");
    }

    @Test
    void anEmptyVideoFailsForGood() {
        assertThatThrownBy(() -> process("empty.mov", new byte[0], DEFAULTS, new Opened()))
                .isInstanceOf(NotRetryableException.class)
                .hasMessage("the media is empty (0 bytes)");
    }

    @Test
    void whatIsNeitherPictureNorAudioNorVideoIsReportedAsBefore() throws Exception {
        byte[] text = "hello, media".getBytes(StandardCharsets.UTF_8);
        JsonNode info = process("notes.txt", text, DEFAULTS, new Opened());
        assertThat(info.get("contentType").asText()).isEqualTo("text/plain");
        assertThat(info.get("mediaType").asText()).isEqualTo("text");
        assertThat(info.get("size").asInt()).isEqualTo(text.length);
        assertThat(info.get("sha256").asText()).isEqualTo(sha256(text));

        // A text under a video name is the text it is, not a broken video
        JsonNode misnamed = process("notes.mp4", text, DEFAULTS, new Opened());
        assertThat(misnamed.get("contentType").asText()).isEqualTo("text/plain");
        assertThat(misnamed.has("streams")).isFalse();

        // Unknown bytes under no media name are only counted and hashed
        JsonNode empty = process("empty.bin", new byte[0], DEFAULTS, new Opened());
        assertThat(empty.get("size").asInt()).isZero();
    }

    @Test
    void aPicturesExifGivesOrientationCameraCaptureTimeAndGpsNestedUnderPicture() throws Exception {
        byte[] jpeg = TestPictures.withExif();
        Opened opened = new Opened();
        JsonNode info = process("photo.jpg", jpeg, DEFAULTS, opened);

        assertThat(opened.count).hasValue(1);
        assertThat(info.get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(info.get("mediaType").asText()).isEqualTo("image");
        assertThat(info.get("width").asInt()).isEqualTo(64);
        assertThat(info.get("height").asInt()).isEqualTo(48);
        assertThat(info.get("size").asInt()).isEqualTo(jpeg.length);
        assertThat(info.get("sha256").asText()).isEqualTo(sha256(jpeg));
        JsonNode picture = info.get("picture");
        assertThat(picture.get("orientation").asInt()).isEqualTo(6);
        assertThat(picture.at("/camera/make").asText()).isEqualTo("TestCam");
        assertThat(picture.at("/camera/model").asText()).isEqualTo("Model 7");
        assertThat(picture.get("captureTime").asText()).isEqualTo("2024-05-01T12:34:56+02:00");
        assertThat(picture.at("/gps/latitude").asDouble()).isEqualTo(48.8582222);
        assertThat(picture.at("/gps/longitude").asDouble()).isEqualTo(-2.2945);
        assertThat(picture.at("/gps/altitude").asDouble()).isEqualTo(330.5);
        assertThat(info.has("streams")).isFalse();
        assertThat(info.has("warning")).isFalse();
    }

    @Test
    void xmpFillsInWhatExifLacks() throws Exception {
        JsonNode picture = process("photo.jpg", TestPictures.withXmp(), DEFAULTS, new Opened()).get("picture");

        assertThat(picture.get("orientation").asInt()).isEqualTo(8);
        assertThat(picture.at("/camera/make").asText()).isEqualTo("Canon");
        assertThat(picture.at("/camera/model").asText()).isEqualTo("EOS R5");
        assertThat(picture.get("captureTime").asText()).isEqualTo("2023-12-24T18:30:00-05:00");
        assertThat(picture.has("gps")).isFalse();
    }

    @Test
    void aPictureWithoutMetadataHasNoPictureObjectAndPictureMetadataCanBeTurnedOff() throws Exception {
        JsonNode rocket = process("rocket.jpg", demoMedia("rocket.jpg"), DEFAULTS, new Opened());
        assertThat(rocket.get("contentType").asText()).isEqualTo("image/jpeg");
        assertThat(rocket.get("width").asInt()).isEqualTo(640);
        assertThat(rocket.get("height").asInt()).isEqualTo(427);
        assertThat(rocket.has("picture")).isFalse();
        assertThat(rocket.has("warning")).isFalse();

        JsonNode off = process("photo.jpg", TestPictures.withExif(),
                new MediaInfoConfig(null, null, null, null, false), new Opened());
        assertThat(off.has("picture")).isFalse();
        assertThat(off.get("width").asInt()).isEqualTo(64);

        JsonNode metadataOnly = process("photo.jpg", TestPictures.withExif(),
                new MediaInfoConfig(null, false, null, null, null), new Opened());
        assertThat(metadataOnly.has("width")).isFalse();
        assertThat(metadataOnly.at("/picture/orientation").asInt()).isEqualTo(6);
    }

    @Test
    void onlyScalarsOfAVideoOrPictureSitAtTheTopLevel() throws Exception {
        for (JsonNode info : List.of(process("clip.mp4", Files.readAllBytes(clip), DEFAULTS, new Opened()),
                process("photo.jpg", TestPictures.withExif(), DEFAULTS, new Opened()))) {
            info.fields().forEachRemaining(field -> assertThat(field.getValue().isValueNode()
                    || List.of("streams", "picture").contains(field.getKey())).as(field.getKey()).isTrue());
        }
    }

    @Test
    void theConfigIsBoundWithDefaultsAndItsTimeLimitValidated() {
        ProcessorRegistry registry = new ProcessorRegistry(List.of(processor), json,
                Validation.buildDefaultValidatorFactory().getValidator());

        MediaInfoConfig defaults = (MediaInfoConfig) registry.bindConfig("media-info", null);
        assertThat(defaults).isEqualTo(new MediaInfoConfig(true, true, true, 30.0, true));
        assertThat(defaults.probeLimit()).hasSeconds(30);
        MediaInfoConfig custom = (MediaInfoConfig) registry.bindConfig("media-info",
                "{\"probe\": true, \"probeTimeout\": 2.5, \"pictureMetadata\": false}");
        assertThat(custom.probeLimit()).hasMillis(2500);
        assertThat(custom.pictureMetadata()).isFalse();

        assertThatThrownBy(() -> registry.bindConfig("media-info", "{\"probeTimeout\": 0.5}"))
                .isInstanceOf(InvalidProcessorConfigException.class)
                .hasMessage("must be at least 1 (seconds)")
                .extracting(e -> ((InvalidProcessorConfigException) e).field())
                .isEqualTo("processorConfig.probeTimeout");
        assertThatThrownBy(() -> registry.bindConfig("media-info", "{\"probeTimeout\": 601}"))
                .isInstanceOf(InvalidProcessorConfigException.class)
                .hasMessage("must be at most 600 (seconds)");
        assertThatThrownBy(() -> registry.bindConfig("media-info", "{\"probeTimout\": 5}"))
                .isInstanceOf(InvalidProcessorConfigException.class)
                .extracting(e -> ((InvalidProcessorConfigException) e).field())
                .isEqualTo("processorConfig.probeTimout");
    }

    private JsonNode process(String name, byte[] bytes, MediaInfoConfig config, Opened opened) throws Exception {
        try (MediaSource media = new MediaSource(1L, name, (long) bytes.length, () -> {
            opened.count.incrementAndGet();
            return new ByteArrayInputStream(bytes);
        })) {
            return json.valueToTree(processor.process(media, config));
        }
    }

    static final class Opened {
        final AtomicInteger count = new AtomicInteger();
    }

    static byte[] demoMedia(String file) throws IOException {
        try (InputStream in = MediaInfoProcessorTest.class.getClassLoader().getResourceAsStream("demo-media/" + file)) {
            assertThat(in).as(file).isNotNull();
            return in.readAllBytes();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}

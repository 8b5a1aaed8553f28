package io.notifications.processing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class MediaSourceTest {

    @Test
    void closingReleasesEveryStreamAndTheTempFileWhateverTheProcessorDid() throws Exception {
        List<AtomicBoolean> closed = new ArrayList<>();
        MediaSource media = new MediaSource(1L, "clips/interview.mp4", 5L, () -> {
            AtomicBoolean flag = new AtomicBoolean();
            closed.add(flag);
            return new ByteArrayInputStream("bytes".getBytes(StandardCharsets.UTF_8)) {
                @Override
                public void close() {
                    flag.set(true);
                }
            };
        });

        InputStream abandoned = media.openStream();
        assertThat(abandoned.read()).isEqualTo('b');
        Path file = media.file();
        assertThat(file.getFileName().toString()).endsWith(".mp4");
        assertThat(Files.readString(file)).isEqualTo("bytes");
        assertThat(media.file()).isEqualTo(file);

        media.close();

        assertThat(closed).hasSize(2).allMatch(AtomicBoolean::get);
        assertThat(file).doesNotExist();
    }

    @Test
    void readOnceMediaIsFetchedOnceThoughTheFirstReaderStopsHalfWayAndOthersReadItAgain() throws Exception {
        byte[] content = new byte[200_000];
        new java.util.Random(7).nextBytes(content);
        List<AtomicBoolean> fetches = new ArrayList<>();
        MediaSource media = new MediaSource(2L, "picture.jpg", (long) content.length, () -> {
            AtomicBoolean closed = new AtomicBoolean();
            fetches.add(closed);
            return new ByteArrayInputStream(content) {
                @Override
                public void close() {
                    closed.set(true);
                }
            };
        }).readOnce();

        // The first step reads a header, skips a little and stops
        try (InputStream first = media.openStream()) {
            assertThat(first.readNBytes(1000)).isEqualTo(java.util.Arrays.copyOf(content, 1000));
            assertThat(first.skip(500)).isEqualTo(500);
        }
        // The next ones read all of it, from the copy
        try (InputStream second = media.openStream()) {
            assertThat(second.readAllBytes()).isEqualTo(content);
        }
        assertThat(Files.readAllBytes(media.file())).isEqualTo(content);
        assertThat(fetches).hasSize(1);
        Path file = media.file();

        media.close();

        assertThat(fetches.get(0)).isTrue();
        assertThat(file).doesNotExist();
    }
}

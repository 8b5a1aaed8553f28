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
}

package io.notifications.processing.mediainfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.notifications.processing.NotRetryableException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** The probe's time limit holds even when FFmpeg is stuck where it never checks it. */
class MediaProbeTest {

    @TempDir
    Path dir;

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProbeStuckInABlockingReadIsCutOffAtTheLimit() throws Exception {
        // A FIFO with a writer that never writes: FFmpeg's read blocks in the kernel
        Path fifo = dir.resolve("stalled.mp4");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        // Opened for reading and writing, a FIFO opens at once on Linux and keeps a writer
        try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> MediaProbe.probe(fifo, Duration.ofSeconds(1), "video/mp4"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessage("video/mp4 could not be probed within 1 s (probeTimeout); FFmpeg was stopped");
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
            assertThat(probesReading()).as("the abandoned probe is still stuck in its read").isOne();
        }
        // Closing the writer ends the abandoned read, and with it the probe
        await().atMost(Duration.ofSeconds(10)).until(() -> probesReading() == 0);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void aProbeThatKeepsReadingIsStoppedByFfmpegsInterruptCallbackAtTheLimit() throws Exception {
        // A byte every 20 ms: FFmpeg's reads keep returning, never enough to tell the format
        Path fifo = dir.resolve("trickle.mp4");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        ScheduledExecutorService writes = Executors.newSingleThreadScheduledExecutor();
        try (FileChannel writer = FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            writes.scheduleAtFixedRate(() -> {
                try {
                    writer.write(ByteBuffer.wrap(new byte[] {0}));
                } catch (IOException closed) {
                    // the test is over
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            long start = System.nanoTime();
            assertThatThrownBy(() -> MediaProbe.probe(fifo, Duration.ofSeconds(1), "video/mp4"))
                    .isInstanceOf(NotRetryableException.class)
                    .hasMessageStartingWith("video/mp4 could not be probed within 1 s (probeTimeout)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            // The bytes still come, yet FFmpeg asked the callback before its next read and gave up
            await().atMost(Duration.ofSeconds(2)).until(() -> probesReading() == 0);
        } finally {
            writes.shutdownNow();
        }
    }

    /** Probe threads busy (a native read shows as RUNNABLE); idle ones wait for the next probe. */
    private static long probesReading() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("media-probe-") && t.getState() == Thread.State.RUNNABLE)
                .count();
    }

    @Test
    void creationTimesBecomeUtcInstantsOrLocalTimes() {
        assertThat(MediaProbe.isoTime("2024-05-01T12:34:56.000000Z")).isEqualTo("2024-05-01T12:34:56Z");
        assertThat(MediaProbe.isoTime("2024-05-01T12:34:56+02:00")).isEqualTo("2024-05-01T10:34:56Z");
        assertThat(MediaProbe.isoTime("2024-05-01 12:34:56")).isEqualTo("2024-05-01T12:34:56");
        assertThat(MediaProbe.isoTime("Wed May  1 12:34:56 2024")).isNull();
    }
}

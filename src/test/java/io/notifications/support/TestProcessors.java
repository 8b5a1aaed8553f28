package io.notifications.support;

import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Processors that exist only in tests: adding one is adding one class, as for real ones. */
// Imported explicitly by ServiceTest and ServiceNode; not picked up by component scanning
@TestConfiguration(proxyBeanMethods = false)
public class TestProcessors {

    /** Always fails with the configured message. */
    public record FailConfig(String message) {
    }

    public static class FailingProcessor implements MediaProcessor<FailConfig> {
        @Override
        public String name() {
            return "always-fails";
        }

        @Override
        public Class<FailConfig> configType() {
            return FailConfig.class;
        }

        @Override
        public Object process(MediaSource media, FailConfig config) {
            throw new IllegalStateException(config.message() == null ? "processor failed" : config.message());
        }
    }

    /** Reads the media, then waits until the test opens the named gate: lets tests hold workers busy. */
    public record GateConfig(String gate) {
    }

    public static class GatedProcessor implements MediaProcessor<GateConfig> {
        private static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

        public static void open(String gate) {
            latch(gate).countDown();
        }

        private static CountDownLatch latch(String gate) {
            return GATES.computeIfAbsent(gate, g -> new CountDownLatch(1));
        }

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public Class<GateConfig> configType() {
            return GateConfig.class;
        }

        @Override
        public Object process(MediaSource media, GateConfig config) throws Exception {
            long size;
            try (InputStream in = media.openStream()) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            if (!latch(config.gate()).await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate " + config.gate() + " was never opened");
            }
            return Map.of("gate", config.gate(), "bytes", size);
        }
    }

    /** {@code failures}: how many attempts of each item fail before one succeeds. */
    public record FlakyConfig(Integer failures) {
    }

    /** Reads the media, and fails the first {@code failures} attempts of each item: a retried item in tests. */
    public static class FlakyProcessor implements MediaProcessor<FlakyConfig> {
        private final Map<Long, AtomicInteger> attempts = new ConcurrentHashMap<>();

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Class<FlakyConfig> configType() {
            return FlakyConfig.class;
        }

        @Override
        public Object process(MediaSource media, FlakyConfig config) throws Exception {
            long size;
            try (InputStream in = media.openStream()) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            int attempt = attempts.computeIfAbsent(media.itemId(), k -> new AtomicInteger()).incrementAndGet();
            if (attempt <= (config.failures() == null ? 0 : config.failures())) {
                throw new IllegalStateException("flaky failure " + attempt);
            }
            return Map.of("bytes", size, "attempt", attempt);
        }
    }

    /** {@code segments}: how many segments beyond the two named ones, each a second long; none by default. */
    public record TimelineConfig(Integer segments) {
    }

    /**
     * Stands in for a processor whose results have times, as face detection in video will: works from a proxy,
     * and reports the segments of a fictional timeline, with the bytes it read.
     */
    public static class TimelineProcessor implements MediaProcessor<TimelineConfig> {
        @Override
        public String name() {
            return "timeline";
        }

        @Override
        public Class<TimelineConfig> configType() {
            return TimelineConfig.class;
        }

        @Override
        public boolean acceptsProxy() {
            return true;
        }

        @Override
        public Object process(MediaSource media, TimelineConfig config) throws Exception {
            long size;
            try (InputStream in = media.openStream()) {
                size = in.transferTo(OutputStream.nullOutputStream());
            }
            List<Map<String, Object>> segments = new ArrayList<>(List.of(
                    Map.of("startMs", 0, "endMs", 1000, "text", "first", "type", "PERSON"),
                    Map.of("startMs", 1000, "endMs", 1500, "text", "second")));
            for (int i = 0; i < (config.segments() == null ? 0 : config.segments()); i++) {
                segments.add(Map.of("startMs", 2000 + i * 1000, "endMs", 3000 + i * 1000, "text", "more " + i));
            }
            return Map.of("bytes", size, "segments", segments);
        }
    }

    /** {@code sleepMs}: how long each item takes, as I/O-bound work would. */
    public record CountConfig(Integer sleepMs) {
    }

    /**
     * Reads the media, takes {@code sleepMs}, and counts what it processed: per node (this bean) and across every
     * node in this JVM, so that tests see how work was shared and that nothing ran twice.
     */
    public static class CountingProcessor implements MediaProcessor<CountConfig> {

        public static final Map<String, AtomicInteger> EVERY_NODE =
                new ConcurrentHashMap<>();
        private final AtomicInteger here = new AtomicInteger();

        @Override
        public String name() {
            return "counting";
        }

        @Override
        public Class<CountConfig> configType() {
            return CountConfig.class;
        }

        @Override
        public Object process(MediaSource media, CountConfig config) throws Exception {
            try (InputStream in = media.openStream()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            if (config.sleepMs() != null && config.sleepMs() > 0) {
                TimeUnit.MILLISECONDS.sleep(config.sleepMs());
            }
            here.incrementAndGet();
            EVERY_NODE.computeIfAbsent(media.name(), k -> new AtomicInteger())
                    .incrementAndGet();
            return Map.of("processed", media.name());
        }

        /** How many items this node processed. */
        public int processedHere() {
            return here.get();
        }
    }

    @Bean
    CountingProcessor countingProcessor() {
        return new CountingProcessor();
    }

    @Bean
    TimelineProcessor timelineProcessor() {
        return new TimelineProcessor();
    }

    @Bean
    FailingProcessor failingProcessor() {
        return new FailingProcessor();
    }

    @Bean
    FlakyProcessor flakyProcessor() {
        return new FlakyProcessor();
    }

    @Bean
    GatedProcessor gatedProcessor() {
        return new GatedProcessor();
    }
}

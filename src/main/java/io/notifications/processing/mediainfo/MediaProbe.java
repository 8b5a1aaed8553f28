package io.notifications.processing.mediainfo;

import static org.bytedeco.ffmpeg.global.avformat.AV_DISPOSITION_ATTACHED_PIC;
import static org.bytedeco.ffmpeg.global.avformat.av_demuxer_iterate;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_get;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_get_media_type_string;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.notifications.processing.NotRetryableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOInterruptCB;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVDictionaryEntry;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Reads the container and stream headers of audio and video with FFmpeg, as {@code ffprobe} does, within a time
 * limit. Nothing is decoded beyond the few packets FFmpeg needs to learn the streams' parameters (at most
 * {@link #PROBE_SIZE} bytes or {@link #ANALYZE_DURATION} of media).
 *
 * <p>The limit is kept twice. FFmpeg asks an interrupt callback before every read and in its probing loops, and
 * gives up once the deadline has passed. A read that blocks in the kernel never asks, so the probe runs on a
 * thread of its own that the caller stops waiting for at the deadline; the abandoned probe ends at its next
 * check or read.
 */
final class MediaProbe {

    /** ffprobe's defaults: enough for the headers of any container, never the whole file. */
    static final long PROBE_SIZE = 5_000_000;
    static final long ANALYZE_DURATION = 5L * AV_TIME_BASE;

    /** Demuxers that open further files or URLs named in the media: a probe reads the one file it is given. */
    private static final Set<String> REFERENCING_DEMUXERS = Set.of("hls", "dash", "concat", "imf", "lavfi");

    private static final String DEMUXERS;
    private static final Interrupt INTERRUPT;
    private static final Map<Long, Deadline> DEADLINES = new ConcurrentHashMap<>();
    private static final AtomicInteger THREAD_NUMBER = new AtomicInteger();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "media-probe-" + THREAD_NUMBER.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    static {
        // FFmpeg's console chatter about odd files; the failure itself is reported with the item
        av_log_set_level(AV_LOG_ERROR);
        INTERRUPT = new Interrupt().retainReference();
        StringJoiner demuxers = new StringJoiner(",");
        try (PointerPointer<Pointer> state = new PointerPointer<>(1L)) {
            state.put(0, (Pointer) null);
            for (AVInputFormat format = av_demuxer_iterate(state); format != null && !format.isNull();
                 format = av_demuxer_iterate(state)) {
                String name = format.name().getString();
                if (!REFERENCING_DEMUXERS.contains(name)) {
                    demuxers.add(name);
                }
            }
        }
        DEMUXERS = demuxers.toString();
    }

    /** What the probe found. */
    record Result(String format, String formatName, Double durationSeconds, Long bitRate, String creationTime,
                  List<MediaInfo.Stream> streams) {
    }

    private MediaProbe() {
    }

    /**
     * Probes a local file; {@code what} names the media in messages, e.g. {@code video/mp4}. Media FFmpeg cannot
     * read, and a probe over the limit, fail for good: another attempt would read the same bytes.
     */
    static Result probe(Path file, Duration limit, String what) throws InterruptedException {
        Deadline deadline = new Deadline(limit);
        Future<Result> probe = THREADS.submit(() -> read(file, deadline, what));
        try {
            return probe.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw deadline.abandon(probe, what);
        } catch (InterruptedException e) {
            deadline.abandon(probe, what);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("probing " + what + " failed", e.getCause());
        }
    }

    private static Result read(Path file, Deadline deadline, String what) {
        AVFormatContext context = avformat_alloc_context();
        if (context == null || context.isNull()) {
            throw new OutOfMemoryError("FFmpeg could not allocate a format context");
        }
        // The callback knows the probe by this pointer's address
        LongPointer token = new LongPointer(1L);
        DEADLINES.put(token.address(), deadline);
        try {
            context.interrupt_callback().callback(INTERRUPT).opaque(token);
            context.probesize(PROBE_SIZE);
            context.max_analyze_duration(ANALYZE_DURATION);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "protocol_whitelist", "file", 0);
            av_dict_set(options, "format_whitelist", DEMUXERS, 0);
            int status;
            try {
                // On failure FFmpeg frees the context itself
                status = avformat_open_input(context, "file:" + file.toAbsolutePath(), null, options);
            } finally {
                av_dict_free(options);
            }
            if (status < 0) {
                throw failure(status, deadline, what);
            }
            try {
                status = avformat_find_stream_info(context, (PointerPointer<?>) null);
                if (status < 0) {
                    throw failure(status, deadline, what);
                }
                return describe(context, what);
            } finally {
                avformat_close_input(context);
            }
        } finally {
            DEADLINES.remove(token.address());
            token.close();
        }
    }

    private static Result describe(AVFormatContext context, String what) {
        List<MediaInfo.Stream> streams = new ArrayList<>();
        String creationTime = isoTime(tag(context.metadata(), "creation_time"));
        for (int i = 0; i < context.nb_streams(); i++) {
            AVStream stream = context.streams(i);
            AVCodecParameters codec = stream.codecpar();
            int kind = codec.codec_type();
            boolean video = kind == AVMEDIA_TYPE_VIDEO;
            boolean audio = kind == AVMEDIA_TYPE_AUDIO;
            String language = tag(stream.metadata(), "language");
            String streamCreation = isoTime(tag(stream.metadata(), "creation_time"));
            creationTime = creationTime == null ? streamCreation : creationTime;
            streams.add(new MediaInfo.Stream(stream.index(), string(av_get_media_type_string(kind)),
                    codecName(codec.codec_id()),
                    video ? positive(codec.width()) : null,
                    video ? positive(codec.height()) : null,
                    video ? frameRate(stream) : null,
                    video && codec.format() >= 0 ? string(av_get_pix_fmt_name(codec.format())) : null,
                    audio ? positive(codec.sample_rate()) : null,
                    audio ? positive(codec.ch_layout().nb_channels()) : null,
                    language == null || language.isBlank() || language.equals("und") ? null : language,
                    streamCreation,
                    (stream.disposition() & AV_DISPOSITION_ATTACHED_PIC) != 0 ? Boolean.TRUE : null));
        }
        if (streams.isEmpty()) {
            throw new NotRetryableException(what + " could not be probed: FFmpeg found no stream in it");
        }
        long duration = context.duration();
        long bitRate = context.bit_rate();
        return new Result(string(context.iformat().name()), string(context.iformat().long_name()),
                duration == AV_NOPTS_VALUE || duration <= 0 ? null : round(duration / (double) AV_TIME_BASE),
                bitRate > 0 ? bitRate : null, creationTime, streams);
    }

    private static Double frameRate(AVStream stream) {
        for (AVRational rate : new AVRational[] {stream.avg_frame_rate(), stream.r_frame_rate()}) {
            if (rate.num() > 0 && rate.den() > 0) {
                return round(rate.num() / (double) rate.den());
            }
        }
        return null;
    }

    private static String codecName(int codecId) {
        String name = string(avcodec.avcodec_get_name(codecId));
        return name == null || name.equals("none") ? null : name;
    }

    private static String tag(AVDictionary dictionary, String key) {
        if (dictionary == null || dictionary.isNull()) {
            return null;
        }
        AVDictionaryEntry entry = av_dict_get(dictionary, key, null, 0);
        return entry == null || entry.isNull() ? null : string(entry.value());
    }

    /**
     * FFmpeg's creation times as ISO-8601 instants, in UTC: {@code 2024-05-01T12:34:56.000000Z} becomes
     * {@code 2024-05-01T12:34:56Z}. A time without zone stays local; what is not ISO at all is left out.
     */
    static String isoTime(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeParseException notAnInstant) {
            // some muxers write no zone, or a space for the T
        }
        try {
            return LocalDateTime.parse(text.replace(' ', 'T')).format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
        } catch (DateTimeParseException unknown) {
            return null;
        }
    }

    private static NotRetryableException failure(int status, Deadline deadline, String what) {
        if (deadline.passed()) {
            return deadline.exceeded(what);
        }
        byte[] text = new byte[256];
        av_strerror(status, text, text.length);
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        return new NotRetryableException(what + " could not be probed: "
                + new String(text, 0, length, StandardCharsets.UTF_8) + " (FFmpeg)");
    }

    private static Integer positive(int value) {
        return value > 0 ? value : null;
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    private static String string(BytePointer pointer) {
        return pointer == null || pointer.isNull() ? null : pointer.getString(StandardCharsets.UTF_8);
    }

    /** When a probe must end: at the limit, or earlier when its caller stopped waiting. */
    private static final class Deadline {
        private final Duration limit;
        private final long at;
        private volatile boolean abandoned;

        Deadline(Duration limit) {
            this.limit = limit;
            this.at = System.nanoTime() + limit.toNanos();
        }

        boolean passed() {
            return abandoned || System.nanoTime() - at >= 0;
        }

        /** The caller stops waiting; the probe stops at FFmpeg's next check. */
        NotRetryableException abandon(Future<?> probe, String what) {
            abandoned = true;
            probe.cancel(true);
            return exceeded(what);
        }

        NotRetryableException exceeded(String what) {
            String seconds = limit.toMillis() % 1000 == 0 ? String.valueOf(limit.toSeconds())
                    : String.valueOf(limit.toMillis() / 1000.0);
            return new NotRetryableException(what + " could not be probed within " + seconds
                    + " s (probeTimeout); FFmpeg was stopped");
        }
    }

    /** FFmpeg's interrupt callback: non-zero ends the probe that owns {@code opaque}. */
    private static final class Interrupt extends AVIOInterruptCB.Callback_Pointer {
        @Override
        public int call(Pointer opaque) {
            Deadline deadline = opaque == null ? null : DEADLINES.get(opaque.address());
            return deadline == null || deadline.passed() ? 1 : 0;
        }
    }
}

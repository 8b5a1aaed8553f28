package io.notifications.processing.mediainfo;

import java.nio.ByteBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;

/** Writes short clips with FFmpeg (JavaCV's recorder), with the encoders this FFmpeg build has. */
final class TestClips {

    static final String CREATION_TIME = "2024-05-01T12:34:56.000000Z";

    private TestClips() {
    }

    /** H.264 when an encoder for it is built in (OpenH264 in JavaCV's FFmpeg), else MPEG-4 part 2. */
    static String videoCodec() {
        AVCodec h264 = avcodec.avcodec_find_encoder(avcodec.AV_CODEC_ID_H264);
        return h264 == null || h264.isNull() ? "mpeg4" : "h264";
    }

    /**
     * An MP4 of {@code seconds} at 25 fps, 320×240, with a mono 48 kHz AAC track in English; the container and its
     * tracks carry {@link #CREATION_TIME}. ffmpeg writes the index (moov) after the media, as most cameras do.
     */
    static void video(Path file, int seconds) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 320, 240, 1)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodec(videoCodec().equals("h264") ? avcodec.AV_CODEC_ID_H264 : avcodec.AV_CODEC_ID_MPEG4);
            recorder.setFrameRate(25);
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            recorder.setSampleRate(48_000);
            recorder.setAudioChannels(1);
            recorder.setMetadata("creation_time", CREATION_TIME);
            recorder.setAudioMetadata("language", "eng");
            recorder.start();
            Frame frame = new Frame(320, 240, Frame.DEPTH_UBYTE, 3);
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            for (int i = 0; i < seconds * 25; i++) {
                for (int p = 0; p < pixels.capacity(); p++) {
                    pixels.put(p, (byte) ((p / 3 + i * 8) & 0xff));
                }
                recorder.record(frame, avutil.AV_PIX_FMT_BGR24);
            }
            recorder.recordSamples(48_000, 1, tone(48_000, 1, seconds));
            recorder.stop();
        }
    }

    /** An audio-only MP3, stereo at 44.1 kHz. */
    static void audio(Path file, int seconds) throws Exception {
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), 2)) {
            recorder.setFormat("mp3");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
            recorder.setSampleRate(44_100);
            recorder.setAudioChannels(2);
            recorder.start();
            recorder.recordSamples(44_100, 2, tone(44_100, 2, seconds));
            recorder.stop();
        }
    }

    /** A 440 Hz tone, interleaved over {@code channels}. */
    private static ShortBuffer tone(int sampleRate, int channels, int seconds) {
        ShortBuffer samples = ShortBuffer.allocate(sampleRate * channels * seconds);
        for (int i = 0; i < samples.capacity(); i++) {
            samples.put(i, (short) (Math.sin((i / channels) * 2 * Math.PI * 440 / sampleRate) * 8000));
        }
        return samples;
    }
}

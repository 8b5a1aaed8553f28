package io.notifications.processing.mediainfo;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What {@code media-info} reports about one piece of media. The iconik write-back writes its top-level scalars; the
 * streams and a picture's EXIF details are nested ({@code streams}, {@code picture}), so they are not written back.
 *
 * @param contentType     sniffed from the bytes, never from the name
 * @param mediaType       {@code image}, {@code video} or {@code audio}, else the content type's top-level type
 * @param width           a picture's width, or a video's first picture stream's
 * @param format          audio and video: FFmpeg's demuxer, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}
 * @param formatName      its long name, e.g. {@code QuickTime / MOV}
 * @param durationSeconds audio and video: the container's duration
 * @param bitRate         audio and video: the overall bit rate, in bits per second
 * @param creationTime    audio and video: the container's creation time, else its first stream's (ISO-8601)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaInfo(String contentType, String mediaType, long size, String sha256, Integer width, Integer height,
                        String format, String formatName, Double durationSeconds, Long bitRate, String creationTime,
                        List<Stream> streams, Picture picture, String warning) {

    /**
     * One stream of an audio or video container, as FFmpeg reads it from the headers.
     *
     * @param type            {@code video}, {@code audio}, {@code subtitle}, {@code data} or {@code attachment}
     * @param codec           FFmpeg's codec name, e.g. {@code h264}, {@code aac}
     * @param frameRate       video: frames per second (the average, else the base rate)
     * @param language        the ISO 639-2 tag, e.g. {@code eng}; absent when undetermined ({@code und})
     * @param attachedPicture true for cover art (a still picture attached to audio), absent otherwise
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Stream(int index, String type, String codec, Integer width, Integer height, Double frameRate,
                         String pixelFormat, Integer sampleRate, Integer channels, String language,
                         String creationTime, Boolean attachedPicture) {
    }

    /**
     * A picture's EXIF, IPTC and XMP details.
     *
     * @param orientation the EXIF orientation, 1 (upright) to 8
     * @param captureTime when it was taken, ISO-8601; with an offset only when the picture names one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Picture(Integer orientation, Camera camera, String captureTime, Gps gps) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Camera(String make, String model) {
    }

    /**
     * Where a picture was taken.
     *
     * @param latitude  degrees, north positive
     * @param longitude degrees, east positive
     * @param altitude  metres above sea level, negative below
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gps(Double latitude, Double longitude, Double altitude) {
    }
}

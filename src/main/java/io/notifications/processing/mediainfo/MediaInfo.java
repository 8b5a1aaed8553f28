package io.notifications.processing.mediainfo;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What {@code media-info} reports about one piece of media. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaInfo(String contentType, long size, String sha256, Integer width, Integer height,
                        String warning) {
}

package io.notifications.faces;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Options of the {@code facial-recognition} processor.
 *
 * @param model          {@code tiny} (default; the faster, and the one that takes no cat for a person), {@code ssd}
 *                       (finds smaller faces in crowds; see the README for the measurements), or
 *                       {@code rekognition} (Amazon Rekognition, when enabled; pictures and frames are sent to AWS)
 * @param inputSize      the square tiny scales the picture into, a multiple of 32 (default 512); SSD always uses 512
 * @param scoreThreshold faces scoring at or below this are dropped (default 0.5)
 * @param minFaceSize    faces narrower or lower than this many pixels are dropped (default 20)
 * @param maxFaces       at most this many faces per picture or frame, best first (default 100)
 * @param frameInterval  seconds between sampled video frames (default 1)
 * @param gallery        the gallery of known people to recognise (see /api/faces/persons); none: detection only
 * @param matchThreshold offline: the largest descriptor distance still taken as the same person (default: see README)
 * @param minSimilarity  Rekognition: the least similarity (0–100) still taken as the same person (default 80, as
 *                       Rekognition's own)
 * @param search         offline: how hard a picture or frame is searched ({@link FaceSearch}): {@code zoom}
 *                       (default; weak candidates looked at again, closer), {@code single} (one pass, the fastest),
 *                       {@code flip} (the mirror image too) or {@code tiles} (2×2 tiles too; finds the most, five
 *                       times the time)
 * @param confirm        offline: a face counts only when the other model sees it too (default false); drops what
 *                       {@code ssd} takes for a face in animals, at about one more pass
 */
public record FacialRecognitionConfig(
        @Pattern(regexp = "ssd|tiny|rekognition", message = "must be ssd, tiny or rekognition") String model,
        @Min(128) @Max(1024) Integer inputSize,
        @DecimalMin("0.05") @DecimalMax("0.99") Double scoreThreshold,
        @Min(0) @Max(10000) Integer minFaceSize,
        @Min(1) @Max(1000) Integer maxFaces,
        @DecimalMin("0.04") @DecimalMax("3600") Double frameInterval,
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9_-]{0,99}",
                message = "1 to 100 letters, digits, '-' or '_'") String gallery,
        @DecimalMin("0.05") @DecimalMax("2.0") Double matchThreshold,
        @DecimalMin("0") @DecimalMax("100") Double minSimilarity,
        @Pattern(regexp = "single|zoom|flip|tiles", message = "must be single, zoom, flip or tiles") String search,
        Boolean confirm) {

    public static final String REKOGNITION = "rekognition";

    /** Measured on the sample media: see the README's recognition section. */
    public static final double DEFAULT_MATCH_THRESHOLD = 0.5;

    /** Measured on the evaluation set: see docs/benchmarks.md. */
    public static final String DEFAULT_SEARCH = "zoom";

    public FacialRecognitionConfig {
        model = model == null ? "tiny" : model;
        inputSize = inputSize == null ? 512 : inputSize;
        scoreThreshold = scoreThreshold == null ? 0.5 : scoreThreshold;
        minFaceSize = minFaceSize == null ? 20 : minFaceSize;
        maxFaces = maxFaces == null ? 100 : maxFaces;
        frameInterval = frameInterval == null ? 1.0 : frameInterval;
        matchThreshold = matchThreshold == null ? DEFAULT_MATCH_THRESHOLD : matchThreshold;
        minSimilarity = minSimilarity == null ? 80.0 : minSimilarity;
        search = search == null ? DEFAULT_SEARCH : search;
        confirm = confirm != null && confirm;
    }
}

package io.notifications.faces;

import io.notifications.faces.FaceResults.Appearance;
import io.notifications.faces.FaceResults.Box;
import io.notifications.faces.FaceResults.Face;
import io.notifications.faces.FaceResults.ImageFaces;
import io.notifications.faces.FaceResults.Person;
import io.notifications.faces.FaceResults.Segment;
import io.notifications.faces.FaceResults.VideoFaces;
import io.notifications.faces.rekognition.RekognitionFaces;
import io.notifications.processing.NotRetryableException;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaProcessor;
import io.notifications.processing.MediaSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MimeTypes;
import org.springframework.stereotype.Component;

/**
 * Finds faces in pictures and in sampled video frames, with neural nets run offline or with Amazon Rekognition,
 * and names them from a gallery of known people. A picture's faces come with their boxes, scores and crops; a
 * video's are joined into appearances, which iconik receives as time-based segments.
 */
@Component
public class FacialRecognitionProcessor implements MediaProcessor<FacialRecognitionConfig> {

    private final OfflineFaces offline;
    private final RekognitionFaces rekognition;
    private final FaceCrops crops;
    private final FacesProperties properties;
    private final MimeTypes mimeTypes = MimeTypes.getDefaultMimeTypes();

    public FacialRecognitionProcessor(OfflineFaces offline, RekognitionFaces rekognition, FaceCrops crops,
                                      FacesProperties properties) {
        this.offline = offline;
        this.rekognition = rekognition;
        this.crops = crops;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "facial-recognition";
    }

    @Override
    public Class<FacialRecognitionConfig> configType() {
        return FacialRecognitionConfig.class;
    }

    @Override
    public void validate(FacialRecognitionConfig config) {
        if (config.model().equals(FacialRecognitionConfig.REKOGNITION) && !rekognition.enabled()) {
            throw new InvalidProcessorConfigException("processorConfig.model",
                    "Amazon Rekognition is not enabled: set notifications.faces.rekognition.enabled (see the README)");
        }
        if (config.model().equals(FacialRecognitionConfig.REKOGNITION) && config.confirm()) {
            throw new InvalidProcessorConfigException("processorConfig.confirm",
                    "confirm needs the offline models: Rekognition's faces are not checked against another model");
        }
    }

    /** Faces are found as well in iconik's proxy as in the original, which is far larger. */
    @Override
    public boolean acceptsProxy() {
        return true;
    }

    @Override
    public Object process(MediaSource media, FacialRecognitionConfig config) throws Exception {
        Path file = media.file();
        if (Files.size(file) == 0) {
            throw new NotRetryableException("the media is empty (0 bytes)");
        }
        MediaType type = mediaType(file);
        // The crops go with the item they were found for
        CropOwner owner = CropOwner.item(media.itemId());
        FaceBackend backend = config.model().equals(FacialRecognitionConfig.REKOGNITION) ? rekognition : offline;
        return switch (type.getType()) {
            case "image" -> picture(file, owner, backend, config);
            case "video" -> video(media, file, owner, backend, config);
            // Containers Tika names otherwise (MXF is application/mxf), or does not know, are left to FFmpeg
            case "application" -> video(media, file, owner, backend, config);
            default -> throw new NotRetryableException("the media is " + type.getBaseType()
                    + ", neither a picture nor a video");
        };
    }

    /**
     * What the media is. A picture ImageIO can read is known from its readers' look at the header, which costs far
     * less than Tika's match against every type it knows (measured: 0.7 ms of a picture's 27 ms); anything else is
     * Tika's to name.
     */
    private MediaType mediaType(Path file) throws IOException {
        try (ImageInputStream header = ImageIO.createImageInputStream(file.toFile())) {
            if (header != null && ImageIO.getImageReaders(header).hasNext()) {
                return MediaType.image("x-imageio");
            }
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return mimeTypes.detect(in, new Metadata());
        }
    }

    private ImageFaces picture(Path file, CropOwner owner, FaceBackend backend, FacialRecognitionConfig config)
            throws Exception {
        RgbImage image = MediaFrames.picture(file, properties.maxPixels());
        List<Face> faces = new ArrayList<>();
        for (DetectedFace face : backend.detect(image, config)) {
            faces.add(new Face(Box.of(face), Box.relative(face, image.width(), image.height()),
                    FaceResults.round4(face.score()), crops.store(owner, FaceCrops.region(image, face)),
                    person(backend, image, face, config)));
        }
        return new ImageFaces("image", image.width(), image.height(), config.model(), faces.size(), faces);
    }

    private VideoFaces video(MediaSource media, Path file, CropOwner owner, FaceBackend backend,
                             FacialRecognitionConfig config)
            throws Exception {
        FaceTracks tracks = new FaceTracks();
        MediaFrames.Sampling sampling = MediaFrames.sample(file, Math.round(config.frameInterval() * 1000),
                properties.maxVideoFrames(), properties.maxPixels(),
                (at, frame) -> tracks.frame(at, backend.detect(frame, config), frame), media::progress);
        List<Appearance> appearances = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        for (FaceTracks.Track track : tracks.finish()) {
            // A face is taken to stay until the next sample that does not show it
            long end = Math.min(Math.max(track.lastMs + sampling.intervalMs(), track.startMs + 1),
                    Math.max(sampling.durationMs(), track.lastMs + 1));
            FaceTracks.Sighting best = track.bestSighting;
            Appearance appearance = new Appearance(track.startMs, end, track.frames,
                    FaceResults.round4(track.best.score()), Box.of(track.best),
                    Box.relative(track.best, sampling.width(), sampling.height()),
                    crops.store(owner, FaceCrops.region(best.neighbourhood(), best.face())),
                    person(backend, best.neighbourhood(), best.face(), config));
            appearances.add(appearance);
            String label = appearance.person() == null || appearance.person().personId() == null
                    ? "Face " + appearances.size() : appearance.person().name();
            segments.add(new Segment(track.startMs, end, label, "PERSON"));
        }
        return new VideoFaces("video", sampling.width(), sampling.height(), sampling.durationMs(),
                sampling.intervalMs(), sampling.frames(), config.model(), appearances.size(), appearances, segments);
    }

    /** Who the face is, when the config names a gallery; null when it names none. */
    private static Person person(FaceBackend backend, RgbImage image, DetectedFace face,
                                 FacialRecognitionConfig config) throws Exception {
        return config.gallery() == null ? null : backend.identify(image, face, config);
    }
}

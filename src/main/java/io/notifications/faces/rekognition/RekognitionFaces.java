package io.notifications.faces.rekognition;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceBackend;
import io.notifications.faces.FaceCrops;
import io.notifications.faces.FaceResults;
import io.notifications.faces.FaceResults.Person;
import io.notifications.faces.FacialRecognitionConfig;
import io.notifications.faces.RgbImage;
import io.notifications.faces.gallery.FaceGallery;
import io.notifications.processing.NotRetryableException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.BoundingBox;
import software.amazon.awssdk.services.rekognition.model.FaceDetail;
import software.amazon.awssdk.services.rekognition.model.FaceMatch;
import software.amazon.awssdk.services.rekognition.model.Image;
import software.amazon.awssdk.services.rekognition.model.ImageTooLargeException;
import software.amazon.awssdk.services.rekognition.model.InvalidImageFormatException;
import software.amazon.awssdk.services.rekognition.model.InvalidParameterException;
import software.amazon.awssdk.services.rekognition.model.RekognitionException;
import software.amazon.awssdk.services.rekognition.model.ResourceNotFoundException;
import software.amazon.awssdk.services.rekognition.model.SearchFacesByImageResponse;

/**
 * Faces found by Amazon Rekognition's DetectFaces, and named by SearchFacesByImage in the gallery's collection
 * (kept in sync by {@link RekognitionGallerySync}). Pictures and frames are sent as JPEG bytes; a face is searched
 * in its surroundings, since Rekognition searches only the largest face of what it is sent.
 */
@Component
public class RekognitionFaces implements FaceBackend {

    /** Rekognition takes at most 5 MB of image bytes per call. */
    private static final int MAX_IMAGE_BYTES = 5 * 1024 * 1024;
    /** Larger pictures are scaled down first: Rekognition finds faces from 40 px in a 1920 px picture. */
    private static final int MAX_EDGE = 4096;
    private static final int MIN_EDGE = 80;
    /** Rekognition's error codes for credentials it does not take. */
    private static final Set<String> REFUSED_CREDENTIALS = Set.of("UnrecognizedClientException",
            "InvalidSignatureException", "AccessDeniedException", "ExpiredTokenException",
            "MissingAuthenticationTokenException");

    private final Optional<RekognitionClient> client;
    private final RekognitionProperties properties;
    private final RekognitionGallerySync sync;
    private final FaceGallery gallery;

    public RekognitionFaces(Optional<RekognitionClient> client, RekognitionProperties properties,
                            RekognitionGallerySync sync, FaceGallery gallery) {
        this.client = client;
        this.properties = properties;
        this.sync = sync;
        this.gallery = gallery;
    }

    public boolean enabled() {
        return client.isPresent();
    }

    @Override
    public List<DetectedFace> detect(RgbImage picture, FacialRecognitionConfig config) throws Exception {
        Image image = image(picture.crop(0, 0, picture.width(), picture.height()));
        List<FaceDetail> details = call("DetectFaces", () -> rekognition().detectFaces(b -> b.image(image)))
                .faceDetails();
        return details.stream()
                .map(detail -> face(detail.boundingBox(), detail.confidence(), picture))
                .filter(face -> face.score() > config.scoreThreshold())
                .filter(face -> Math.min(face.width(), face.height()) >= config.minFaceSize())
                .sorted(Comparator.comparingDouble(DetectedFace::score).reversed())
                .limit(config.maxFaces())
                .toList();
    }

    /**
     * The best match in the collection, whatever its similarity, so that an unknown face still shows how near
     * it came; it is a person's only from the config's {@code minSimilarity}.
     */
    @Override
    public Person identify(RgbImage picture, DetectedFace face, FacialRecognitionConfig config) throws Exception {
        Image image = image(atLeastMinimum(FaceCrops.surroundings(picture, face)));
        Optional<FaceMatch> best;
        try {
            best = bestMatch(config.gallery(), image);
        } catch (ResourceNotFoundException missing) {
            // The collection was never made, or was deleted: it is rebuilt from the gallery, then searched again
            sync.sync(config.gallery());
            best = bestMatch(config.gallery(), image);
        }
        if (best.isEmpty()) {
            return Person.unknown(null, null);
        }
        double similarity = FaceResults.round4(best.get().similarity());
        Optional<FaceGallery.Known> known = RekognitionGallerySync.referenceId(best.get().face().externalImageId())
                .flatMap(id -> gallery.known(config.gallery()).stream()
                        .filter(reference -> reference.referenceId() == id).findFirst());
        // A face of a reference deleted since the last sync is no one's
        return known.isPresent() && similarity >= config.minSimilarity()
                ? new Person(known.get().personId(), known.get().name(), null, similarity)
                : Person.unknown(null, similarity);
    }

    /** The collection's face most like the one in the picture; none when the collection is empty. */
    private Optional<FaceMatch> bestMatch(String galleryName, Image image) {
        SearchFacesByImageResponse response;
        try {
            response = rekognition().searchFacesByImage(b -> b
                    .collectionId(properties.collection(galleryName))
                    .image(image)
                    .maxFaces(1)
                    .faceMatchThreshold(0f));
        } catch (InvalidParameterException noFace) {
            // Rekognition did not find a face in the surroundings of the one found in the whole picture
            return Optional.empty();
        } catch (ResourceNotFoundException missing) {
            throw missing;
        } catch (RekognitionException e) {
            throw new RekognitionCallException("SearchFacesByImage", e);
        }
        return response.faceMatches().stream().findFirst();
    }

    /** A Rekognition box (fractions of the picture, possibly reaching past its edges) in pixels, clipped. */
    private static DetectedFace face(BoundingBox box, Float confidence, RgbImage picture) {
        double x = Math.max(0, box.left()) * picture.width();
        double y = Math.max(0, box.top()) * picture.height();
        double right = Math.min(1, box.left() + box.width()) * picture.width();
        double bottom = Math.min(1, box.top() + box.height()) * picture.height();
        return new DetectedFace(x, y, right - x, bottom - y, confidence == null ? 0 : confidence / 100.0);
    }

    /** A small face's surroundings scaled up to Rekognition's smallest picture, 80 × 80. */
    private static BufferedImage atLeastMinimum(BufferedImage picture) {
        int shorter = Math.min(picture.getWidth(), picture.getHeight());
        if (shorter >= MIN_EDGE) {
            return picture;
        }
        int longer = Math.max(picture.getWidth(), picture.getHeight());
        return FaceCrops.scaled(picture, (int) Math.ceil((double) longer * MIN_EDGE / shorter), true);
    }

    /** The picture as JPEG bytes within Rekognition's limit. */
    private static Image image(BufferedImage picture) throws IOException {
        BufferedImage sent = FaceCrops.scaled(picture, MAX_EDGE);
        byte[] jpeg = FaceCrops.jpeg(sent);
        while (jpeg.length > MAX_IMAGE_BYTES) {
            sent = FaceCrops.scaled(sent, Math.max(sent.getWidth(), sent.getHeight()) * 3 / 4);
            jpeg = FaceCrops.jpeg(sent);
        }
        return Image.builder().bytes(SdkBytes.fromByteArray(jpeg)).build();
    }

    private RekognitionClient rekognition() {
        return client.orElseThrow(() -> new NotRetryableException(
                "Amazon Rekognition is not enabled (notifications.faces.rekognition.enabled)"));
    }

    /**
     * Runs a call, naming Rekognition and the operation in its error. Pictures it refuses, and refused
     * credentials, fail the item at once: another attempt cannot succeed (as with iconik's credentials), and the
     * item is retried through the API once they are fixed. Throttling and outages are retried with backoff.
     */
    private static <T> T call(String operation, Supplier<T> call) {
        try {
            return call.get();
        } catch (InvalidImageFormatException | ImageTooLargeException | InvalidParameterException refused) {
            throw new NotRetryableException("Amazon Rekognition refused the picture (" + operation + "): "
                    + refused.awsErrorDetails().errorMessage());
        } catch (RekognitionException e) {
            RekognitionCallException failure = new RekognitionCallException(operation, e);
            if (REFUSED_CREDENTIALS.contains(e.awsErrorDetails().errorCode())) {
                throw new NotRetryableException(failure.getMessage(), failure);
            }
            throw failure;
        }
    }
}

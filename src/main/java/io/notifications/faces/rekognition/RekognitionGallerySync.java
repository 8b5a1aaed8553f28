package io.notifications.faces.rekognition;

import io.notifications.faces.FaceCrops;
import io.notifications.faces.gallery.FaceGallery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.rekognition.RekognitionClient;
import software.amazon.awssdk.services.rekognition.model.Face;
import software.amazon.awssdk.services.rekognition.model.IndexFacesResponse;
import software.amazon.awssdk.services.rekognition.model.QualityFilter;
import software.amazon.awssdk.services.rekognition.model.ResourceAlreadyExistsException;

/**
 * Keeps one Rekognition collection per gallery holding exactly the gallery's reference faces. Each face in a
 * collection carries its reference as {@code ExternalImageId} ({@code person-<id>.reference-<id>}), so a sync only
 * compares the collection's list with the gallery: missing references are indexed, faces of deleted references
 * (and duplicates, from two syncs at once) are deleted. The collection is then rebuilt from the gallery alone
 * whenever it was lost or changed by hand.
 */
@Component("rekognitionGallerySync")
public class RekognitionGallerySync {

    private static final Logger log = LoggerFactory.getLogger(RekognitionGallerySync.class);
    private static final Pattern EXTERNAL_ID = Pattern.compile("person-(\\d+)\\.reference-(\\d+)");
    /** DeleteFaces takes at most this many ids per call. */
    private static final int DELETE_BATCH = 4096;

    private final Optional<RekognitionClient> client;
    private final RekognitionProperties properties;
    private final FaceGallery gallery;
    private final FaceCrops crops;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();

    public RekognitionGallerySync(Optional<RekognitionClient> client, RekognitionProperties properties,
                                  FaceGallery gallery, FaceCrops crops) {
        this.client = client;
        this.properties = properties;
        this.gallery = gallery;
        this.crops = crops;
    }

    /** What one sync did to a collection. */
    public record Outcome(String collection, int indexed, int deleted, int unindexable) {
    }

    static String externalId(FaceGallery.Known reference) {
        return "person-" + reference.personId() + ".reference-" + reference.referenceId();
    }

    /** The reference a face in a collection stands for, if it is one of ours. */
    static Optional<Long> referenceId(String externalId) {
        Matcher matcher = EXTERNAL_ID.matcher(externalId == null ? "" : externalId);
        return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(2))) : Optional.empty();
    }

    /**
     * Syncs every gallery, and every collection with our prefix whose gallery has no people left. Run on the
     * sync interval by the {@code faces-rekognition-sync} route; does nothing when Rekognition is not enabled.
     */
    public List<Outcome> syncAll() {
        if (client.isEmpty()) {
            return List.of();
        }
        Set<String> galleries = new LinkedHashSet<>(gallery.galleries());
        try {
            client.get().listCollectionsPaginator(b -> b.build()).collectionIds().stream()
                    .filter(id -> id.startsWith(properties.collectionPrefix()))
                    .forEach(id -> galleries.add(id.substring(properties.collectionPrefix().length())));
        } catch (RuntimeException e) {
            // Rekognition is unreachable, or refuses the credentials: the next interval tries again
            log.warn("Rekognition collections could not be listed: {}", e.getMessage());
            return List.of();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (String name : galleries) {
            try {
                outcomes.add(sync(name));
            } catch (RuntimeException e) {
                // One gallery's failure leaves the others to sync
                log.warn("Rekognition collection of gallery '{}' could not be synced: {}", name, e.getMessage());
            }
        }
        return outcomes;
    }

    /** Makes the gallery's collection hold exactly its reference faces. */
    public Outcome sync(String galleryName) {
        RekognitionClient rekognition = client.orElseThrow(
                () -> new IllegalStateException("Amazon Rekognition is not enabled"));
        synchronized (locks.computeIfAbsent(galleryName, name -> new Object())) {
            String collection = properties.collection(galleryName);
            try {
                rekognition.createCollection(b -> b.collectionId(collection));
                log.info("Created Rekognition collection {}", collection);
            } catch (ResourceAlreadyExistsException exists) {
                // The usual case
            }
            Map<String, List<String>> faceIds = new HashMap<>();
            for (Face face : rekognition.listFacesPaginator(b -> b.collectionId(collection)).faces()) {
                faceIds.computeIfAbsent(String.valueOf(face.externalImageId()), id -> new ArrayList<>())
                        .add(face.faceId());
            }
            int indexed = 0;
            int unindexable = 0;
            List<String> stale = new ArrayList<>();
            for (FaceGallery.Known reference : gallery.known(galleryName)) {
                List<String> present = faceIds.remove(externalId(reference));
                if (present != null) {
                    // Two syncs at once (on two nodes) may have indexed a reference twice; one face is kept
                    stale.addAll(present.subList(1, present.size()));
                } else if (index(rekognition, collection, reference)) {
                    indexed++;
                } else {
                    unindexable++;
                }
            }
            // What is left stands for references that are gone, or is not ours
            faceIds.values().forEach(stale::addAll);
            for (int from = 0; from < stale.size(); from += DELETE_BATCH) {
                List<String> batch = stale.subList(from, Math.min(stale.size(), from + DELETE_BATCH));
                rekognition.deleteFaces(b -> b.collectionId(collection).faceIds(batch));
            }
            if (indexed + stale.size() + unindexable > 0) {
                log.info("Synced Rekognition collection {}: {} faces indexed, {} deleted, {} not indexable",
                        collection, indexed, stale.size(), unindexable);
            }
            return new Outcome(collection, indexed, stale.size(), unindexable);
        }
    }

    private boolean index(RekognitionClient rekognition, String collection, FaceGallery.Known reference) {
        byte[] bytes = crops.read(reference.picture()).orElse(null);
        if (bytes == null) {
            // A reference added before crops were kept in the database: its picture stayed in a node's directory
            log.warn("Reference {} of person {} cannot be indexed: its picture {} is not in the database; add the "
                    + "person's picture again", reference.referenceId(), reference.personId(), reference.picture());
            return false;
        }
        IndexFacesResponse response = rekognition.indexFaces(b -> b.collectionId(collection)
                .externalImageId(externalId(reference))
                .image(i -> i.bytes(SdkBytes.fromByteArray(bytes)))
                // The picture holds the one face the offline detector chose; Rekognition is not to judge it again
                .maxFaces(1)
                .qualityFilter(QualityFilter.NONE));
        if (response.faceRecords().isEmpty()) {
            log.warn("Rekognition found no face in reference {} of person {}", reference.referenceId(),
                    reference.personId());
            return false;
        }
        return true;
    }

    /** A gallery changed through the API: its collection follows at once, not only at the next interval. */
    @TransactionalEventListener(fallbackExecution = true)
    public void galleryChanged(FaceGallery.Changed change) {
        if (client.isEmpty()) {
            return;
        }
        try {
            sync(change.gallery());
        } catch (RuntimeException e) {
            log.warn("Rekognition collection of gallery '{}' could not be synced now; the next sync retries: {}",
                    change.gallery(), e.getMessage());
        }
    }
}

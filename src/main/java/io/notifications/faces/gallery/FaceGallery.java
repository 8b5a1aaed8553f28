package io.notifications.faces.gallery;

import io.notifications.faces.CropOwner;
import io.notifications.faces.DetectedFace;
import io.notifications.faces.FaceCrops;
import io.notifications.faces.FaceModels;
import io.notifications.faces.FaceRecognizer;
import io.notifications.faces.FacesProperties;
import io.notifications.faces.KnownFaces;
import io.notifications.faces.PictureDecoder;
import io.notifications.faces.RgbImage;
import io.notifications.system.ConflictException;
import io.notifications.system.InvalidInputException;
import io.notifications.system.NotFoundException;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The galleries of known people: people are added by name, each with reference pictures of their face, and
 * faces found in media are matched against a gallery's references by descriptor distance.
 */
@Service
public class FaceGallery implements KnownFaces {

    public static final String DEFAULT = "default";
    private static final Pattern GALLERY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,99}");
    /** Reference pictures are searched with the default detector and input size; their largest face is kept. */
    private static final String REFERENCE_MODEL = "tiny";
    private static final int REFERENCE_INPUT = 512;
    /** The longer edge of a reference face kept with its surroundings: enough for any face service. */
    private static final int REFERENCE_PICTURE_EDGE = 480;

    private final FacePersonRepository persons;
    private final FaceReferenceRepository references;
    private final FaceModels models;
    private final FaceRecognizer recognizer;
    private final FaceCrops crops;
    private final FacesProperties properties;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    /** Each gallery's reference descriptors, read once and dropped when the gallery changes. */
    private final Map<String, List<Known>> known = new ConcurrentHashMap<>();

    public FaceGallery(FacePersonRepository persons, FaceReferenceRepository references, FaceModels models,
                       FaceRecognizer recognizer, FaceCrops crops, FacesProperties properties, Clock clock,
                       ApplicationEventPublisher events) {
        this.persons = persons;
        this.references = references;
        this.models = models;
        this.recognizer = recognizer;
        this.crops = crops;
        this.properties = properties;
        this.clock = clock;
        this.events = events;
    }

    /** A reference face of a known person; {@code picture} names the face in its surroundings (see FaceCrops). */
    public record Known(long referenceId, long personId, String name, float[] descriptor, String picture) {
    }

    /** A gallery's people or references changed, and the change is committed. */
    public record Changed(String gallery) {
    }

    @Transactional
    public FacePerson create(String gallery, String name) {
        String galleryName = gallery == null || gallery.isBlank() ? DEFAULT : gallery;
        if (!GALLERY.matcher(galleryName).matches()) {
            throw InvalidInputException.of("gallery", "1 to 100 letters, digits, '-' or '_'");
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            throw InvalidInputException.of("name", "must be 1 to 200 characters");
        }
        if (persons.existsByGalleryAndName(galleryName, name.strip())) {
            throw new ConflictException(
                    "gallery '" + galleryName + "' already has a person named '" + name.strip() + "'");
        }
        known.remove(galleryName);
        return persons.save(new FacePerson(galleryName, name.strip(), clock.instant()));
    }

    public Page<FacePerson> list(String gallery, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by("id"));
        return gallery == null ? persons.findAll(request) : persons.findByGallery(gallery, request);
    }

    public FacePerson get(long id) {
        return persons.findById(id).orElseThrow(() -> new NotFoundException("person '" + id + "' does not exist"));
    }

    public List<FaceReference> references(long personId) {
        get(personId);
        return references.findByPersonIdOrderById(personId);
    }

    @Transactional
    public void delete(long id) {
        FacePerson person = get(id);
        persons.delete(person);
        known.remove(person.getGallery());
        events.publishEvent(new Changed(person.getGallery()));
    }

    /**
     * Adds a reference picture: its largest face is described and kept. A picture without a face is refused.
     */
    @Transactional
    public FaceReference addReference(long personId, byte[] picture) throws Exception {
        FacePerson person = get(personId);
        RgbImage image = PictureDecoder.decode(picture, properties.maxPixels());
        DetectedFace face = models.detector(REFERENCE_MODEL).detect(image, REFERENCE_INPUT, 0.5, 10).stream()
                .max(Comparator.comparingDouble(f -> f.width() * f.height()))
                .orElseThrow(() -> InvalidInputException.of("image", "no face was found in the picture"));
        float[] descriptor = recognizer.describe(image, face);
        // Kept with the person, in this transaction: they go when the person goes, and stay only if the reference does
        CropOwner owner = CropOwner.person(personId);
        String crop = crops.store(owner, FaceCrops.region(image, face));
        String surroundings = crops.store(owner, FaceCrops.surroundings(image, face), REFERENCE_PICTURE_EDGE);
        FaceReference reference = references.save(
                new FaceReference(personId, descriptor, crop, surroundings, clock.instant()));
        known.remove(person.getGallery());
        events.publishEvent(new Changed(person.getGallery()));
        return reference;
    }

    public long referenceCount(long personId) {
        return references.countByPersonId(personId);
    }

    @Override
    public Nearest nearest(String gallery, float[] descriptor) {
        Nearest best = null;
        for (Known face : known(gallery)) {
            double distance = FaceRecognizer.distance(face.descriptor(), descriptor);
            if (best == null || distance < best.distance()) {
                best = new Nearest(face.personId(), face.name(), distance);
            }
        }
        return best;
    }

    /** The names of all galleries that have people. */
    public List<String> galleries() {
        return persons.findGalleries();
    }

    /** The gallery's reference faces, read once and kept until the gallery changes. */
    public List<Known> known(String gallery) {
        return known.computeIfAbsent(gallery, name -> {
            Map<Long, String> names = new HashMap<>();
            persons.findByGallery(name).forEach(p -> names.put(p.getId(), p.getName()));
            return references.findByPersonIdIn(names.keySet()).stream()
                    .map(r -> new Known(r.getId(), r.getPersonId(), names.get(r.getPersonId()), r.descriptor(),
                            r.getPicture()))
                    .toList();
        });
    }
}

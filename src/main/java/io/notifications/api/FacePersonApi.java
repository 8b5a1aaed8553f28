package io.notifications.api;

import io.notifications.faces.gallery.FaceGallery;
import io.notifications.faces.gallery.FacePerson;
import io.notifications.faces.gallery.FaceReference;
import io.notifications.system.InvalidInputException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The gallery of known people: {@code /api/faces/persons}. */
@Component("facePersonApi")
public class FacePersonApi {

    /** Reference pictures larger than this are refused before they are read. */
    private static final int MAX_PICTURE_BYTES = 20 * 1024 * 1024;

    private final FaceGallery gallery;
    private final ApiParameters parameters;

    public FacePersonApi(FaceGallery gallery, ApiParameters parameters) {
        this.gallery = gallery;
        this.parameters = parameters;
    }

    /** A person as the API shows them, with how many reference pictures they have. */
    public record PersonView(long id, String gallery, String name, long images, Instant createdAt) {
    }

    public record ReferenceView(long id, long personId, String crop, Instant createdAt) {

        static ReferenceView of(FaceReference reference) {
            return new ReferenceView(reference.getId(), reference.getPersonId(), reference.getCrop(),
                    reference.getCreatedAt());
        }
    }

    public record PersonSettings(String name, String gallery) {
    }

    public PageView<PersonView> list(@Header("gallery") String galleryName, @Header("page") String page,
                                     @Header("size") String size) {
        ApiParameters.Paging paging = parameters.paging(page, size);
        return PageView.of(gallery.list(galleryName, paging.pageNumber(), paging.pageSize()), this::view);
    }

    public PersonView get(@Header("id") String id) {
        return view(gallery.get(ApiParameters.id(id, "person")));
    }

    public PersonView create(@Body PersonSettings settings, Exchange exchange) {
        if (settings == null) {
            throw InvalidInputException.of("name", "required");
        }
        PersonView created = view(gallery.create(settings.gallery(), settings.name()));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        exchange.getMessage().setHeader("Location", "/api/faces/persons/" + created.id());
        return created;
    }

    public void delete(@Header("id") String id, Exchange exchange) {
        gallery.delete(ApiParameters.id(id, "person"));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 204);
        exchange.getMessage().setBody(null);
    }

    public List<ReferenceView> images(@Header("id") String id) {
        return gallery.references(ApiParameters.id(id, "person")).stream().map(ReferenceView::of).toList();
    }

    /**
     * A reference picture, base64 in JSON as Rekognition takes its images: the REST layer binds JSON, and a
     * picture of a face is small.
     */
    public record ReferencePicture(String image) {
    }

    /** Adds the picture's largest face as a reference of the person. */
    public ReferenceView addImage(@Header("id") String id, @Body ReferencePicture body, Exchange exchange)
            throws Exception {
        long personId = ApiParameters.id(id, "person");
        if (body == null || body.image() == null || body.image().isBlank()) {
            throw InvalidInputException.of("image", "required: the picture's bytes in base64");
        }
        if (body.image().length() > MAX_PICTURE_BYTES / 3 * 4 + 4) {
            throw InvalidInputException.of("image", "larger than " + MAX_PICTURE_BYTES + " bytes");
        }
        byte[] picture;
        try {
            picture = Base64.getMimeDecoder().decode(body.image());
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("image", "not base64: " + e.getMessage());
        }
        ReferenceView added = ReferenceView.of(gallery.addReference(personId, picture));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 201);
        return added;
    }

    private PersonView view(FacePerson person) {
        return new PersonView(person.getId(), person.getGallery(), person.getName(),
                gallery.referenceCount(person.getId()), person.getCreatedAt());
    }
}

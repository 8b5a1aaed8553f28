package io.notifications.faces.gallery;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.StringJoiner;

/** One reference face of a person: its descriptor, the crop it was computed from, and the face in its surroundings. */
@Entity
@Table(name = "face_reference")
public class FaceReference {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "face_reference_seq")
    @SequenceGenerator(name = "face_reference_seq", sequenceName = "face_reference_seq", allocationSize = 10)
    private Long id;
    private Long personId;
    private String descriptor;
    private String crop;
    private String picture;
    private Instant createdAt;

    protected FaceReference() {
    }

    FaceReference(long personId, float[] descriptor, String crop, String picture, Instant createdAt) {
        this.personId = personId;
        this.descriptor = encode(descriptor);
        this.crop = crop;
        this.picture = picture;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public Long getPersonId() { return personId; }
    public String getCrop() { return crop; }
    /** The face with its surroundings, for face services to index; the crop when the reference predates it. */
    public String getPicture() { return picture == null ? crop : picture; }
    public Instant getCreatedAt() { return createdAt; }

    public float[] descriptor() {
        String[] parts = descriptor.split(",");
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = Float.parseFloat(parts[i]);
        }
        return values;
    }

    private static String encode(float[] values) {
        StringJoiner joined = new StringJoiner(",");
        for (float value : values) {
            joined.add(String.valueOf(value));
        }
        return joined.toString();
    }
}

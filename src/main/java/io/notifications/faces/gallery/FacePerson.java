package io.notifications.faces.gallery;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import java.time.Instant;

/** A known person of a gallery, recognised by the reference faces added for them. */
@Entity
@Table(name = "face_person")
public class FacePerson {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "face_person_seq")
    @SequenceGenerator(name = "face_person_seq", sequenceName = "face_person_seq", allocationSize = 10)
    private Long id;
    private String gallery;
    private String name;
    private Instant createdAt;

    protected FacePerson() {
    }

    FacePerson(String gallery, String name, Instant createdAt) {
        this.gallery = gallery;
        this.name = name;
        this.createdAt = createdAt;
    }

    public Long getId() { return id; }
    public String getGallery() { return gallery; }
    public String getName() { return name; }
    public Instant getCreatedAt() { return createdAt; }
}

package io.notifications.faces.gallery;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FacePersonRepository extends JpaRepository<FacePerson, Long> {

    Page<FacePerson> findByGallery(String gallery, Pageable pageable);

    List<FacePerson> findByGallery(String gallery);

    boolean existsByGalleryAndName(String gallery, String name);
}

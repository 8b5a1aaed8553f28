package io.notifications.faces.gallery;

import java.util.List;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

public interface FacePersonRepository extends JpaRepository<FacePerson, Long> {

    Page<FacePerson> findByGallery(String gallery, Pageable pageable);

    List<FacePerson> findByGallery(String gallery);

    boolean existsByGalleryAndName(String gallery, String name);

    @Query("select distinct p.gallery from FacePerson p")
    List<String> findGalleries();
}

package io.notifications.faces.gallery;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface FaceReferenceRepository extends JpaRepository<FaceReference, Long> {

    List<FaceReference> findByPersonIdOrderById(long personId);

    List<FaceReference> findByPersonIdIn(Collection<Long> personIds);

    long countByPersonId(long personId);
}

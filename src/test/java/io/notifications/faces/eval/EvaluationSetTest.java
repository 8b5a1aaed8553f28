package io.notifications.faces.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.faces.DetectedFace;
import io.notifications.faces.eval.EvaluationSet.Picture;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The evaluation set's labels agree with its pictures. */
class EvaluationSetTest {

    @Test
    void everyLabelledPictureExistsAndItsFacesLieInsideIt() throws Exception {
        EvaluationSet set = EvaluationSet.load();

        assertThat(set.pictures()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(set.faceCount()).isGreaterThanOrEqualTo(80);
        for (Picture picture : set.pictures()) {
            assertThat(EvaluationSet.KINDS).as(picture.file()).contains(picture.kind());
            assertThat(picture.faces().isEmpty()).as(picture.file() + " has no face exactly when it is no-face")
                    .isEqualTo(picture.kind().equals("no-face"));
            BufferedImage image;
            try (InputStream in = picture.open()) {
                image = ImageIO.read(in);
            }
            assertThat(image).as(picture.file()).isNotNull();
            for (DetectedFace face : picture.faces()) {
                assertThat(face.width()).as(picture.file()).isGreaterThanOrEqualTo(20);
                assertThat(face.height()).as(picture.file()).isGreaterThanOrEqualTo(20);
                assertThat(face.x()).as(picture.file()).isGreaterThanOrEqualTo(0);
                assertThat(face.y()).as(picture.file()).isGreaterThanOrEqualTo(0);
                assertThat(face.x() + face.width()).as(picture.file()).isLessThanOrEqualTo(image.getWidth());
                assertThat(face.y() + face.height()).as(picture.file()).isLessThanOrEqualTo(image.getHeight());
            }
        }
        // Every kind is there
        for (String kind : EvaluationSet.KINDS) {
            assertThat(set.pictures()).as(kind).anyMatch(picture -> picture.kind().equals(kind));
        }
    }
}

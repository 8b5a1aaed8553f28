package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A face's crop: its pixels as they are in the picture, clipped to it, and encoded as ImageIO encodes them. */
class FaceCropsTest {

    @Test
    void aRegionHoldsThePicturesPixelsClippedToThePicture() throws Exception {
        RgbImage picture = RgbImage.of(ImageIO.read(new ByteArrayInputStream(FacialRecognitionTest.media(
                "astronaut.png"))));
        // Over the right and bottom edges: only what lies inside is kept
        DetectedFace face = new DetectedFace(450.4, 480.7, 100, 60, 0.9);

        BufferedImage region = FaceCrops.region(picture, face);

        assertThat(region.getWidth()).isEqualTo(picture.width() - 450);
        assertThat(region.getHeight()).isEqualTo(picture.height() - 480);
        for (int y = 0; y < region.getHeight(); y++) {
            for (int x = 0; x < region.getWidth(); x++) {
                assertThat(region.getRGB(x, y) & 0xFFFFFF)
                        .isEqualTo(picture.pixels()[(480 + y) * picture.width() + 450 + x]);
            }
        }
    }

    @Test
    void aCropIsEncodedToTheBytesImageIoWrites() throws Exception {
        RgbImage picture = RgbImage.of(ImageIO.read(new ByteArrayInputStream(FacialRecognitionTest.media(
                "astronaut.png"))));
        BufferedImage crop = FaceCrops.scaled(picture.crop(150, 40, 200, 220), 160);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        ImageIO.write(crop, "jpg", expected);

        // Crops are named by their bytes: the same face must keep its name
        assertThat(FaceCrops.jpeg(crop)).isEqualTo(expected.toByteArray());
    }
}

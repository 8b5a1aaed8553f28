package io.notifications.faces;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The searches' geometry, with a detector that answers from a script of where faces are. */
class FaceSearchTest {

    /** A call the search made: the size of the image it passed, the input size and the threshold. */
    private record Call(int width, int height, int inputSize, double scoreThreshold) {
    }

    private final List<Call> calls = new ArrayList<>();

    private static RgbImage blank(int width, int height) {
        return new RgbImage(width, height, new int[width * height]);
    }

    @Test
    void singleIsOnePass() throws Exception {
        FaceSearch.Pass pass = (image, size, score) -> {
            calls.add(new Call(image.width(), image.height(), size, score));
            return List.of(new DetectedFace(10, 10, 50, 50, 0.9));
        };
        assertThat(FaceSearch.SINGLE.search(blank(400, 300), pass, 512, 0.5)).hasSize(1);
        assertThat(calls).containsExactly(new Call(400, 300, 512, 0.5));
    }

    @Test
    void zoomLooksAgainAtWeakCandidatesOnlyAndPlacesWhatItFindsInThePicture() throws Exception {
        FaceSearch.Pass pass = (image, size, score) -> {
            calls.add(new Call(image.width(), image.height(), size, score));
            if (image.width() == 1000) {
                return List.of(new DetectedFace(100, 100, 80, 80, 0.9),
                        // weak, and the same face as the strong one: not looked at again
                        new DetectedFace(105, 105, 75, 75, 0.3),
                        // weak and alone: looked at again in a 90 px square around it
                        new DetectedFace(500, 400, 30, 30, 0.2));
            }
            // Seen clearly in the zoomed surroundings, 5 px from their corner
            return List.of(new DetectedFace(30, 31, 28, 29, 0.8));
        };
        List<DetectedFace> faces = FaceSearch.ZOOM.search(blank(1000, 800), pass, 512, 0.5);

        assertThat(calls).containsExactly(new Call(1000, 800, 512, FaceSearch.WEAK_SCORE),
                new Call(90, 90, FaceSearch.ZOOM_INPUT, 0.5));
        // The surroundings start at (515 - 45, 415 - 45)
        assertThat(faces).containsExactly(new DetectedFace(100, 100, 80, 80, 0.9),
                new DetectedFace(500, 401, 28, 29, 0.8));
    }

    @Test
    void zoomKeepsItsSurroundingsInsideThePicture() throws Exception {
        FaceSearch.Pass pass = (image, size, score) -> {
            calls.add(new Call(image.width(), image.height(), size, score));
            return image.width() == 600 ? List.of(new DetectedFace(0, 0, 30, 30, 0.2)) : List.<DetectedFace>of();
        };
        FaceSearch.ZOOM.search(blank(600, 400), pass, 512, 0.5);
        // A candidate in the corner: its 90 px square would start at (-30, -30), so it moves into the picture
        assertThat(calls).containsExactly(new Call(600, 400, 512, FaceSearch.WEAK_SCORE),
                new Call(90, 90, FaceSearch.ZOOM_INPUT, 0.5));
    }

    @Test
    void zoomCountsOnlyTheCandidateItselfAndSkipsCandidatesItWouldNotSeeCloser() throws Exception {
        FaceSearch.Pass pass = (image, size, score) -> {
            calls.add(new Call(image.width(), image.height(), size, score));
            if (image.width() == 1920) {
                // A large weak box: its surroundings (600 px) at 224 are no closer than the picture at 512
                return List.of(new DetectedFace(800, 300, 200, 200, 0.3), new DetectedFace(100, 100, 30, 30, 0.2));
            }
            // In the candidate's surroundings: a box beside the candidate, and one filling most of the view
            return List.of(new DetectedFace(0, 0, 20, 20, 0.9), new DetectedFace(2, 2, 86, 86, 0.9));
        };
        assertThat(FaceSearch.ZOOM.search(blank(1920, 1080), pass, 512, 0.5)).isEmpty();
        assertThat(calls).containsExactly(new Call(1920, 1080, 512, FaceSearch.WEAK_SCORE),
                new Call(90, 90, FaceSearch.ZOOM_INPUT, 0.5));
    }

    @Test
    void flipFindsInTheMirrorImageAndPlacesItBack() throws Exception {
        RgbImage picture = blank(200, 100);
        picture.pixels()[0] = 0xFFFFFF;
        FaceSearch.Pass pass = (image, size, score) -> {
            boolean mirror = image.pixels()[199] == 0xFFFFFF;
            calls.add(new Call(image.width(), image.height(), size, score));
            // The mirror shows a face at its left edge, which is the picture's right edge
            return mirror ? List.of(new DetectedFace(0, 10, 40, 40, 0.7)) : List.of();
        };
        assertThat(FaceSearch.FLIP.search(picture, pass, 512, 0.5))
                .containsExactly(new DetectedFace(160, 10, 40, 40, 0.7));
        assertThat(calls).hasSize(2);
    }

    @Test
    void tilesSearchFourOverlappingQuartersAndDropBoxesCutByATilesEdge() throws Exception {
        FaceSearch.Pass pass = (image, size, score) -> {
            calls.add(new Call(image.width(), image.height(), size, score));
            if (image.width() == 1000) {
                return List.of(new DetectedFace(100, 100, 100, 100, 0.9));
            }
            // In every tile: the same face as the whole found (in the first tile), and a box at the inner edge
            return List.of(new DetectedFace(100, 100, 100, 100, 0.8), new DetectedFace(590, 200, 10, 10, 0.95),
                    new DetectedFace(300, 300, 20, 20, 0.6));
        };
        List<DetectedFace> faces = FaceSearch.TILES.search(blank(1000, 1000), pass, 512, 0.5);

        assertThat(calls).containsExactly(new Call(1000, 1000, 512, 0.5), new Call(600, 600, 512, 0.5),
                new Call(600, 600, 512, 0.5), new Call(600, 600, 512, 0.5), new Call(600, 600, 512, 0.5));
        // (590, 200) touches the inner edge of the left tiles; in the right tiles it lies at 990, inside them.
        // The tiles' (100, 100) faces lie at (500, 100), (100, 500) and (500, 500) in the picture.
        assertThat(faces).contains(new DetectedFace(100, 100, 100, 100, 0.9),
                new DetectedFace(500, 100, 100, 100, 0.8), new DetectedFace(300, 300, 20, 20, 0.6),
                new DetectedFace(990, 200, 10, 10, 0.95), new DetectedFace(700, 700, 20, 20, 0.6));
        assertThat(faces).noneMatch(face -> face.x() == 590);
    }

    @Test
    void mergingKeepsTheBestOfEachFaceAndDropsPartsOfIt() {
        DetectedFace best = new DetectedFace(100, 100, 100, 100, 0.9);
        DetectedFace sameFace = new DetectedFace(110, 105, 100, 100, 0.7);
        DetectedFace partOfIt = new DetectedFace(120, 120, 40, 40, 0.8);
        DetectedFace another = new DetectedFace(400, 100, 100, 100, 0.6);
        assertThat(FaceSearch.merged(List.of(sameFace, partOfIt, another, best)))
                .containsExactly(best, another);
    }

    @Test
    void searchesAreNamedInConfigurationInLowerCase() {
        assertThat(FaceSearch.named("zoom")).isEqualTo(FaceSearch.ZOOM);
        assertThat(FaceSearch.named(FacialRecognitionConfig.DEFAULT_SEARCH)).isNotNull();
    }
}

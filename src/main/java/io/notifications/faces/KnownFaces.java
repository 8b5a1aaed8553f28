package io.notifications.faces;

/** The known people a face can be matched against: a gallery's reference descriptors. */
public interface KnownFaces {

    /** The known face nearest to the descriptor in the gallery; null when the gallery has none. */
    Nearest nearest(String gallery, float[] descriptor);

    record Nearest(long personId, String name, double distance) {
    }
}

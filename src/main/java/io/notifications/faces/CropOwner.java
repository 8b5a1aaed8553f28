package io.notifications.faces;

/**
 * Whom a face crop belongs to: the item whose media showed the face, or the known person whose reference face it
 * is. Exactly one of the two; the crop is deleted with its owner.
 */
public record CropOwner(Long itemId, Long personId) {

    public CropOwner {
        if ((itemId == null) == (personId == null)) {
            throw new IllegalArgumentException("a face crop belongs to exactly one item or one person");
        }
    }

    /** The crops of the faces found in an item's media. */
    public static CropOwner item(long itemId) {
        return new CropOwner(itemId, null);
    }

    /** The reference faces of a known person. */
    public static CropOwner person(long personId) {
        return new CropOwner(null, personId);
    }
}

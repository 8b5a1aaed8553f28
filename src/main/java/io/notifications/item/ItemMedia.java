package io.notifications.item;

import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;

/** Opens the media of items that have no bucket, e.g. iconik assets. */
public interface ItemMedia {

    /** The {@code source} of the items this opens, e.g. {@code iconik}. */
    String source();

    MediaSource open(ClaimedItem item, boolean proxyAccepted);

    /** What the item fails with when its processor config is refused: by default, the field and why. */
    default String configRefused(ClaimedItem item, InvalidProcessorConfigException refused) {
        return refused.field() + ": " + refused.getMessage();
    }
}

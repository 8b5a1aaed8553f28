package io.notifications.item;

import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import java.util.Set;

/**
 * Where items come from: a bucket, iconik, or whatever is added next. The processing core asks its source which
 * processor an item runs and for its media, and tells it when an attempt starts, finishes and fails, so the core
 * itself knows no source. A source is one bean, beside the route that records its items.
 */
public interface ItemSource {

    /** The {@code source} values its items carry, e.g. {@code iconik}, or {@code datacore} and the other vendors. */
    Set<String> names();

    /**
     * The processor the item runs now, and its settings as JSON (null for none).
     *
     * @throws io.notifications.processing.NotRetryableException when it cannot run at all, e.g. its bucket is gone
     */
    ProcessorChoice processorOf(ClaimedItem item);

    /** The processor named in the item's events, where the item does not record its own (null if unknown). */
    String processorOf(Item item);

    /** The item's media, a proxy where the processor accepts one and the source has one. */
    MediaSource open(ClaimedItem item, boolean proxyAccepted);

    /** What the item fails with when its settings are refused: by default, the field and why. */
    default String configRefused(ClaimedItem item, InvalidProcessorConfigException refused) {
        return refused.field() + ": " + refused.getMessage();
    }

    /** An attempt starts, before the media is opened; a failure here fails the attempt. */
    default void started(ClaimedItem item) {
    }

    /** The processor returned this result (JSON), before it is recorded; a failure here fails the attempt. */
    default void finished(ClaimedItem item, String result) throws Exception {
    }

    /** The attempt failed, before the failure is recorded. Must not throw: the failure is recorded regardless. */
    default void failed(ClaimedItem item, Throwable error) {
    }

    /** A processor's name and its settings as JSON. */
    record ProcessorChoice(String processor, String config) {
    }
}

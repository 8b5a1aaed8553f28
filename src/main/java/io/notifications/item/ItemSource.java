package io.notifications.item;

import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import io.notifications.processing.Pipeline;
import java.util.Set;

/**
 * Where items come from: a bucket, iconik, or whatever is added next. The processing core asks its source which
 * pipeline of processors an item runs and for its media, and tells it when an attempt starts, finishes and fails, so the core
 * itself knows no source. A source is one bean, beside the route that records its items.
 */
public interface ItemSource {

    /** The {@code source} values its items carry, e.g. {@code iconik}, or {@code datacore} and the other vendors. */
    Set<String> names();

    /**
     * The steps the item runs now, each a processor with its settings: one step for a single processor.
     *
     * @throws io.notifications.processing.NotRetryableException when it cannot run at all, e.g. its bucket is gone
     */
    Pipeline pipelineOf(ClaimedItem item);

    /** The pipeline named in the item's events (null if unknown, e.g. its bucket is gone). */
    Pipeline pipelineOf(Item item);

    /** The item's media, a proxy where the processor accepts one and the source has one. */
    MediaSource open(ClaimedItem item, boolean proxyAccepted);

    /** What the item fails with when its settings are refused: by default, the field and why. */
    default String configRefused(ClaimedItem item, InvalidProcessorConfigException refused) {
        return refused.field() + ": " + refused.getMessage();
    }

    /** An attempt starts, before the media is opened; a failure here fails the attempt. */
    default void started(ClaimedItem item) {
    }

    /** The steps finished with these results, before they are recorded; a failure here fails the attempt. */
    default void finished(ClaimedItem item, ItemResult result) throws Exception {
    }

    /** The attempt failed, before the failure is recorded. Must not throw: the failure is recorded regardless. */
    default void failed(ClaimedItem item, Throwable error) {
    }
}

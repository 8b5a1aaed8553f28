package io.notifications.iconik;

import io.notifications.item.ClaimedItem;
import io.notifications.item.Item;
import io.notifications.item.ItemSource;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Items of iconik assets: each runs the processor its rule chose at intake, with the settings recorded on it (the
 * rule's, and a custom action's form values), on media from a signed URL. Users follow each item in an iconik job,
 * and its result is written back to the asset.
 */
@Component
class IconikItems implements ItemSource {

    private final IconikMedia media;
    private final IconikWriteBack writeBack;

    IconikItems(IconikMedia media, IconikWriteBack writeBack) {
        this.media = media;
        this.writeBack = writeBack;
    }

    @Override
    public Set<String> names() {
        return Set.of(Item.ICONIK);
    }

    @Override
    public ProcessorChoice processorOf(ClaimedItem item) {
        return new ProcessorChoice(item.processor(), item.processorConfig());
    }

    @Override
    public String processorOf(Item item) {
        return item.getProcessor();
    }

    @Override
    public MediaSource open(ClaimedItem item, boolean proxyAccepted) {
        return media.open(item, proxyAccepted);
    }

    @Override
    public String configRefused(ClaimedItem item, InvalidProcessorConfigException refused) {
        return media.configRefused(item, refused);
    }

    /** The item's iconik job shows STARTED. */
    @Override
    public void started(ClaimedItem item) {
        writeBack.startJob(item);
    }

    /** The result goes to the asset, and the job shows FINISHED. */
    @Override
    public void finished(ClaimedItem item, String result) throws Exception {
        writeBack.finished(item, result);
    }

    /** The job shows FAILED with the error, if iconik can be told. */
    @Override
    public void failed(ClaimedItem item, Throwable error) {
        writeBack.jobFailed(item, error);
    }
}

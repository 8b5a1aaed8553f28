package io.notifications.iconik;

import io.notifications.item.ClaimedItem;
import io.notifications.item.Item;
import io.notifications.item.ItemResult;
import io.notifications.item.ItemSource;
import io.notifications.processing.InvalidProcessorConfigException;
import io.notifications.processing.MediaSource;
import io.notifications.processing.Pipeline;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Items of iconik assets: each runs the processor or pipeline its rule chose at intake, with the settings recorded
 * on it (the rule's, and a custom action's form values), on media from a signed URL. Users follow each item in an
 * iconik job, and its result is written back to the asset.
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
    public Pipeline pipelineOf(ClaimedItem item) {
        return item.pipeline() != null ? Pipeline.fromJson(item.pipeline())
                : Pipeline.of(item.processor(), item.processorConfig());
    }

    @Override
    public Pipeline pipelineOf(Item item) {
        return item.getPipeline() != null ? Pipeline.fromJson(item.getPipeline())
                : item.getProcessor() == null ? null : Pipeline.of(item.getProcessor(), item.getProcessorConfig());
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
    public void finished(ClaimedItem item, ItemResult result) throws Exception {
        writeBack.finished(item, result);
    }

    /** The job shows FAILED with the error, if iconik can be told. */
    @Override
    public void failed(ClaimedItem item, Throwable error) {
        writeBack.jobFailed(item, error);
    }
}

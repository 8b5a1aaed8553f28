package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.processing.Pipeline;
import io.notifications.system.StoredJson;
import io.notifications.webhook.Event;
import io.notifications.webhook.EventOutbox;
import java.util.List;
import org.springframework.stereotype.Component;

/** Turns item status changes into outbox events, inside the transaction of the change. */
@Component
class ItemEvents {

    private final EventOutbox outbox;
    private final ItemSources sources;
    private final ObjectMapper objectMapper;

    ItemEvents(EventOutbox outbox, ItemSources sources, ObjectMapper objectMapper) {
        this.outbox = outbox;
        this.sources = sources;
        this.objectMapper = objectMapper;
    }

    void created(List<Item> items) {
        changed("item.created", items);
    }

    /** The same change of many items, in one write to the outbox. */
    void changed(String type, List<Item> items) {
        if (items.isEmpty()) {
            return;
        }
        outbox.publish(items.stream().map(item -> event(type, item, null, null)).toList());
    }

    void changed(String type, Item item) {
        changed(type, item, null, null);
    }

    void changed(String type, Item item, String result, String error) {
        outbox.publish(List.of(event(type, item, result, error)));
    }

    /**
     * The event names the item's processor (a pipeline's first) and, for a pipeline of several, all of them;
     * {@code item.done} and {@code item.failed} carry what each step did.
     */
    private Event event(String type, Item item, String result, String error) {
        Pipeline pipeline = sources.pipelineOf(item);
        Event event = outbox.event(type, item.getSource(), item.getBucketId(), item.getId(), item.getKey(),
                item.getStatus().name(), pipeline == null ? item.getProcessor() : pipeline.first().processor(),
                item.getAttempts() == 0 ? null : item.getAttempts(), StoredJson.parse(objectMapper, result), error,
                null);
        boolean finished = type.equals("item.done") || type.equals("item.failed");
        List<String> processors = pipeline == null || pipeline.steps().size() < 2 ? null : pipeline.processors();
        if (processors != null || (finished && item.getSteps() != null)) {
            event = event.withPipeline(processors, finished ? StoredJson.parse(objectMapper, item.getSteps()) : null);
        }
        return item.getAssetId() == null ? event
                : event.withAsset(item.getAssetId(), item.getAssetVersionId(), item.getCollectionId());
    }
}

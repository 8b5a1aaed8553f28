package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
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
        outbox.publish(items.stream().map(item -> event(type, item, sources.processorOf(item), null, null)).toList());
    }

    void changed(String type, Item item) {
        changed(type, item, null, null);
    }

    void changed(String type, Item item, String result, String error) {
        outbox.publish(List.of(event(type, item, sources.processorOf(item), result, error)));
    }

    private Event event(String type, Item item, String processor, String result, String error) {
        Event event = outbox.event(type, item.getSource(), item.getBucketId(), item.getId(), item.getKey(),
                item.getStatus().name(), processor, item.getAttempts() == 0 ? null : item.getAttempts(),
                StoredJson.parse(objectMapper, result), error, null);
        return item.getAssetId() == null ? event
                : event.withAsset(item.getAssetId(), item.getAssetVersionId(), item.getCollectionId());
    }
}

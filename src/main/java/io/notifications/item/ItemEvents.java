package io.notifications.item;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.Bucket;
import io.notifications.bucket.BucketRepository;
import io.notifications.system.StoredJson;
import io.notifications.webhook.Event;
import io.notifications.webhook.EventOutbox;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Turns item status changes into outbox events, inside the transaction of the change. */
@Component
class ItemEvents {

    private final EventOutbox outbox;
    private final BucketRepository buckets;
    private final ObjectMapper objectMapper;

    ItemEvents(EventOutbox outbox, BucketRepository buckets, ObjectMapper objectMapper) {
        this.outbox = outbox;
        this.buckets = buckets;
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
        Map<Long, Optional<String>> bucketProcessors = new HashMap<>();
        outbox.publish(items.stream().map(item -> event(type, item, item.getProcessor() != null ? item.getProcessor()
                : bucketProcessors.computeIfAbsent(item.getBucketId(), id -> Optional.ofNullable(processorOf(id)))
                        .orElse(null), null, null)).toList());
    }

    void changed(String type, Item item) {
        changed(type, item, null, null);
    }

    void changed(String type, Item item, String result, String error) {
        String processor = item.getProcessor() != null ? item.getProcessor() : processorOf(item.getBucketId());
        outbox.publish(List.of(event(type, item, processor, result, error)));
    }

    private Event event(String type, Item item, String processor, String result, String error) {
        Event event = outbox.event(type, item.getSource(), item.getBucketId(), item.getId(), item.getKey(),
                item.getStatus().name(), processor, item.getAttempts() == 0 ? null : item.getAttempts(),
                StoredJson.parse(objectMapper, result), error, null);
        return item.getAssetId() == null ? event
                : event.withAsset(item.getAssetId(), item.getAssetVersionId(), item.getCollectionId());
    }

    private String processorOf(Long bucketId) {
        return bucketId == null ? null : buckets.findById(bucketId).map(Bucket::getProcessor).orElse(null);
    }
}

package io.notifications.item;

import io.notifications.processing.NotRetryableException;
import io.notifications.processing.Pipeline;
import io.notifications.webhook.EventSources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Every {@link ItemSource}, found by the {@code source} its items carry. The processing route tells an item's
 * source of its attempt through this bean, so the route has no branch per source.
 */
@Component("itemSources")
public class ItemSources implements EventSources {

    private static final Logger log = LoggerFactory.getLogger(ItemSources.class);

    private final Map<String, ItemSource> byName = new HashMap<>();

    public ItemSources(List<ItemSource> sources) {
        for (ItemSource source : sources) {
            for (String name : source.names()) {
                ItemSource before = byName.putIfAbsent(name, source);
                if (before != null) {
                    throw new IllegalStateException("two item sources claim '" + name + "': "
                            + before.getClass().getName() + " and " + source.getClass().getName());
                }
            }
        }
    }

    /** Every {@code source} value an item may carry, sorted. */
    @Override
    public Set<String> names() {
        return new TreeSet<>(byName.keySet());
    }

    public ItemSource of(ClaimedItem item) {
        return of(item.source());
    }

    ItemSource of(String name) {
        ItemSource source = byName.get(name);
        if (source == null) {
            throw new NotRetryableException("no item source serves '" + name + "' items");
        }
        return source;
    }

    public void started(ClaimedItem item) {
        of(item).started(item);
    }

    /** Returns the result unchanged, to be recorded next. */
    public ItemResult finished(ClaimedItem item, ItemResult result) throws Exception {
        of(item).finished(item, result);
        return result;
    }

    /** Never throws: the failure is recorded next, whatever the source does with it. */
    public void failed(ClaimedItem item, Throwable error) {
        try {
            of(item).failed(item, error);
        } catch (RuntimeException e) {
            log.warn("The {} source could not be told that item {} failed: {}", item.source(), item.id(), e.toString());
        }
    }

    /** The pipeline to name in an event about the item; null if unknown (its bucket is gone). */
    Pipeline pipelineOf(Item item) {
        ItemSource source = byName.get(item.getSource());
        return source == null ? null : source.pipelineOf(item);
    }
}

package io.notifications.item;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/** What the API and the status page read of items. */
@Component
public class ItemQueries {

    private final ItemRepository items;

    public ItemQueries(ItemRepository items) {
        this.items = items;
    }

    /**
     * A page of items by id, filtered by whichever of the criteria are given (null: any).
     *
     * @param bucketIds the items of these buckets; an empty list matches nothing
     */
    public Page<Item> find(String source, List<Long> bucketIds, String assetId, ItemStatus status, int page,
                           int size) {
        Specification<Item> filter = (root, query, cb) -> cb.conjunction();
        if (source != null) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("source"), source));
        }
        if (bucketIds != null) {
            filter = filter.and((root, query, cb) -> bucketIds.isEmpty() ? cb.disjunction()
                    : root.get("bucketId").in(bucketIds));
        }
        if (assetId != null) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("assetId"), assetId));
        }
        if (status != null) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("status"), status));
        }
        return items.findAll(filter, PageRequest.of(page, size, Sort.by("id")));
    }

    public Optional<Item> find(long id) {
        return items.findById(id);
    }

    /** Items by source, bucket and status. */
    public List<ItemRepository.StatusCount> countByStatus() {
        return items.countByStatus();
    }

    /** Items finished DONE since then, by source, bucket and minute. */
    public List<ItemRepository.MinuteCount> countDoneByMinute(Instant since) {
        return items.countDoneByMinute(since);
    }

    /** The latest DONE items, newest first. */
    public List<Item> latestDone(int count) {
        return items.findByStatusOrderByFinishedAtDesc(ItemStatus.DONE, PageRequest.of(0, count));
    }

    /** The latest FAILED items, newest first. */
    public List<Item> latestFailures(int count) {
        return items.findByStatusOrderByUpdatedAtDesc(ItemStatus.FAILED, PageRequest.of(0, count));
    }
}

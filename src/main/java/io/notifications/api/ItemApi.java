package io.notifications.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketRepository;
import io.notifications.item.Item;
import io.notifications.item.ItemDispatcher;
import io.notifications.item.ItemNotFoundException;
import io.notifications.item.ItemRepository;
import io.notifications.item.ItemStatus;
import io.notifications.item.ItemTransitions;
import io.notifications.system.ConflictException;
import io.notifications.system.NotFoundException;
import io.notifications.system.StoredJson;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;

/** The {@code /api/items} endpoints declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("itemApi")
public class ItemApi {

    private final ItemRepository items;
    private final BucketRepository buckets;
    private final ItemTransitions transitions;
    private final ItemDispatcher dispatcher;
    private final ObjectMapper objectMapper;
    private final ApiParameters parameters;

    public ItemApi(ItemRepository items, BucketRepository buckets, ItemTransitions transitions,
                   ItemDispatcher dispatcher, ObjectMapper objectMapper, ApiParameters parameters) {
        this.items = items;
        this.buckets = buckets;
        this.transitions = transitions;
        this.dispatcher = dispatcher;
        this.objectMapper = objectMapper;
        this.parameters = parameters;
    }

    /** The filters of {@code GET /api/items} that must name something known. */
    record ItemFilters(@ItemSource String source, @EnumName(ItemStatus.class) String status) {
    }

    public PageView<ItemView> list(@Header("source") String source, @Header("bucket") String bucket,
                                   @Header("asset") String asset, @Header("status") String status,
                                   @Header("page") String page, @Header("size") String size) {
        ApiParameters.Paging paging = new ApiParameters.Paging(page, size);
        parameters.check(new ItemFilters(source, status), paging);
        Specification<Item> filter = (root, query, cb) -> cb.conjunction();
        if (source != null && !source.isEmpty()) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("source"), source.toLowerCase()));
        }
        if (bucket != null && !bucket.isEmpty()) {
            List<Long> bucketIds = bucketIds(bucket);
            filter = filter.and((root, query, cb) -> bucketIds.isEmpty() ? cb.disjunction() : root.get("bucketId").in(bucketIds));
        }
        if (asset != null && !asset.isEmpty()) {
            filter = filter.and((root, query, cb) -> cb.equal(root.get("assetId"), asset));
        }
        if (status != null && !status.isEmpty()) {
            ItemStatus wanted = Arrays.stream(ItemStatus.values())
                    .filter(s -> s.name().equalsIgnoreCase(status)).findFirst().orElseThrow();
            filter = filter.and((root, query, cb) -> cb.equal(root.get("status"), wanted));
        }
        PageRequest pageRequest = PageRequest.of(paging.pageNumber(), paging.pageSize(), Sort.by("id"));
        return PageView.of(items.findAll(filter, pageRequest), this::view);
    }

    public ItemView get(@Header("id") String id) {
        long itemId = ApiParameters.id(id, "item");
        return items.findById(itemId).map(this::view)
                .orElseThrow(() -> new NotFoundException("item " + itemId + " does not exist"));
    }

    public ItemView retry(@Header("id") String id, Exchange exchange) {
        long itemId = ApiParameters.id(id, "item");
        try {
            Item item = transitions.retry(itemId);
            dispatcher.wake();
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
            return view(item);
        } catch (ItemNotFoundException e) {
            throw new NotFoundException(e.getMessage());
        } catch (IllegalStateException e) {
            throw new ConflictException(e.getMessage());
        }
    }

    /** {@code bucket} is a bucket id or name. */
    private List<Long> bucketIds(String bucket) {
        if (bucket.chars().allMatch(Character::isDigit) && bucket.length() < 19) {
            return List.of(Long.parseLong(bucket));
        }
        return buckets.findByName(bucket).stream().map(b -> b.getId()).toList();
    }

    private ItemView view(Item item) {
        return ItemView.of(item, StoredJson.parse(objectMapper, item.getResult()));
    }

}

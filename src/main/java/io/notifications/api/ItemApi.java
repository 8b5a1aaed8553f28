package io.notifications.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.notifications.bucket.BucketService;
import io.notifications.item.Item;
import io.notifications.item.ItemDispatcher;
import io.notifications.item.ItemNotFoundException;
import io.notifications.item.ItemQueries;
import io.notifications.item.ItemStatus;
import io.notifications.item.ItemTransitions;
import io.notifications.system.ConflictException;
import io.notifications.system.NotFoundException;
import io.notifications.system.StoredJson;
import io.notifications.webhook.KnownSource;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The {@code /api/items} endpoints declared in {@code routes/rest-api.yaml}: mapping only. */
@Component("itemApi")
public class ItemApi {

    private final ItemQueries items;
    private final BucketService buckets;
    private final ItemTransitions transitions;
    private final ItemDispatcher dispatcher;
    private final ObjectMapper objectMapper;
    private final ApiParameters parameters;

    public ItemApi(ItemQueries items, BucketService buckets, ItemTransitions transitions,
                   ItemDispatcher dispatcher, ObjectMapper objectMapper, ApiParameters parameters) {
        this.items = items;
        this.buckets = buckets;
        this.transitions = transitions;
        this.dispatcher = dispatcher;
        this.objectMapper = objectMapper;
        this.parameters = parameters;
    }

    /** The filters of {@code GET /api/items} that must name something known. */
    record ItemFilters(@KnownSource String source, @EnumName(ItemStatus.class) String status) {
    }

    public PageView<ItemView> list(@Header("source") String source, @Header("bucket") String bucket,
                                   @Header("asset") String asset, @Header("status") String status,
                                   @Header("page") String page, @Header("size") String size) {
        ApiParameters.Paging paging = new ApiParameters.Paging(page, size);
        parameters.check(new ItemFilters(source, status), paging);
        ItemStatus wantedStatus = status == null || status.isEmpty() ? null : Arrays.stream(ItemStatus.values())
                .filter(s -> s.name().equalsIgnoreCase(status)).findFirst().orElseThrow();
        return PageView.of(items.find(source == null || source.isEmpty() ? null : source.toLowerCase(Locale.ROOT),
                bucket == null || bucket.isEmpty() ? null : bucketIds(bucket), asset == null || asset.isEmpty()
                        ? null : asset, wantedStatus, paging.pageNumber(), paging.pageSize()), this::view);
    }

    public ItemView get(@Header("id") String id) {
        long itemId = ApiParameters.id(id, "item");
        return items.find(itemId).map(this::view)
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
        return buckets.idsNamed(bucket);
    }

    private ItemView view(Item item) {
        return ItemView.of(item, StoredJson.parse(objectMapper, item.getResult()),
                StoredJson.parse(objectMapper, item.getSteps()));
    }

}

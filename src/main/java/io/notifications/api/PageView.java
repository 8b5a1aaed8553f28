package io.notifications.api;

import io.notifications.audit.AuditEntry;
import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** Every list in the API is a page: {@code {"items": [...], "page": n, "size": n, "total": n}}. */
public record PageView<T>(List<T> items, int page, int size, long total) {

    static <E, T> PageView<T> of(Page<E> page, Function<E, T> view) {
        return new PageView<>(page.getContent().stream().map(view).toList(), page.getNumber(), page.getSize(),
                page.getTotalElements());
    }

    // The OpenAPI document names a response model by class, without type arguments: these are its pages of each kind

    public record BucketPage(List<BucketView> items, int page, int size, long total) {
    }

    public record ItemPage(List<ItemView> items, int page, int size, long total) {
    }

    public record WebhookPage(List<WebhookView> items, int page, int size, long total) {
    }

    public record DeliveryPage(List<DeliveryView> items, int page, int size, long total) {
    }

    public record PersonPage(List<FacePersonApi.PersonView> items, int page, int size, long total) {
    }

    public record AuditPage(List<AuditEntry> items, int page, int size, long total) {
    }
}

package io.notifications.api;

import java.util.List;
import java.util.function.Function;
import org.springframework.data.domain.Page;

/** Every list in the API is a page: {@code {"items": [...], "page": n, "size": n, "total": n}}. */
public record PageView<T>(List<T> items, int page, int size, long total) {

    static <E, T> PageView<T> of(Page<E> page, Function<E, T> view) {
        return new PageView<>(page.getContent().stream().map(view).toList(), page.getNumber(), page.getSize(),
                page.getTotalElements());
    }
}

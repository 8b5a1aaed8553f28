package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BatchedDeletesTest {

    @Test
    void deletesBatchByBatchUntilOneComesBackShort() {
        AtomicInteger left = new AtomicInteger(2500);
        List<Integer> batches = new ArrayList<>();
        long total = BatchedDeletes.untilShort(1000, size -> {
            int batch = Math.min(size, left.get());
            left.addAndGet(-batch);
            return batch;
        }, batches::add);
        assertThat(batches).containsExactly(1000, 1000, 500);
        assertThat(total).isEqualTo(2500);
    }

    @Test
    void anExactMultipleEndsWithOneEmptyBatch() {
        AtomicInteger left = new AtomicInteger(2000);
        List<Integer> batches = new ArrayList<>();
        BatchedDeletes.untilShort(1000, size -> left.getAndAdd(-Math.min(size, left.get())) > 0 ? 1000 : 0,
                batches::add);
        assertThat(batches).containsExactly(1000, 1000, 0);
    }
}

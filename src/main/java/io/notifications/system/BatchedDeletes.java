package io.notifications.system;

import java.util.function.IntConsumer;
import java.util.function.IntUnaryOperator;

/** Deletes in batches until a batch comes back short, so that no delete holds its locks for long. */
public final class BatchedDeletes {

    private BatchedDeletes() {
    }

    /**
     * Runs {@code deleteBatch} (given the batch size, returning how many it deleted, each call its own transaction)
     * until a batch deletes fewer than {@code batchSize}; {@code deleted} hears each batch's count as it commits.
     *
     * @return how many in all
     */
    public static long untilShort(int batchSize, IntUnaryOperator deleteBatch, IntConsumer deleted) {
        long total = 0;
        int batch;
        do {
            batch = deleteBatch.applyAsInt(batchSize);
            deleted.accept(batch);
            total += batch;
        } while (batch == batchSize);
        return total;
    }
}

package io.notifications.bucket;

import org.apache.camel.AggregationStrategy;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * What one scan found, summed page by page.
 *
 * @param listed     keys the listing returned
 * @param selected   of those, keys the include/exclude patterns select
 * @param created    new items recorded as PENDING
 * @param skipped    new items recorded as SKIPPED (initial scan with {@code NEW_ONLY})
 * @param changed    known keys whose ETag changed, queued again
 * @param reappeared GONE items whose keys were listed again, queued again as new
 * @param gone       finished items whose keys the complete listing did not have, now GONE
 */
public record ScanTally(long listed, long selected, long created, long skipped, long changed, long reappeared,
                        long gone) {

    public static final ScanTally NONE = new ScanTally(0, 0, 0, 0, 0, 0, 0);

    public ScanTally plus(ScanTally other) {
        return new ScanTally(listed + other.listed, selected + other.selected, created + other.created,
                skipped + other.skipped, changed + other.changed, reappeared + other.reappeared, gone + other.gone);
    }

    public ScanTally withGone(long goneItems) {
        return new ScanTally(listed, selected, created, skipped, changed, reappeared, goneItems);
    }

    /** Items this scan put in the queue. */
    public long queued() {
        return created + changed + reappeared;
    }

    /** Sums the tallies of a scan's pages as the split goes. */
    @Component("scanTotals")
    public static final class Summing implements AggregationStrategy {
        @Override
        public Exchange aggregate(Exchange total, Exchange page) {
            if (total == null) {
                return page;
            }
            ScanTally sum = total.getMessage().getBody(ScanTally.class).plus(page.getMessage().getBody(ScanTally.class));
            total.getMessage().setBody(sum);
            return total;
        }
    }
}

package io.notifications.bucket;

import io.notifications.item.ItemRepository;
import io.notifications.item.ItemRepository.KnownKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * Finds which keys of a listed page are already items, in one indexed query per page, so that a rescan of a
 * bucket whose objects are all known costs little more than the listing.
 *
 * <p>PostgreSQL answers {@code bucket_id = ? AND object_key IN (...)} from the (bucket, key) index. H2 uses only
 * the index's first column for it and reads every item of the bucket, so on H2 the items in the page's key range
 * are read instead (one index range scan, ten times faster than the IN list) and the page's keys picked out here.
 * The range is only safe where the database compares strings as Java does: H2's default, not necessarily a
 * PostgreSQL collation.
 */
@Component
public class KnownKeys {

    private final ItemRepository items;
    private final boolean narrowByRange;

    public KnownKeys(ItemRepository items, DataSource dataSource) throws SQLException {
        this.items = items;
        try (Connection connection = dataSource.getConnection()) {
            this.narrowByRange = "H2".equalsIgnoreCase(connection.getMetaData().getDatabaseProductName());
        }
    }

    public List<KnownKey> among(long bucketId, List<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        if (!narrowByRange) {
            return items.findKnownKeys(bucketId, keys);
        }
        String first = Collections.min(keys, Comparator.naturalOrder());
        String last = Collections.max(keys, Comparator.naturalOrder());
        Set<String> wanted = new HashSet<>(keys);
        return items.findKeysBetween(bucketId, first, last).stream().filter(k -> wanted.contains(k.key())).toList();
    }
}

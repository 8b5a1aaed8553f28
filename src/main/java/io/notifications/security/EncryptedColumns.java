package io.notifications.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns that hold credentials, and bringing them all under the current encryption key: values in plain text
 * (written before V12) are encrypted, values under a previous key re-encrypted. Each row is updated only while it
 * still holds the value read, so nodes starting at once, or a change made meanwhile, are never overwritten.
 */
final class EncryptedColumns {

    record Column(String table, String column) {
    }

    /**
     * The stored credentials when encryption came (migration 12): S3 secret keys and webhook signing secrets
     * (current and previous). A migration's work is fixed once released, so columns added later are not here.
     */
    static final List<Column> AT_VERSION_12 = List.of(
            new Column("bucket", "secret_key"),
            new Column("webhook_subscription", "secret"),
            new Column("webhook_subscription", "previous_secret"));

    /** Every stored credential: those of migration 12, and buckets' event secrets (migration 19). */
    static final List<Column> ALL = List.of(
            new Column("bucket", "secret_key"),
            new Column("bucket", "event_secret"),
            new Column("webhook_subscription", "secret"),
            new Column("webhook_subscription", "previous_secret"));

    private EncryptedColumns() {
    }

    /** Returns how many values were (re-)encrypted. */
    static int encryptUnderCurrentKey(Connection connection, StoredSecrets secrets, List<Column> columns)
            throws SQLException {
        int changed = 0;
        for (Column column : columns) {
            Map<Long, String> stale = new LinkedHashMap<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, " + column.column() + " FROM "
                    + column.table() + " WHERE " + column.column() + " IS NOT NULL");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String stored = rows.getString(2);
                    if (!secrets.isCurrent(stored)) {
                        stale.put(rows.getLong(1), stored);
                    }
                }
            }
            try (PreparedStatement update = connection.prepareStatement("UPDATE " + column.table() + " SET "
                    + column.column() + " = ? WHERE id = ? AND " + column.column() + " = ?")) {
                for (Map.Entry<Long, String> row : stale.entrySet()) {
                    String stored = row.getValue();
                    String secret;
                    if (!StoredSecrets.isEncrypted(stored)) {
                        secret = stored;
                    } else if (secrets.isReadable(stored)) {
                        secret = secrets.decrypt(stored);
                    } else {
                        throw StoredSecrets.unknownKey(StoredSecrets.keyIdOf(stored));
                    }
                    update.setString(1, secrets.encrypt(secret));
                    update.setLong(2, row.getKey());
                    update.setString(3, stored);
                    changed += update.executeUpdate();
                }
            }
        }
        return changed;
    }
}

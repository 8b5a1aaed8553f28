package io.notifications.faces.store;

import io.notifications.faces.CropOwner;
import io.notifications.faces.CropStore;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Face crops in the {@code face_crop} table, where every node finds them. Each row has one owner, an item or a
 * person, whose deletion cascades to it (see V13__face_crops.sql). Joins the caller's transaction when there is
 * one: a reference face's crops are kept only if the reference is.
 */
@Repository
public class JdbcCropStore implements CropStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public JdbcCropStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public void put(CropOwner owner, String name, byte[] jpeg) {
        String column = column(owner);
        long id = id(owner);
        try {
            // Portable to H2 and PostgreSQL 14 alike, which have no common upsert
            jdbc.update("INSERT INTO face_crop (" + column + ", name, jpeg, created_at) SELECT ?, ?, ?, ? "
                    + "WHERE NOT EXISTS (SELECT 1 FROM face_crop WHERE " + column + " = ? AND name = ?)",
                    id, name, jpeg, OffsetDateTime.now(clock), id, name);
        } catch (DuplicateKeyException concurrent) {
            // Another attempt for the same owner stored it meanwhile: the same name, so the same bytes
        }
    }

    /** By the owner's unique index (owner, name); in the caller's transaction when there is one. */
    @Override
    public int deleteAll(CropOwner owner) {
        return jdbc.update("DELETE FROM face_crop WHERE " + column(owner) + " = ?", id(owner));
    }

    /** Both columns are named here, never taken from input. */
    private static String column(CropOwner owner) {
        return owner.itemId() != null ? "item_id" : "person_id";
    }

    private static long id(CropOwner owner) {
        return owner.itemId() != null ? owner.itemId() : owner.personId();
    }

    @Override
    public Optional<byte[]> get(String name) {
        List<byte[]> found = jdbc.query("SELECT jpeg FROM face_crop WHERE name = ? FETCH FIRST 1 ROWS ONLY",
                (row, index) -> row.getBytes(1), name);
        return found.stream().findFirst();
    }
}

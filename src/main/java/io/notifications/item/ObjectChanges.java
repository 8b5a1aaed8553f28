package io.notifications.item;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * What a reported change does to the item of its key. Reports arrive at least once and in any order, so each is
 * judged against what the item already holds: a report older than the item's last applied one changes nothing, and
 * the item ends in the state of the newest report whatever the order they came in.
 */
public final class ObjectChanges {

    /** What to do with a report. */
    public enum Outcome {
        /** A new key: a PENDING item. */
        CREATE,
        /** A removal of a key never seen: a GONE item that remembers the removal, so an older write stays unapplied. */
        TOMBSTONE,
        /** New content of a known key: queued again from the first step. */
        CHANGED,
        /** A GONE item's key written again: queued again. */
        REAPPEARED,
        /** The object was removed: the item becomes GONE (one running finishes and fails on its own). */
        GONE,
        /** Nothing new: the same content, or a removal the item already shows. */
        DUPLICATE,
        /** Older than what the item already holds. */
        STALE
    }

    /** What is known of a key's item: its status, content and the last change applied to it. */
    public record Known(ItemStatus status, String etag, Instant lastModified, String sequence) {
    }

    private ObjectChanges() {
    }

    /**
     * @param known         the key's item, or null if there is none
     * @param sequenceOrder orders the source's tokens of one key, older first
     */
    public static Outcome decide(Known known, ObjectChange change, Comparator<String> sequenceOrder) {
        if (known == null) {
            return change.removed() ? Outcome.TOMBSTONE : Outcome.CREATE;
        }
        if (older(change, known, sequenceOrder)) {
            return Outcome.STALE;
        }
        if (change.removed()) {
            return known.status() == ItemStatus.GONE ? Outcome.DUPLICATE : Outcome.GONE;
        }
        if (known.status() == ItemStatus.GONE) {
            return Outcome.REAPPEARED;
        }
        return Objects.equals(change.etag(), known.etag()) ? Outcome.DUPLICATE : Outcome.CHANGED;
    }

    /**
     * Older by the tokens when both have one. Otherwise by the store's clock: a change that happened before the
     * content the item holds was written (a listing's Last-Modified, or an earlier report's time) is that content's
     * past. Reports carry a time at or after their content's Last-Modified, so only a strictly earlier one is older.
     */
    static boolean older(ObjectChange change, Known known, Comparator<String> sequenceOrder) {
        if (change.sequence() != null && known.sequence() != null) {
            return sequenceOrder.compare(change.sequence(), known.sequence()) < 0;
        }
        return change.happenedAt() != null && known.lastModified() != null
                && change.happenedAt().isBefore(known.lastModified());
    }
}

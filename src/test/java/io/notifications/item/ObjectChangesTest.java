package io.notifications.item;

import static io.notifications.item.ObjectChanges.Outcome.CHANGED;
import static io.notifications.item.ObjectChanges.Outcome.CREATE;
import static io.notifications.item.ObjectChanges.Outcome.DUPLICATE;
import static io.notifications.item.ObjectChanges.Outcome.GONE;
import static io.notifications.item.ObjectChanges.Outcome.REAPPEARED;
import static io.notifications.item.ObjectChanges.Outcome.STALE;
import static io.notifications.item.ObjectChanges.Outcome.TOMBSTONE;
import static org.assertj.core.api.Assertions.assertThat;

import io.notifications.item.ObjectChanges.Known;
import io.notifications.item.ObjectChanges.Outcome;
import java.time.Instant;
import java.util.Comparator;
import org.junit.jupiter.api.Test;

/** What each reported change does to its key's item, whatever order the reports come in. */
class ObjectChangesTest {

    private static final Comparator<String> SEQUENCERS = Comparator.naturalOrder();
    private static final Instant T1 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(1);
    private static final Instant T3 = T1.plusSeconds(2);

    @Test
    void aNewKeyIsCreatedAndARemovalOfAnUnknownKeyLeavesATombstone() {
        assertThat(decide(null, written("\"a\"", T1, "01"))).isEqualTo(CREATE);
        assertThat(decide(null, removed(T1, "01"))).isEqualTo(TOMBSTONE);
    }

    @Test
    void aDeleteBeforeItsCreateLeavesTheCreateUnapplied() {
        // The tombstone the delete left remembers its sequencer, as Item.reported does
        Known tombstone = new Known(ItemStatus.GONE, null, T2, "02");
        assertThat(decide(tombstone, written("\"a\"", T1, "01"))).isEqualTo(STALE);
    }

    @Test
    void twoCreatesOutOfOrderEndAtTheNewest() {
        Known newest = new Known(ItemStatus.PENDING, "\"b\"", T2, "02");
        assertThat(decide(newest, written("\"a\"", T1, "01"))).as("the older, after the newer").isEqualTo(STALE);
        Known older = new Known(ItemStatus.DONE, "\"a\"", T1, "01");
        assertThat(decide(older, written("\"b\"", T2, "02"))).as("the newer, after the older").isEqualTo(CHANGED);
    }

    @Test
    void theSameContentAgainIsADuplicate() {
        Known done = new Known(ItemStatus.DONE, "\"a\"", T1, "01");
        assertThat(decide(done, written("\"a\"", T1, "01"))).isEqualTo(DUPLICATE);
        assertThat(decide(done, written("\"a\"", T2, "02"))).as("a newer write of the same bytes").isEqualTo(DUPLICATE);
    }

    @Test
    void aGoneKeyWrittenAgainReappearsAndARemovalOfAGoneKeyIsADuplicate() {
        Known gone = new Known(ItemStatus.GONE, "\"a\"", T1, "01");
        assertThat(decide(gone, written("\"a\"", T2, "02"))).as("even with the ETag it had").isEqualTo(REAPPEARED);
        assertThat(decide(gone, removed(T2, "02"))).isEqualTo(DUPLICATE);
    }

    @Test
    void aNewerRemovalMakesTheItemGoneAndAnOlderOneChangesNothing() {
        Known done = new Known(ItemStatus.DONE, "\"b\"", T2, "02");
        assertThat(decide(done, removed(T3, "03"))).isEqualTo(GONE);
        assertThat(decide(done, removed(T1, "01"))).as("a stale removal").isEqualTo(STALE);
        assertThat(decide(new Known(ItemStatus.PENDING, "\"b\"", T2, "02"), removed(T3, "03"))).isEqualTo(GONE);
    }

    @Test
    void withoutSequencersTheStoresTimeOrdersAgainstTheItemsLastModified() {
        // A listed item has no sequencer, only the listing's Last-Modified
        Known listed = new Known(ItemStatus.DONE, "\"b\"", T2, null);
        assertThat(decide(listed, written("\"a\"", T1, "01"))).as("written before the listed content").isEqualTo(STALE);
        assertThat(decide(listed, removed(T1, "01"))).as("removed before the listed content").isEqualTo(STALE);
        assertThat(decide(listed, written("\"b\"", T2, null))).as("the listed content's own event").isEqualTo(DUPLICATE);
        assertThat(decide(listed, written("\"c\"", T3, null))).isEqualTo(CHANGED);
        assertThat(decide(listed, removed(T3, null))).isEqualTo(GONE);
        assertThat(decide(listed, written("\"c\"", null, null))).as("no time at all: applied").isEqualTo(CHANGED);
    }

    @Test
    void sequencersOrderEvenAgainstTheClock() {
        // The sequencer is the store's order of changes to one key; event times may be skewed
        Known item = new Known(ItemStatus.DONE, "\"b\"", T3, "02");
        assertThat(decide(item, written("\"c\"", T1, "03"))).isEqualTo(CHANGED);
        assertThat(decide(item, removed(T3.plusSeconds(60), "01"))).isEqualTo(STALE);
    }

    private static Outcome decide(Known known, ObjectChange change) {
        return ObjectChanges.decide(known, change, SEQUENCERS);
    }

    private static ObjectChange written(String etag, Instant at, String sequencer) {
        return new ObjectChange("clip.mp4", false, etag, 10L, at, sequencer);
    }

    private static ObjectChange removed(Instant at, String sequencer) {
        return new ObjectChange("clip.mp4", true, null, null, at, sequencer);
    }
}

package io.notifications.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The patterns a subscription chooses its event types by. */
class EventTypesTest {

    @Test
    void anExactTypeMatchesOnlyItself() {
        assertThat(EventTypes.matches("item.done", "item.done")).isTrue();
        assertThat(EventTypes.matches("item.done", "item.failed")).isFalse();
        assertThat(EventTypes.matches("item.done", "item.done.more")).isFalse();
    }

    @Test
    void aWildcardMatchesItsFamilyAndTheStarEverything() {
        assertThat(EventTypes.matches("item.*", "item.done")).isTrue();
        assertThat(EventTypes.matches("item.*", "item.created")).isTrue();
        assertThat(EventTypes.matches("bucket.*", "bucket.scan.completed")).isTrue();
        assertThat(EventTypes.matches("item.*", "bucket.scan.completed")).isFalse();
        // A prefix of a word is not its family
        assertThat(EventTypes.matches("web.*", "webhook.ping")).isFalse();
        assertThat(EventTypes.ALL).allMatch(type -> EventTypes.matches("*", type));
    }

    @Test
    void onlyKnownTypesAndWellFormedWildcardsAreValidPatterns() {
        assertThat(EventTypes.ALL).allMatch(EventTypes::isValidPattern);
        assertThat(EventTypes.isValidPattern("*")).isTrue();
        assertThat(EventTypes.isValidPattern("item.*")).isTrue();
        assertThat(EventTypes.isValidPattern("source.*")).isTrue();
        assertThat(EventTypes.isValidPattern("item.finished")).as("unknown type").isFalse();
        assertThat(EventTypes.isValidPattern("Item.done")).isFalse();
        assertThat(EventTypes.isValidPattern("item.*.done")).isFalse();
        assertThat(EventTypes.isValidPattern("item*")).isFalse();
        assertThat(EventTypes.isValidPattern("")).isFalse();
        assertThat(EventTypes.isValidPattern(null)).isFalse();
    }
}

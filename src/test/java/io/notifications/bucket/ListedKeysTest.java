package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The listed keys a scan keeps as hashes: every listed key is found, and keys never listed are not. */
class ListedKeysTest {

    @Test
    void everyListedKeyIsFoundAndOthersAreNotAcrossGrowthAndLateAdditions() {
        ListedKeys listed = new ListedKeys();
        IntStream.range(0, 5000).forEach(i -> listed.add("media/clip-" + i + ".mp4"));

        assertThat(IntStream.range(0, 5000)).allMatch(i -> listed.contains("media/clip-" + i + ".mp4"));
        assertThat(IntStream.range(5000, 10000)).noneMatch(i -> listed.contains("media/clip-" + i + ".mp4"));
        assertThat(listed.contains("")).isFalse();
        assertThat(listed.size()).isEqualTo(5000);

        // A page recorded after a lookup is found too
        listed.add("media/late.mp4");
        assertThat(listed.contains("media/late.mp4")).isTrue();
        assertThat(listed.contains("media/clip-42.mp4")).isTrue();
    }

    @Test
    void keysThatDifferSlightlyHashApart() {
        Set<Long> hashes = new HashSet<>();
        String[] keys = {"a", "b", "ab", "ba", "a/", "/a", "A", "é", "e\u0301", "clip-0001.mp4", "clip-0010.mp4",
            "clip-0100.mp4", "clip-1000.mp4", "\uD83D\uDE00", " "};
        for (String key : keys) {
            hashes.add(ListedKeys.hash(key));
        }
        assertThat(hashes).hasSize(keys.length);
        assertThat(IntStream.range(0, 200_000).mapToObj(i -> ListedKeys.hash("k" + i)).distinct().count())
                .isEqualTo(200_000);
    }
}

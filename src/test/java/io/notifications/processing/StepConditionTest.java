package io.notifications.processing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepConditionTest {

    private static final Map<String, Object> VIDEO = Map.of("mediaType", "video", "durationSeconds", 95.5,
            "steps", Map.of("media-info", Map.of("mediaType", "video", "streams", List.of(Map.of("codec", "h264")))));

    @Test
    void readsTheEarlierResultsByNameAndByStep() {
        assertThat(test("mediaType matches 'image|video'", VIDEO)).isTrue();
        assertThat(test("{'image','video'}.contains(mediaType)", VIDEO)).isTrue();
        assertThat(test("durationSeconds > 60 and durationSeconds < 3600", VIDEO)).isTrue();
        assertThat(test("steps['media-info'].streams[0].codec == 'h264'", VIDEO)).isTrue();
        assertThat(test("mediaType == 'image'", VIDEO)).isFalse();
    }

    @Test
    void aNameNoStepReportedIsNullAndAConditionThatMeetsANullOnItsWayIsFalse() {
        assertThat(test("width == null", VIDEO)).isTrue();
        assertThat(test("width > 100", VIDEO)).isFalse();
        assertThat(test("steps['faces'].faces[0].score > 0.5", VIDEO)).isFalse();
        assertThat(test("codec matches 'h26.'", VIDEO)).isFalse();
        assertThat(test("codec.startsWith('h26')", VIDEO)).isFalse();
        // The whole condition, not only the part that met the null
        assertThat(test("!(codec matches 'h26.')", VIDEO)).isFalse();
    }

    @Test
    void onlyCheapQuestionsMayBeAskedOfTheValues() {
        assertThat(test("steps['media-info'].streams.size() == 1 and mediaType.startsWith('vid')", VIDEO)).isTrue();
        // A method that could hold a worker or its memory is refused when the pipeline is saved
        assertThatThrownBy(() -> StepCondition.parse("'a'.repeat(300).length() > 1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not call repeat()");
        assertThatThrownBy(() -> StepCondition.parse("'aaaa'.replaceAll('(a*)*b', 'x') == 'x'"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not call replaceAll()");
        // Even on a name that is null when the pipeline is saved
        assertThatThrownBy(() -> StepCondition.parse("mediaType.getClass() != null"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may not call getClass()");
    }

    @Test
    void reachesNoTypeConstructorOrBean() {
        assertThatThrownBy(() -> test("T(java.lang.Runtime).getRuntime().exec('true') != null", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may only read");
        assertThatThrownBy(() -> test("T(java.lang.Runtime) != null", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may only read");
        assertThatThrownBy(() -> test("new java.io.File('/') != null", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may only read");
        assertThatThrownBy(() -> test("@itemWorker != null", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may only read");
        assertThatThrownBy(() -> test("(mediaType = 'image') == 'image'", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("may only read");
    }

    @Test
    void aConditionMustBeValidShortAndTrueOrFalse() {
        assertThatThrownBy(() -> StepCondition.parse("mediaType in ['image','video']"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid condition").hasMessageContaining("{'image','video'}.contains");
        assertThatThrownBy(() -> StepCondition.parse("true or ".repeat(200) + "true"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 1000 characters");
        assertThatThrownBy(() -> test("mediaType", VIDEO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be true or false");
    }

    private static boolean test(String condition, Map<String, Object> names) {
        return StepCondition.parse(condition).test(names);
    }
}

package io.notifications.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff plain = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0);
    private final Backoff jittered = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 0.2);

    @Test
    void theFirstWaitFollowsAttemptOneAndEachFurtherAttemptDoublesIt() {
        assertThat(plain.delay(1, 0.5)).isEqualTo(Duration.ofMillis(500));
        assertThat(plain.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(plain.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(plain.delay(6, 0.5)).isEqualTo(Duration.ofSeconds(16));
        // Attempt numbers below one count as one
        assertThat(plain.delay(0, 0.5)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void noWaitIsLongerThanTheCapHoweverManyAttemptsFailed() {
        assertThat(plain.delay(7, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(plain.delay(1_000, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(plain.delay(Integer.MAX_VALUE, 0.5)).isEqualTo(Duration.ofSeconds(30));
        // The cap applies after the jitter: 32 s varied by 20% can be less than it, 64 s cannot
        assertThat(jittered.delay(7, 0)).isEqualTo(Duration.ofMillis(25_600));
        assertThat(jittered.delay(7, 0.999)).isEqualTo(Duration.ofSeconds(30));
        assertThat(jittered.delay(8, 0)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterVariesEachWaitByAtMostItsFractionEitherWay() {
        assertThat(jittered.delay(1, 0)).isEqualTo(Duration.ofMillis(400));
        assertThat(jittered.delay(1, 0.5)).isEqualTo(Duration.ofMillis(500));
        assertThat(jittered.delay(3, 0.75)).isEqualTo(Duration.ofMillis(2200));
        for (double random = 0; random < 1; random += 0.01) {
            assertThat(jittered.delay(2, random)).isBetween(Duration.ofMillis(800), Duration.ofMillis(1200));
        }
        assertThat(Backoff.jittered(Duration.ofSeconds(10), 0.2, 0)).isEqualTo(Duration.ofSeconds(8));
        assertThat(Backoff.jittered(Duration.ofSeconds(10), 0.2, 0.5)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withoutJitterTheRandomNumberChangesNothing() {
        assertThat(plain.delay(2, 0)).isEqualTo(plain.delay(2, 0.99)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void aJitterOfOneOrMoreOrBelowZeroIsRefused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), -0.1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package io.notifications.iconik;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Whether and when a failed iconik call is tried again, with the default iconik.retry.* settings. */
class IconikAttemptsTest {

    private static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");
    private static final double MIDDLE = 0.5;

    private final IconikAttempts attempts = new IconikAttempts(null, new ObjectMapper(), new SimpleMeterRegistry(),
            Clock.fixed(NOW, ZoneOffset.UTC), new Binder(new MapConfigurationPropertySource(Map.of()))
                    .bindOrCreate("iconik", IconikProperties.class));
    private final IconikCall get = new IconikCall("GET", "/API/assets/v1/assets/a/", 5);
    private final IconikCall post = new IconikCall("POST", "/API/jobs/v1/jobs/", 5);

    @Test
    void busyOrFailingAnswersAreRetriedWithExponentialBackoffFromTheFirstWait() {
        assertThat(attempts.nextWait(get, 1, false, 503, null, MIDDLE)).isEqualTo(Duration.ofMillis(500));
        assertThat(attempts.nextWait(get, 2, false, 500, null, MIDDLE)).isEqualTo(Duration.ofSeconds(1));
        assertThat(attempts.nextWait(get, 3, true, null, null, MIDDLE)).isEqualTo(Duration.ofSeconds(2));
        assertThat(attempts.nextWait(get, 1, false, 429, null, 0)).isEqualTo(Duration.ofMillis(400));
    }

    @Test
    void retryAfterIsHonouredUpToTheLongestWait() {
        assertThat(attempts.nextWait(get, 1, false, 429, "3", MIDDLE)).isEqualTo(Duration.ofSeconds(3));
        assertThat(attempts.nextWait(get, 1, false, 503, "0", MIDDLE)).isEqualTo(Duration.ZERO);
        assertThat(attempts.nextWait(get, 1, false, 429, "3600", MIDDLE)).isEqualTo(Duration.ofSeconds(30));
        assertThat(attempts.nextWait(get, 1, false, 503, httpDate(NOW.plusSeconds(12)), MIDDLE))
                .isEqualTo(Duration.ofSeconds(12));
        // Neither seconds nor a date: backoff as if it were not there
        assertThat(attempts.nextWait(get, 1, false, 429, "soon", MIDDLE)).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aPostIsRepeatedOnlyAfter429Or503() {
        assertThat(attempts.nextWait(post, 1, false, 429, "1", MIDDLE)).isEqualTo(Duration.ofSeconds(1));
        assertThat(attempts.nextWait(post, 1, false, 503, null, MIDDLE)).isEqualTo(Duration.ofMillis(500));
        assertThat(attempts.nextWait(post, 1, false, 500, null, MIDDLE)).isNull();
        assertThat(attempts.nextWait(post, 1, false, 502, "1", MIDDLE)).isNull();
        assertThat(attempts.nextWait(post, 1, true, null, null, MIDDLE)).isNull();
    }

    @Test
    void refusalsTheBudgetAndUsedUpAttemptsAreFinal() {
        assertThat(attempts.nextWait(get, 1, false, 404, null, MIDDLE)).isNull();
        assertThat(attempts.nextWait(get, 1, false, 403, null, MIDDLE)).isNull();
        // A 2xx that was no JSON
        assertThat(attempts.nextWait(get, 1, false, 200, null, MIDDLE)).isNull();
        // No turn of the budget: no answer either, but no call was made
        assertThat(attempts.nextWait(get, 1, false, null, null, MIDDLE)).isNull();
        assertThat(attempts.nextWait(get, 4, false, 503, null, MIDDLE)).isNotNull();
        assertThat(attempts.nextWait(get, 5, false, 503, null, MIDDLE)).isNull();
        assertThat(attempts.nextWait(new IconikCall("GET", "/API/jobs/v1/jobs/?per_page=1", 1), 1, true, null, null,
                MIDDLE)).isNull();
    }

    @Test
    void retryAfterIsSecondsOrAnHttpDate() {
        assertThat(IconikAttempts.retryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(IconikAttempts.retryAfter(" 7 ", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(IconikAttempts.retryAfter("-5", NOW)).isEqualTo(Duration.ZERO);
        assertThat(IconikAttempts.retryAfter("Mon, 02 Jun 2025 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
        assertThat(IconikAttempts.retryAfter(httpDate(NOW.minusSeconds(60)), NOW)).isEqualTo(Duration.ZERO);
        assertThat(IconikAttempts.retryAfter("in a while", NOW)).isNull();
        assertThat(IconikAttempts.retryAfter(" ", NOW)).isNull();
        assertThat(IconikAttempts.retryAfter(null, NOW)).isNull();
    }

    private static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atZone(ZoneOffset.UTC));
    }
}

package io.notifications.bucket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A bucket's schedule: a fixed interval or a Quartz cron expression that will fire. */
class ScanScheduleTest {

    @Test
    void shortIntervalsAndIsoDurationsAreIntervals() {
        assertThat(ScanSchedule.parse("30s")).hasValue(new ScanSchedule(null, Duration.ofSeconds(30)));
        assertThat(ScanSchedule.parse(" 5m ")).hasValue(new ScanSchedule(null, Duration.ofMinutes(5)));
        assertThat(ScanSchedule.parse("1H")).hasValue(new ScanSchedule(null, Duration.ofHours(1)));
        assertThat(ScanSchedule.parse("2d")).hasValue(new ScanSchedule(null, Duration.ofDays(2)));
        assertThat(ScanSchedule.parse("250ms")).hasValue(new ScanSchedule(null, Duration.ofMillis(250)));
        assertThat(ScanSchedule.parse("PT30S")).hasValue(new ScanSchedule(null, Duration.ofSeconds(30)));
    }

    @Test
    void intervalsOutsideTheSensibleRangeAreRefused() {
        assertThat(ScanSchedule.parse("50ms")).as("under 100 ms").isEmpty();
        assertThat(ScanSchedule.parse("0s")).isEmpty();
        assertThat(ScanSchedule.parse("400d")).as("over a year").isEmpty();
        assertThat(ScanSchedule.parse("99999999999999999999s")).as("too large to count").isEmpty();
        assertThat(ScanSchedule.parse("PT-5S")).isEmpty();
    }

    @Test
    void aCronExpressionMustFire() {
        assertThat(ScanSchedule.parse("0 0/5 * * * ?")).hasValueSatisfying(s -> {
            assertThat(s.isCron()).isTrue();
            assertThat(s.cron()).isEqualTo("0 0/5 * * * ?");
        });
        assertThat(ScanSchedule.parse("0 0 0 30 2 ?")).as("30 February never comes").isEmpty();
        assertThat(ScanSchedule.parse("0 0 25 * * ?")).as("no 25th hour").isEmpty();
    }

    @Test
    void nothingElseIsASchedule() {
        assertThat(ScanSchedule.parse(null)).isEmpty();
        assertThat(ScanSchedule.parse("  ")).isEmpty();
        assertThat(ScanSchedule.parse("every minute")).isEmpty();
        assertThat(ScanSchedule.parse("5 minutes")).isEmpty();
        assertThat(ScanSchedule.parse("1".repeat(200) + "s")).as("over 128 characters").isEmpty();
    }
}

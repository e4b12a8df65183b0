package io.kurado.plugins.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TickScheduleTest {
    @Test
    void ticksFallOnTheNextMultipleOfTheInterval() {
        TickSchedule s = new TickSchedule(Duration.ofMinutes(1), Duration.ZERO);
        assertThat(s.next(Instant.ofEpochSecond(1404873350))).isEqualTo(Instant.ofEpochSecond(1404873360));
        assertThat(s.next(Instant.ofEpochSecond(1404873360))).isEqualTo(Instant.ofEpochSecond(1404873420));
        assertThat(s.next(Instant.ofEpochSecond(1404873359, 999_000_000))).isEqualTo(Instant.ofEpochSecond(1404873360));
    }

    @Test
    void longerIntervalsAlignToTheirOwnMultiple() {
        TickSchedule s = new TickSchedule(Duration.ofMinutes(5), Duration.ZERO);
        assertThat(s.next(Instant.ofEpochSecond(1000))).isEqualTo(Instant.ofEpochSecond(1200));
    }

    @Test
    void theDelayFollowsEachAlignedTick() {
        TickSchedule s = new TickSchedule(Duration.ofMinutes(1), Duration.ofSeconds(7));
        assertThat(s.next(Instant.ofEpochSecond(1404873350))).isEqualTo(Instant.ofEpochSecond(1404873367));
        // right after a delayed tick, the next one is a full interval later
        assertThat(s.next(Instant.ofEpochSecond(1404873367))).isEqualTo(Instant.ofEpochSecond(1404873427));
    }

    @Test
    void aRandomDelayIsBelowTheMaximumAndZeroWithoutOne() {
        for (int seed = 0; seed < 50; seed++) {
            assertThat(TickSchedule.withRandomDelay(Duration.ofMinutes(1), 10, new Random(seed)).delay())
                    .isBetween(Duration.ZERO, Duration.ofSeconds(9));
        }
        assertThat(TickSchedule.withRandomDelay(Duration.ofMinutes(1), 0, new Random(1)).delay()).isZero();
    }

    @Test
    void rejectsBadIntervals() {
        assertThatThrownBy(() -> new TickSchedule(Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TickSchedule(Duration.ofMillis(1500), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}

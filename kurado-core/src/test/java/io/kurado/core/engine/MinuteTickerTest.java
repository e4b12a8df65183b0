package io.kurado.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.core.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MinuteTickerTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:10Z"));
    private final List<Long> runs = new ArrayList<>();
    private final MinuteTicker ticker = new MinuteTicker("test-ticker", clock, Duration.ofSeconds(3), runs::add);

    private static long minuteOf(String t) {
        return Instant.parse(t).getEpochSecond() / 60;
    }

    @Test
    void runsOnceAMinuteAtTheOffsetAndNotBefore() {
        ticker.start();
        try {
            assertThat(ticker.runDue()).as("this minute's tick had passed when it started").isEqualTo(-1);
            clock.set(Instant.parse("2026-03-01T10:01:02.999Z"));
            assertThat(ticker.runDue()).isEqualTo(-1);
            clock.set(Instant.parse("2026-03-01T10:01:03Z"));
            assertThat(ticker.runDue()).isEqualTo(minuteOf("2026-03-01T10:01:00Z"));
            clock.set(Instant.parse("2026-03-01T10:01:40Z"));
            assertThat(ticker.runDue()).as("once a minute").isEqualTo(-1);
            clock.set(Instant.parse("2026-03-01T10:02:03Z"));
            ticker.runDue();
            assertThat(runs).containsExactly(minuteOf("2026-03-01T10:01:00Z"), minuteOf("2026-03-01T10:02:00Z"));
            assertThat(ticker.skipped()).isZero();
        } finally {
            ticker.close();
        }
    }

    @Test
    void minutesThatPassedWhileBehindAreSkippedAndCountedNotRunLate() {
        ticker.start();
        try {
            clock.set(Instant.parse("2026-03-01T10:01:03Z"));
            ticker.runDue();
            clock.set(Instant.parse("2026-03-01T10:04:30Z")); // a run or a stall took three minutes
            ticker.runDue();
            assertThat(runs).containsExactly(minuteOf("2026-03-01T10:01:00Z"), minuteOf("2026-03-01T10:04:00Z"));
            assertThat(ticker.skipped()).isEqualTo(2);
        } finally {
            ticker.close();
        }
    }

    @Test
    void aFailingRunDoesNotStopTheTicker() {
        List<Long> seen = new ArrayList<>();
        MinuteTicker failing = new MinuteTicker("failing", clock, Duration.ZERO, m -> {
            seen.add(m);
            throw new IllegalStateException("boom");
        });
        clock.set(Instant.parse("2026-03-01T10:01:00Z"));
        failing.runDue();
        clock.set(Instant.parse("2026-03-01T10:02:00Z"));
        failing.runDue();
        assertThat(seen).hasSize(2);
    }

    @Test
    void theDelayToTheNextTickIsAlignedToTheMinutePlusTheOffset() {
        long t = Instant.parse("2026-03-01T10:00:00Z").toEpochMilli();
        assertThat(MinuteTicker.delayToNext(t, Duration.ofSeconds(3))).isEqualTo(3_000);
        assertThat(MinuteTicker.delayToNext(t + 3_000, Duration.ofSeconds(3))).isEqualTo(60_000);
        assertThat(MinuteTicker.delayToNext(t + 59_500, Duration.ofSeconds(3))).isEqualTo(3_500);
    }

    @Test
    void anOffsetOfAMinuteOrMoreIsRefused() {
        assertThatThrownBy(() -> new MinuteTicker("x", clock, Duration.ofSeconds(60), m -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
    }
}

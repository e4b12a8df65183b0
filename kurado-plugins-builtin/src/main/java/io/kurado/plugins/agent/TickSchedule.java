package io.kurado.plugins.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When the agent collects: ticks aligned to the epoch at multiples of the interval, each followed
 * by a fixed delay (chosen once per process, so that many agents do not all push at second 0).
 * With a one-minute interval and no delay every tick falls on second 0 of a minute.
 *
 * @param interval the time between ticks, a whole number of seconds
 * @param delay the delay after each aligned tick
 * @since 0.1
 */
public record TickSchedule(Duration interval, Duration delay) {
    /** Validates the fields. */
    public TickSchedule {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(delay, "delay");
        if (interval.getSeconds() < 1 || interval.getNano() != 0) {
            throw new IllegalArgumentException("interval must be a positive whole number of seconds: " + interval);
        }
        if (delay.isNegative()) {
            throw new IllegalArgumentException("delay must not be negative: " + delay);
        }
    }

    /**
     * A schedule with a random delay below a maximum, as the original agent's {@code --max-delay}.
     *
     * @param interval the time between ticks
     * @param maxDelaySeconds the delay is a whole number of seconds from 0 to this minus 1 (0 for none)
     * @param random the source of the delay
     * @return the schedule
     */
    public static TickSchedule withRandomDelay(Duration interval, int maxDelaySeconds, java.util.random.RandomGenerator random) {
        int d = maxDelaySeconds <= 0 ? 0 : random.nextInt(maxDelaySeconds);
        return new TickSchedule(interval, Duration.ofSeconds(d));
    }

    /**
     * @param now the current time
     * @return the next tick: {@code now + interval} rounded down to a multiple of the interval,
     *     plus the delay
     */
    public Instant next(Instant now) {
        long i = interval.getSeconds();
        long aligned = Math.floorDiv(now.getEpochSecond() + i, i) * i;
        return Instant.ofEpochSecond(aligned).plus(delay);
    }
}

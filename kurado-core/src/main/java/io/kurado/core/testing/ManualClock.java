package io.kurado.core.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;

/**
 * A clock that moves only when told to, for tests of plugins, stores and the engine. Thread-safe.
 */
public final class ManualClock implements InstantSource {
    private volatile Instant now;

    /** @param start the time it shows until moved */
    public ManualClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** @param epochSecond the time it shows until moved */
    public static ManualClock atEpochSecond(long epochSecond) {
        return new ManualClock(Instant.ofEpochSecond(epochSecond));
    }

    @Override
    public Instant instant() {
        return now;
    }

    /**
     * @param by how far to move it (may be negative)
     * @return the new time
     */
    public synchronized Instant advance(Duration by) {
        now = now.plus(by);
        return now;
    }

    /** @param to the time it shows from now on */
    public void set(Instant to) {
        now = Objects.requireNonNull(to, "to");
    }

    @Override
    public String toString() {
        return "ManualClock[" + now + "]";
    }
}

package io.kurado.plugins.agent;

import java.time.Instant;
import java.time.InstantSource;

/** A clock that only moves when told. */
final class ManualClock implements InstantSource {
    volatile Instant now;

    ManualClock(long epochSecond) {
        now = Instant.ofEpochSecond(epochSecond);
    }

    @Override
    public Instant instant() {
        return now;
    }
}

package io.kurado.api.metrics;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** Meters that keep nothing. */
enum NoMeters implements Meters {
    INSTANCE;

    @Override
    public void counter(MeterId id, LongSupplier count) {}

    @Override
    public void gauge(MeterId id, DoubleSupplier value) {}

    @Override
    public DurationRecorder timer(MeterId id) {
        return DurationRecorder.NONE;
    }
}

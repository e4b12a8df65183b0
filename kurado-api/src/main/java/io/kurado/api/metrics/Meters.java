package io.kurado.api.metrics;

import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/**
 * Where components register what they count; a metrics library's registry stands behind it (the
 * daemon's is Micrometer's Prometheus registry). Counters and gauges are read when the registry is
 * scraped; durations are recorded as they happen. Implementations are thread-safe, and registering
 * the same id twice gives the first registration (or the same recorder) back.
 *
 * <pre>{@code
 * meters.counter(MeterId.of("kurado_samples_written_total", "Samples stored."), written::sum);
 * DurationRecorder drawn = meters.timer(MeterId.of("kurado_graph_duration_seconds", "Time to draw a graph."));
 * }</pre>
 *
 * @since 0.1
 */
public interface Meters {
    /**
     * @param id the counter, its name ending in {@code _total}
     * @param count reads its count, which never goes down while the process runs
     */
    void counter(MeterId id, LongSupplier count);

    /**
     * @param id the gauge
     * @param value reads its value now
     */
    void gauge(MeterId id, DoubleSupplier value);

    /**
     * @param id the durations, their name ending in {@code _seconds}
     * @return what records them; the same one for the same id
     */
    DurationRecorder timer(MeterId id);

    /** @return meters that keep nothing, the default of every component */
    static Meters none() {
        return NoMeters.INSTANCE;
    }
}

package io.kurado.api.storage;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What {@link Storage#read(SeriesQuery)} is asked for: one series, consolidated one way, over a
 * window, at about a resolution.
 *
 * @param series the series
 * @param function how points are consolidated
 * @param start the first instant wanted
 * @param end the last instant wanted, after {@code start}
 * @param resolution the step wanted between points; the storage answers with the step it keeps
 *     that matches best
 * @since 0.1
 */
public record SeriesQuery(SeriesRef series, Consolidation function, Instant start, Instant end, Duration resolution) {
    /** Validates the fields. */
    public SeriesQuery {
        Objects.requireNonNull(series, "series");
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(resolution, "resolution");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start " + start + " must be before end " + end);
        }
        if (resolution.isNegative() || resolution.isZero()) {
            throw new IllegalArgumentException("resolution must be positive, got " + resolution);
        }
    }
}

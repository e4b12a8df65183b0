package io.kurado.api.storage;

import java.util.Arrays;
import java.util.Objects;

/**
 * The points of one series over a window, at a fixed step: point {@code i} is the value over the
 * interval ending at {@link #timestamp(int) timestamp(i)} = {@code start + i * step} and starting
 * one step before it (the convention of RRD fetches). Unknown points are {@link Double#NaN}.
 *
 * <p>Immutable.
 *
 * @since 0.1
 */
public final class SeriesData {
    private final long start;
    private final long step;
    private final double[] values;

    /**
     * @param start the epoch second that ends the first point's interval
     * @param step seconds between points, positive
     * @param values the points, copied
     */
    public SeriesData(long start, long step, double[] values) {
        Objects.requireNonNull(values, "values");
        if (step <= 0) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        this.start = start;
        this.step = step;
        this.values = values.clone();
    }

    /** @return the epoch second that ends the first point's interval */
    public long start() {
        return start;
    }

    /** @return seconds between points */
    public long step() {
        return step;
    }

    /** @return the number of points */
    public int size() {
        return values.length;
    }

    /**
     * @param index a point, from 0
     * @return the epoch second that ends its interval
     */
    public long timestamp(int index) {
        Objects.checkIndex(index, values.length);
        return start + index * step;
    }

    /**
     * @param index a point, from 0
     * @return its value, NaN when unknown
     */
    public double value(int index) {
        return values[index];
    }

    /** @return a copy of the values */
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesData d && d.start == start && d.step == step && Arrays.equals(d.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(start, step, Arrays.hashCode(values));
    }

    @Override
    public String toString() {
        return "SeriesData[start=" + start + ", step=" + step + ", points=" + values.length + "]";
    }
}

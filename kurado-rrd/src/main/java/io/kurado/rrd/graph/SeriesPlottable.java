package io.kurado.rrd.graph;

import io.kurado.api.storage.SeriesData;
import org.rrd4j.data.IPlottable;

/**
 * A series laid on a graph's time grid: the value at grid time {@code t} is the time-weighted mean
 * of the series' known values over {@code (t - step, t]}, unknown when none overlaps it — the
 * normalisation rrdtool and rrd4j apply to data read from files.
 */
final class SeriesPlottable implements IPlottable {
    private final SeriesData data;
    private final long step;

    /**
     * @param data the series
     * @param step the grid's step in seconds
     */
    SeriesPlottable(SeriesData data, long step) {
        this.data = data;
        this.step = Math.max(1, step);
    }

    @Override
    public double getValue(long t) {
        return mean(data, t - step, t);
    }

    /**
     * @param d a series; point {@code i} covers {@code (start + (i-1)·step, start + i·step]}
     * @param from the interval's exclusive start
     * @param to the interval's inclusive end
     * @return the time-weighted mean of the known points overlapping {@code (from, to]}, NaN when none
     */
    static double mean(SeriesData d, long from, long to) {
        long ds = d.step();
        long first = Math.max(0, Math.floorDiv(from - d.start(), ds) + 1);
        long last = Math.min(d.size() - 1L, Math.floorDiv(to - d.start() + ds - 1, ds));
        double sum = 0;
        long weight = 0;
        for (long i = first; i <= last; i++) {
            double v = d.value((int) i);
            if (Double.isNaN(v)) {
                continue;
            }
            long right = d.start() + i * ds;
            long overlap = Math.min(right, to) - Math.max(right - ds, from);
            if (overlap > 0) {
                sum += v * overlap;
                weight += overlap;
            }
        }
        return weight == 0 ? Double.NaN : sum / weight;
    }
}

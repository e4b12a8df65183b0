package io.kurado.core.memory;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link Storage} in memory, for tests and demonstrations that want no files: one-minute points,
 * as the RRD files' finest archive keeps them, for a bounded time (two days by default), consolidated
 * to coarser steps when read. Counters, derives and absolutes become per-second rates as rrdtool
 * computes them (a counter that goes down wrapped at 32 or 64 bits; no rate across a gap longer
 * than two steps). Everything is lost when the process ends.
 */
public final class InMemoryStorage implements Storage {
    /** Seconds between points. */
    public static final int STEP = 60;
    /** Points kept per series by default: two days of minutes. */
    public static final int DEFAULT_POINTS = 2 * 24 * 60;
    /** The longest gap across which a rate is computed, as the RRD files' heartbeat. */
    static final long HEARTBEAT = 2L * STEP;
    /** The share of a coarser point's minutes that may be unknown for it to be known, as rrdtool's xff. */
    private static final double XFF = 0.5;

    private final int points;
    private final Map<SeriesRef, Series> series = new ConcurrentHashMap<>();
    private final Map<String, Set<MetricKey>> keys = new ConcurrentHashMap<>();

    /** A storage keeping two days of minutes per series. */
    public InMemoryStorage() {
        this(DEFAULT_POINTS);
    }

    /** @param points how many one-minute points each series keeps, at least 2 */
    public InMemoryStorage(int points) {
        if (points < 2) {
            throw new IllegalArgumentException("an in-memory series keeps at least 2 points, not " + points);
        }
        this.points = points;
    }

    /**
     * @param retention how long each series keeps its one-minute points
     * @return a storage keeping that much
     */
    public static InMemoryStorage keeping(Duration retention) {
        return new InMemoryStorage((int) Math.max(2, retention.toSeconds() / STEP));
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        int written = 0;
        int skipped = 0;
        for (Sample s : samples) {
            Series x = series.computeIfAbsent(SeriesRef.of(s.address(), s.plugin(), s.key()), k -> {
                keys.computeIfAbsent(k.address() + '/' + k.escapedPlugin(), a -> ConcurrentHashMap.newKeySet()).add(k.key());
                return new Series(k.key().type(), points);
            });
            if (x.add(s.timestamp(), s.value())) {
                written++;
            } else {
                skipped++;
            }
        }
        return new WriteResult(written, skipped, List.of());
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef ref) {
        Series x = series.get(ref);
        return x == null ? OptionalLong.empty() : x.lastUpdate();
    }

    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        Series x = series.get(query.series());
        if (x == null) {
            return Optional.empty();
        }
        long step = query.detail() == Detail.FINEST ? STEP
                : Math.max(STEP, Math.round((double) query.resolution().toSeconds() / STEP) * STEP);
        return Optional.of(x.read(query.start().getEpochSecond(), query.end().getEpochSecond(), step, query.function()));
    }

    @Override
    public Set<MetricKey> keys(String address, String escapedPlugin) {
        Set<MetricKey> k = keys.get(address + '/' + escapedPlugin);
        return k == null ? Set.of() : Set.copyOf(k);
    }

    /** @return the number of series held */
    public int size() {
        return series.size();
    }

    @Override
    public void close() {
        series.clear();
        keys.clear();
    }

    @Override
    public String toString() {
        return "InMemoryStorage[" + series.size() + " series]";
    }

    /** One series: a ring of one-minute points, indexed by the epoch minute that ends each. */
    private static final class Series {
        private final DataSourceType type;
        private final double[] ring;
        private final double[] weight;
        private long newestPoint = Long.MIN_VALUE;
        private long lastTime = -1;
        private double lastValue = Double.NaN;

        Series(DataSourceType type, int points) {
            this.type = type;
            this.ring = new double[points];
            this.weight = new double[points];
        }

        synchronized OptionalLong lastUpdate() {
            return lastTime < 0 ? OptionalLong.empty() : OptionalLong.of(lastTime);
        }

        synchronized boolean add(long time, double value) {
            if (lastTime >= 0 && time <= lastTime) {
                return false;
            }
            double v = rate(time, value);
            lastTime = time;
            lastValue = value;
            long point = Math.floorDiv(time + STEP - 1, STEP); // the point whose minute ends at or after the sample
            advanceTo(point);
            int i = slot(point);
            if (!Double.isNaN(v)) {
                ring[i] = weight[i] == 0 || Double.isNaN(ring[i]) ? v : (ring[i] * weight[i] + v) / (weight[i] + 1);
                weight[i]++;
            }
            return true;
        }

        private double rate(long time, double value) {
            if (type == DataSourceType.GAUGE || Double.isNaN(value)) {
                return value;
            }
            long elapsed = lastTime < 0 ? Long.MAX_VALUE : time - lastTime;
            if (elapsed > HEARTBEAT) {
                return Double.NaN;
            }
            switch (type) {
                case ABSOLUTE:
                    return value / elapsed;
                case DERIVE:
                    return Double.isNaN(lastValue) ? Double.NaN : (value - lastValue) / elapsed;
                default: // COUNTER
                    if (Double.isNaN(lastValue)) {
                        return Double.NaN;
                    }
                    double delta = value - lastValue;
                    if (delta < 0) {
                        delta += lastValue < 4294967296.0 ? 4294967296.0 : 18446744073709551616.0;
                    }
                    return delta / elapsed;
            }
        }

        private void advanceTo(long point) {
            if (newestPoint == Long.MIN_VALUE) {
                java.util.Arrays.fill(ring, Double.NaN);
                newestPoint = point;
                return;
            }
            long from = Math.max(newestPoint + 1, point - ring.length + 1);
            for (long p = from; p <= point; p++) {
                ring[slot(p)] = Double.NaN;
                weight[slot(p)] = 0;
            }
            newestPoint = Math.max(newestPoint, point);
        }

        private int slot(long point) {
            return (int) Math.floorMod(point, (long) ring.length);
        }

        private double point(long p) {
            if (newestPoint == Long.MIN_VALUE || p > newestPoint || p <= newestPoint - ring.length) {
                return Double.NaN;
            }
            return ring[slot(p)];
        }

        synchronized SeriesData read(long start, long end, long step, Consolidation function) {
            long first = Math.floorDiv(start + step - 1, step) * step;
            if (first > end) {
                first = Math.floorDiv(end, step) * step;
            }
            int n = (int) ((Math.floorDiv(end, step) * step - first) / step) + 1;
            int per = (int) (step / STEP);
            double[] values = new double[Math.max(1, n)];
            for (int i = 0; i < values.length; i++) {
                long endMinute = (first + i * step) / STEP;
                List<Double> known = new ArrayList<>(per);
                for (long p = endMinute - per + 1; p <= endMinute; p++) {
                    double v = point(p);
                    if (!Double.isNaN(v)) {
                        known.add(v);
                    }
                }
                values[i] = known.isEmpty() || known.size() < per * (1 - XFF) ? Double.NaN : consolidate(known, function);
            }
            return new SeriesData(first, step, values);
        }

        private static double consolidate(List<Double> known, Consolidation function) {
            switch (function) {
                case MIN:
                    return known.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
                case MAX:
                    return known.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
                case LAST:
                    return known.get(known.size() - 1);
                default:
                    return known.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            }
        }
    }
}

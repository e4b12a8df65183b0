package io.kurado.core.testkit;

import io.kurado.api.metrics.DurationRecorder;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.Meters;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

/** Meters for tests: what was registered, read back by name and tags, and every duration recorded. */
public final class RecordingMeters implements Meters {
    private final Map<MeterId, LongSupplier> counters = new ConcurrentHashMap<>();
    private final Map<MeterId, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<MeterId, List<Long>> timers = new ConcurrentHashMap<>();

    @Override
    public void counter(MeterId id, LongSupplier count) {
        counters.putIfAbsent(id, count);
    }

    @Override
    public void gauge(MeterId id, DoubleSupplier value) {
        gauges.putIfAbsent(id, value);
    }

    @Override
    public DurationRecorder timer(MeterId id) {
        List<Long> l = timers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
        return l::add;
    }

    /**
     * @param name a counter's name
     * @param tags its tags, as name, value, name, value…
     * @return its count now, empty when none was registered
     */
    public Optional<Long> counter(String name, String... tags) {
        return find(counters, name, tags).map(LongSupplier::getAsLong);
    }

    /**
     * @param name a gauge's name
     * @param tags its tags, as name, value…
     * @return its value now, empty when none was registered
     */
    public Optional<Double> gauge(String name, String... tags) {
        return find(gauges, name, tags).map(DoubleSupplier::getAsDouble);
    }

    /**
     * @param name a timer's name
     * @param tags its tags, as name, value…
     * @return the durations it recorded, in nanoseconds (none when it was not registered)
     */
    public List<Long> durations(String name, String... tags) {
        return find(timers, name, tags).map(List::copyOf).orElse(List.of());
    }

    private static <T> Optional<T> find(Map<MeterId, T> m, String name, String... tags) {
        Map<String, String> want = new java.util.TreeMap<>();
        for (int i = 0; i < tags.length; i += 2) {
            want.put(tags[i], tags[i + 1]);
        }
        return m.entrySet().stream().filter(e -> e.getKey().name().equals(name) && e.getKey().tags().equals(want))
                .map(Map.Entry::getValue).findFirst();
    }
}

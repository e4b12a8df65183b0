package io.kurado.plugins.base;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the collectors of one collection found: metric values by key (with the type suffix,
 * {@code cpu-user.derive}) and meta values by key ({@code uptime}). Both sorted by key, the order
 * in which the agent sends them. Values are text as read, so {@code 0.00} stays {@code 0.00}.
 *
 * <p>A collector that fails half-way keeps what it already added, as the original agent did.
 * Not thread-safe; one per collection.
 *
 * @since 0.1
 */
public final class BaseMetrics {
    private final SortedMap<String, String> metrics = new TreeMap<>();
    private final SortedMap<String, String> meta = new TreeMap<>();

    /**
     * Sets a metric.
     *
     * @param key the key with its type suffix, e.g. {@code memory-total.gauge}
     * @param value the value as text
     */
    public void metric(String key, String value) {
        metrics.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /**
     * Sets a metric.
     *
     * @param key the key with its type suffix
     * @param value the value
     */
    public void metric(String key, long value) {
        metric(key, Long.toString(value));
    }

    /**
     * Sets a meta value.
     *
     * @param key the meta key, e.g. {@code traffic-interfaces}
     * @param value the text
     */
    public void meta(String key, String value) {
        meta.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** @return the metrics, sorted by key (read-only view) */
    public SortedMap<String, String> metrics() {
        return Collections.unmodifiableSortedMap(metrics);
    }

    /** @return the meta values, sorted by key (read-only view) */
    public SortedMap<String, String> meta() {
        return Collections.unmodifiableSortedMap(meta);
    }
}

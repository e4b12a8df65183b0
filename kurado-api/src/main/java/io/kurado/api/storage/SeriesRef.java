package io.kurado.api.storage;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import java.util.Objects;

/**
 * Names one series: a host address, a plugin directory and a metric key. The plugin is given in
 * its escaped form ({@code http%3A80}), as directory names and {@code <%RRD_EXTEND%>} tags carry it.
 *
 * @param address the host address
 * @param escapedPlugin the escaped plugin identifier
 * @param key the metric key with its type
 * @since 0.1
 */
public record SeriesRef(String address, String escapedPlugin, MetricKey key) {
    /** Validates the fields. */
    public SeriesRef {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(escapedPlugin, "escapedPlugin");
        Objects.requireNonNull(key, "key");
        if (address.isEmpty() || escapedPlugin.isEmpty()) {
            throw new IllegalArgumentException("address and plugin must not be empty");
        }
    }

    /**
     * @param address the host address
     * @param plugin the plugin
     * @param key the metric key
     * @return the series
     */
    public static SeriesRef of(String address, PluginRef plugin, MetricKey key) {
        return new SeriesRef(address, plugin.escapedIdentifier(), key);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof SeriesRef r && key.equals(r.key) && address.equals(r.address)
                && escapedPlugin.equals(r.escapedPlugin);
    }

    /**
     * Mixed so that the series of many similar hosts and keys ({@code 10.0.3.17}, {@code metric-12})
     * spread over a hash table: combined with 31, as records are, a hundred thousand of them share
     * a third of their hash codes.
     */
    @Override
    public int hashCode() {
        int h = (address.hashCode() * 0x9E3779B9 + escapedPlugin.hashCode()) * 0x9E3779B9 + key.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        return h ^ (h >>> 16);
    }

    /** @return the series as a person reads it, e.g. {@code 'reqs.derive' of plugin http%3A80 on 10.0.0.5} */
    @Override
    public String toString() {
        return "'" + key + "' of plugin " + escapedPlugin + " on " + address;
    }
}

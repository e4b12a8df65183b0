package io.kurado.api;

import java.util.Objects;

/**
 * A metric value: {@code address TAB plugin.metrics.key.type TAB value TAB timestamp}.
 *
 * @param address the host address
 * @param plugin the plugin
 * @param key the metric key with its type
 * @param value the value; {@link Double#NaN} for unknown ({@code U} in the line format)
 * @param timestamp epoch seconds
 * @since 0.1
 */
public record Sample(String address, PluginRef plugin, MetricKey key, double value, long timestamp)
        implements Observation {
    /** Validates the fields. */
    public Sample {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(key, "key");
        if (address.isEmpty()) {
            throw new IllegalArgumentException("address must not be empty");
        }
    }

    /** @return true when the value is unknown ({@code U}) */
    public boolean isUnknown() {
        return Double.isNaN(value);
    }
}

package io.kurado.api;

import java.util.Objects;
import java.util.Optional;

/**
 * The key of one metric within a plugin: a name and a data-source type, written
 * {@code name.type} ({@code cpu-user.derive}, {@code heap_memory_usage.max.gauge}).
 *
 * @param name the name without the type suffix; may contain dots; never empty
 * @param type the data-source type
 * @since 0.1
 */
public record MetricKey(String name, DataSourceType type) {
    /** Validates the fields. */
    public MetricKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("metric name must not be empty");
        }
    }

    /**
     * Parses a key that ends in a type suffix.
     *
     * @param key for example {@code cpu-user.derive}
     * @return the key
     * @throws IllegalArgumentException when the key has no type suffix or no name
     */
    public static MetricKey of(String key) {
        return parse(key).orElseThrow(() -> new IllegalArgumentException(
                "metric key '" + key + "' must be a name followed by .gauge, .counter, .derive or .absolute"));
    }

    /**
     * Builds a key from its parts.
     *
     * @param name the name
     * @param type the type
     * @return the key
     */
    public static MetricKey of(String name, DataSourceType type) {
        return new MetricKey(name, type);
    }

    /**
     * Parses a key that ends in a type suffix.
     *
     * @param key for example {@code cpu-user.derive}
     * @return the key, or empty when it has no type suffix or no name before it
     */
    public static Optional<MetricKey> parse(String key) {
        int dot = key.lastIndexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return DataSourceType.fromSuffix(key.substring(dot + 1))
                .map(t -> new MetricKey(key.substring(0, dot), t));
    }

    /** @return the key as the line format writes it, {@code name.type} */
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MetricKey k && type == k.type && name.equals(k.name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 0x9E3779B9 + type.ordinal();
    }

    @Override
    public String toString() {
        return name + '.' + type.suffix();
    }
}

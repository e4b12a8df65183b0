package io.kurado.api;

import java.util.Objects;

/**
 * A meta value about a plugin of a host (a version, an uptime, a device list):
 * {@code address TAB plugin.meta.key TAB value TAB timestamp}. Kept for an hour.
 *
 * @param address the host address
 * @param plugin the plugin
 * @param key the meta key; never empty
 * @param value the text
 * @param timestamp epoch seconds
 * @since 0.1
 */
public record Meta(String address, PluginRef plugin, String key, String value, long timestamp)
        implements Observation {
    /** Validates the fields. */
    public Meta {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (address.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("address and key must not be empty");
        }
    }
}

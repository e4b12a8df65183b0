package io.kurado.api;

import java.util.Objects;

/**
 * A warning about a plugin of a host: {@code address TAB plugin.warn.key TAB message TAB timestamp}.
 * Shown on the host page and in its status for five minutes.
 *
 * @param address the host address
 * @param plugin the plugin
 * @param key what the warning is about ({@code command}, {@code traffic}); never empty
 * @param message the text
 * @param timestamp epoch seconds
 * @since 0.1
 */
public record Warning(String address, PluginRef plugin, String key, String message, long timestamp)
        implements Observation {
    /** Validates the fields. */
    public Warning {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        if (address.isEmpty() || key.isEmpty()) {
            throw new IllegalArgumentException("address and key must not be empty");
        }
    }
}

package io.kurado.api.view;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a {@link MetricsViewer} gets.
 *
 * @param host the host
 * @param plugin the roll entry: the plugin name and its arguments
 * @param metricsConfig the host's merged {@code metrics_config}
 * @param meta the plugin's meta values stored in the last hour (for {@code base}: the interfaces,
 *     devices, uptime and kernel version the agent sent)
 * @since 0.1
 */
public record ViewContext(Host host, PluginRef plugin, Map<String, Object> metricsConfig, Map<String, String> meta) {
    /** Validates the fields and copies the maps. */
    public ViewContext {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(plugin, "plugin");
        metricsConfig = Map.copyOf(metricsConfig);
        meta = Map.copyOf(meta);
    }

    /**
     * @param index the argument's position, from 0
     * @return the plugin argument at that position, if given and not empty
     */
    public Optional<String> argument(int index) {
        if (index < 0 || index >= plugin.arguments().size() || plugin.arguments().get(index).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(plugin.arguments().get(index));
    }

    /**
     * @param key a meta key
     * @return its value, if stored and not empty
     */
    public Optional<String> meta(String key) {
        String v = meta.get(key);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}

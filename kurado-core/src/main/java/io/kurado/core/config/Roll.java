package io.kurado.core.config;

import io.kurado.api.PluginRef;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A roll file: which plugins a kind of host runs, and its {@code metrics_config}.
 *
 * @param name the file name as services name it ({@code httpd.yml})
 * @param file the file
 * @param metricsConfig the roll's own {@code metrics_config} (not merged)
 * @param plugins the plugin entries, in file order
 */
public record Roll(String name, Path file, Map<String, Object> metricsConfig, List<PluginRef> plugins) {
    /** Validates the fields and copies the collections. */
    public Roll {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
        metricsConfig = Map.copyOf(metricsConfig);
        plugins = List.copyOf(plugins);
    }
}

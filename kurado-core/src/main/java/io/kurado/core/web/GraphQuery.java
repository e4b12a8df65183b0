package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import java.util.Objects;

/**
 * One graph image asked for: which host, plugin and graph, over which time window, how wide.
 *
 * @param host the configured host
 * @param plugin the plugin entry
 * @param graph the graph name its viewer listed
 * @param window the time range and title
 * @param width the canvas width in pixels
 */
public record GraphQuery(HostEntry host, PluginRef plugin, String graph, GraphWindow window, int width) {
    /** Validates the fields. */
    public GraphQuery {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(window, "window");
        if (width < 1) {
            throw new IllegalArgumentException("width must be positive, got " + width);
        }
    }

    /** @return the host address */
    public String address() {
        return host.address();
    }
}

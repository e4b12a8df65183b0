package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a host page shows for one plugin: its graph groups and its warnings.
 *
 * @param plugin the roll entry
 * @param groups the groups its viewer listed, empty when it has none
 * @param warnings warning text by key, sorted by key, including {@code __system__} (stale) and
 *     {@code _exec_plugin_} (the viewer failed)
 * @param notice a remark shown instead of graphs, e.g. that the plugin has no viewer
 * @param fetched true when this server fetches the plugin's data, false when an agent pushes it
 */
public record PluginPanel(PluginRef plugin, List<GraphGroup> groups, Map<String, String> warnings, Optional<String> notice,
        boolean fetched) {
    /** Validates the fields and copies the collections. */
    public PluginPanel {
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(notice, "notice");
        groups = List.copyOf(groups);
        warnings = Collections.unmodifiableMap(new TreeMap<>(warnings));
    }

    /**
     * @param key a key of {@link #warnings()}
     * @return the words the page shows before that warning: who reported it, rather than the key
     *     on the wire ({@code command}, {@code __system__})
     */
    public String label(String key) {
        return switch (key) {
            case "__system__", "_exec_plugin_" -> "Kurado";
            case "storage" -> "Storage";
            case "command" -> fetched ? "Fetch failed" : "Agent command plugin " + plugin.name();
            default -> key;
        };
    }

    /** @return true when the plugin has warnings */
    public boolean hasWarnings() {
        return !warnings.isEmpty();
    }
}

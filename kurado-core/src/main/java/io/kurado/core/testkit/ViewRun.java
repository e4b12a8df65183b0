package io.kurado.core.testkit;

import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What one view listed.
 *
 * @param plugin the roll entry
 * @param groups the graph groups
 * @param definitions for every graph named in the groups, its definition (empty when the viewer
 *     has none), in the order listed
 * @param failure what the viewer threw, if it did: the failure of its list, or of the first graph
 *     that failed
 * @param graphFailures what the viewer threw for each graph it could not give, in the order listed
 */
public record ViewRun(PluginRef plugin, List<GraphGroup> groups, Map<String, Optional<String>> definitions, Optional<Throwable> failure,
        Map<String, Throwable> graphFailures) {
    /** Validates the fields and copies the collections. */
    public ViewRun {
        Objects.requireNonNull(plugin, "plugin");
        groups = List.copyOf(groups);
        definitions = Collections.unmodifiableMap(new LinkedHashMap<>(definitions));
        Objects.requireNonNull(failure, "failure");
        graphFailures = Collections.unmodifiableMap(new LinkedHashMap<>(graphFailures));
    }

    /**
     * A view whose graphs did not fail one by one.
     *
     * @param plugin the roll entry
     * @param groups the graph groups
     * @param definitions the definition of every graph named in the groups
     * @param failure what the viewer threw, if it did
     */
    public ViewRun(PluginRef plugin, List<GraphGroup> groups, Map<String, Optional<String>> definitions, Optional<Throwable> failure) {
        this(plugin, groups, definitions, failure, Map.of());
    }

    /** @return every graph name, in the order listed */
    public List<String> graphs() {
        return List.copyOf(definitions.keySet());
    }

    /**
     * @param graph a graph name
     * @return its definition
     * @throws AssertionError when the viewer did not list it or has no definition for it
     */
    public String definition(String graph) {
        Optional<String> d = definitions.get(graph);
        if (d == null) {
            throw new AssertionError("viewer " + plugin.name() + " did not list graph '" + graph + "'; it listed " + graphs());
        }
        return d.orElseThrow(() -> new AssertionError("viewer " + plugin.name() + " has no definition for graph '" + graph + "'"));
    }

    /**
     * @param title a group title
     * @return the group
     * @throws AssertionError when there is no such group
     */
    public GraphGroup group(String title) {
        return groups.stream().filter(g -> g.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("viewer " + plugin.name() + " listed no group '" + title + "'; it listed "
                        + groups.stream().map(GraphGroup::title).toList()));
    }
}

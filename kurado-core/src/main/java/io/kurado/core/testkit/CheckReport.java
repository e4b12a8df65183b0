package io.kurado.core.testkit;

import io.kurado.api.PluginRef;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The outcome of a {@link PluginCheck}.
 *
 * @param plugin the roll entry checked
 * @param graphs the graphs the viewer listed
 * @param referencedKeys the metric keys of this host and plugin the definitions read
 * @param availableKeys the keys the fetch produced or the agent sends (empty when not checked)
 * @param problems every problem found, empty when the plugin passed
 */
public record CheckReport(PluginRef plugin, List<String> graphs, Set<String> referencedKeys, Set<String> availableKeys, List<String> problems) {
    /** Validates the fields and copies the collections. */
    public CheckReport {
        Objects.requireNonNull(plugin, "plugin");
        graphs = List.copyOf(graphs);
        referencedKeys = Collections.unmodifiableSet(new TreeSet<>(referencedKeys));
        availableKeys = Collections.unmodifiableSet(new TreeSet<>(availableKeys));
        problems = List.copyOf(problems);
    }

    /** @return true when there is no problem */
    public boolean passed() {
        return problems.isEmpty();
    }

    /**
     * @return this report
     * @throws AssertionError listing every problem, when there is any
     */
    public CheckReport assertPassed() {
        if (!problems.isEmpty()) {
            throw new AssertionError(this);
        }
        return this;
    }

    @Override
    public String toString() {
        if (problems.isEmpty()) {
            return "plugin " + plugin.identifier() + ": " + graphs.size() + " graphs, all parse"
                    + (availableKeys.isEmpty() ? "" : ", every key they read was produced");
        }
        return "plugin " + plugin.identifier() + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems") + ":\n  "
                + String.join("\n  ", problems);
    }
}

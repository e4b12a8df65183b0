package io.kurado.core.testkit;

import io.kurado.api.MetricKey;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.SeriesSource;
import io.kurado.core.graph.GraphDefinitionParser;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a viewer against what its data holds, reporting every problem at once:
 *
 * <ul>
 *   <li>every graph it lists has a definition;
 *   <li>every definition parses as rrdtool graph text;
 *   <li>with keys given ({@link #afterFetch(FetchRun)} for a pull plugin, {@link #pushedKeys} for
 *       one the agent feeds), every {@code <%RRD key.type %>} a definition reads is among them.
 * </ul>
 *
 * The view is listed with the meta of the fetch when one is given, so that graphs a viewer shows
 * only for some servers (say {@code reqs} of {@code http}) are checked when the fetch would show them.
 */
public final class PluginCheck {
    private final ViewRequest view;
    private Optional<Set<String>> keys = Optional.empty();
    private String source = "";
    private Optional<String> fetchFailure = Optional.empty();

    PluginCheck(ViewRequest view) {
        this.view = view;
    }

    /**
     * Checks the viewer against a fetch: its arguments, host and meta are viewed, and its keys
     * must cover every key the definitions read. A fetch that failed is one problem, saying why;
     * the keys are then not compared.
     *
     * @param run a fetch of the same plugin
     * @return this check
     */
    public PluginCheck afterFetch(FetchRun run) {
        view.host(run.host()).arguments(run.plugin().arguments()).meta(run.meta());
        this.source = "the fetch of " + run.plugin().identifier() + " at " + run.host().address();
        this.fetchFailure = run.failureMessage();
        this.keys = run.succeeded() ? Optional.of(run.keys()) : Optional.empty();
        return this;
    }

    /**
     * Checks the viewer against the keys a push plugin's agent sends.
     *
     * @param keys metric keys with their types
     * @return this check
     */
    public PluginCheck pushedKeys(Collection<String> keys) {
        this.keys = Optional.of(new LinkedHashSet<>(keys));
        this.source = "the keys the agent sends";
        this.fetchFailure = Optional.empty();
        return this;
    }

    /**
     * @param configure changes the view checked (host, arguments, meta)
     * @return this check
     */
    public PluginCheck view(java.util.function.Consumer<ViewRequest> configure) {
        configure.accept(view);
        return this;
    }

    /** @return the report; it never throws for what the plugin does */
    public CheckReport run() {
        ViewRun v = view.run();
        List<String> problems = new ArrayList<>();
        fetchFailure.ifPresent(m -> problems.add(source + " failed: " + m));
        if (v.graphFailures().isEmpty()) {
            v.failure().ifPresent(e -> problems.add("the viewer failed: " + e));
        }
        Set<String> referenced = new TreeSet<>();
        GraphDefinitionParser parser = new GraphDefinitionParser();
        for (Map.Entry<String, Optional<String>> e : v.definitions().entrySet()) {
            String graph = e.getKey();
            Throwable failed = v.graphFailures().get(graph);
            if (failed != null) {
                problems.add("graph '" + graph + "' failed: " + failed);
                continue;
            }
            if (e.getValue().isEmpty()) {
                problems.add("graph '" + graph + "' is listed but has no definition");
                continue;
            }
            GraphDefinition def;
            try {
                def = parser.parse(e.getValue().get());
            } catch (RuntimeException ex) {
                problems.add("graph '" + graph + "' does not parse: " + ex.getMessage());
                continue;
            }
            for (MetricKey k : ownKeys(def)) {
                referenced.add(k.toString());
                if (keys.isPresent() && !keys.get().contains(k.toString())) {
                    problems.add("graph '" + graph + "' reads " + k + ", which " + source + " did not produce");
                }
            }
        }
        if (v.definitions().isEmpty() && v.failure().isEmpty()) {
            problems.add("the viewer lists no graph");
        }
        return new CheckReport(view.plugin(), v.graphs(), referenced, keys.orElse(Set.of()), problems);
    }

    /** The keys of this host and plugin that a definition's DEFs read. */
    private static List<MetricKey> ownKeys(GraphDefinition def) {
        List<MetricKey> out = new ArrayList<>();
        for (GraphElement.Def d : def.defs()) {
            if (d.source() instanceof SeriesSource.Tag t && t.plugin().isEmpty() && t.address().isEmpty()) {
                out.add(t.key());
            }
        }
        return out;
    }
}

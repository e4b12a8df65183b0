package io.kurado.core.testkit;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One view to run: the host, the plugin arguments, {@code metrics_config} and the stored meta.
 * {@link #run()} lists the viewer's graph groups and asks it for every graph it names.
 */
public final class ViewRequest {
    private final MetricsViewer viewer;
    private final String name;
    private Host host = Host.of("127.0.0.1");
    private List<String> arguments = List.of();
    private Map<String, Object> metricsConfig = Map.of();
    private Map<String, String> meta = Map.of();

    ViewRequest(MetricsViewer viewer, String name) {
        this.viewer = viewer;
        this.name = name;
    }

    /**
     * @param host the host shown
     * @return this request
     */
    public ViewRequest host(Host host) {
        this.host = Objects.requireNonNull(host, "host");
        return this;
    }

    /**
     * @param address the address of the host shown
     * @return this request
     */
    public ViewRequest address(String address) {
        return host(Host.of(address));
    }

    /**
     * @param arguments the plugin arguments
     * @return this request
     */
    public ViewRequest arguments(String... arguments) {
        this.arguments = List.of(arguments);
        return this;
    }

    /**
     * @param arguments the plugin arguments
     * @return this request
     */
    public ViewRequest arguments(List<String> arguments) {
        this.arguments = List.copyOf(arguments);
        return this;
    }

    /**
     * @param metricsConfig the host's merged {@code metrics_config}
     * @return this request
     */
    public ViewRequest metricsConfig(Map<String, Object> metricsConfig) {
        this.metricsConfig = Map.copyOf(metricsConfig);
        return this;
    }

    /**
     * @param meta the stored meta the viewer gets, e.g. {@link FetchRun#meta()}
     * @return this request
     */
    public ViewRequest meta(Map<String, String> meta) {
        this.meta = Map.copyOf(meta);
        return this;
    }

    /** @return the roll entry shown */
    public PluginRef plugin() {
        return new PluginRef(name, arguments);
    }

    /** @return the viewer */
    public MetricsViewer viewer() {
        return viewer;
    }

    /** @return the context the viewer gets */
    public ViewContext context() {
        return new ViewContext(host, plugin(), metricsConfig, meta);
    }

    /**
     * Lists the groups and asks for every graph named in them.
     *
     * @return the groups and definitions, or how the viewer failed
     */
    public ViewRun run() {
        ViewContext ctx = context();
        List<GraphGroup> groups;
        try {
            groups = Objects.requireNonNull(viewer.list(ctx), "the viewer listed null");
        } catch (RuntimeException e) {
            return new ViewRun(plugin(), List.of(), Map.of(), Optional.of(e));
        }
        Map<String, Optional<String>> defs = new LinkedHashMap<>();
        Map<String, Throwable> failures = new LinkedHashMap<>();
        for (GraphGroup g : groups) {
            for (String graph : g.graphs()) {
                try {
                    Optional<String> d = viewer.graph(ctx, graph);
                    defs.put(graph, d == null ? Optional.empty() : d);
                } catch (RuntimeException e) {
                    defs.put(graph, Optional.empty());
                    failures.put(graph, e);
                }
            }
        }
        Optional<Throwable> first = failures.entrySet().stream().findFirst()
                .map(e -> new RuntimeException("graph '" + e.getKey() + "': " + e.getValue(), e.getValue()));
        return new ViewRun(plugin(), groups, defs, first, failures);
    }
}

package io.kurado.core.web;

import io.kurado.api.meta.MetaStore;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.core.plugin.PluginRegistry;
import java.util.Objects;
import java.util.Optional;

/**
 * The usual {@link GraphBackend}: asks the plugin's viewer for the graph's definition (with the
 * host's stored meta, as the host page does) and hands it to a {@link GraphRenderer}.
 */
public final class ViewerGraphBackend implements GraphBackend {
    private final PluginRegistry registry;
    private final MetaStore meta;
    private final GraphRenderer renderer;

    /**
     * @param registry the viewers
     * @param meta the meta store the viewers read
     * @param renderer draws definitions
     */
    public ViewerGraphBackend(PluginRegistry registry, MetaStore meta, GraphRenderer renderer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.renderer = Objects.requireNonNull(renderer, "renderer");
    }

    @Override
    public Optional<PreparedGraph> prepare(GraphQuery q) {
        Optional<MetricsViewer> viewer = registry.viewer(q.plugin().name());
        if (viewer.isEmpty()) {
            return Optional.empty();
        }
        ViewContext ctx = new ViewContext(q.host().host(), q.plugin(), q.host().metricsConfig(),
                meta.read(q.address(), q.plugin()).meta());
        return viewer.get().graph(ctx, q.graph()).map(def -> renderer.prepare(q, def));
    }
}

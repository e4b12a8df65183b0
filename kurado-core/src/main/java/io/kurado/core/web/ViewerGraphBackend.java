package io.kurado.core.web;

import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.storage.Storage;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.api.meta.MetaStore;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.plugin.PluginRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The usual {@link GraphBackend}: asks the plugin's viewer for the graph's definition (with the
 * host's stored meta, as the host page does), parses and resolves it, and draws it with a
 * {@link GraphRenderer} from the storage.
 */
public final class ViewerGraphBackend implements GraphBackend {
    /** The most parsed definitions kept. */
    private static final int PARSED_KEPT = 1024;

    private final PluginRegistry registry;
    private final MetaStore meta;
    private final Storage storage;
    private final GraphRenderer renderer;
    private final GraphDefinitionParser parser = new GraphDefinitionParser();
    /** Parsed definitions by their text: a viewer prints the same text for every host of a view. */
    private final Map<String, GraphDefinition> parsed = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GraphDefinition> eldest) {
            return size() > PARSED_KEPT;
        }
    };

    /**
     * @param registry the viewers
     * @param meta the meta store the viewers read
     * @param storage the series the graphs read (for their last update)
     * @param renderer draws definitions from that storage
     */
    public ViewerGraphBackend(PluginRegistry registry, MetaStore meta, Storage storage, GraphRenderer renderer) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.meta = Objects.requireNonNull(meta, "meta");
        this.storage = Objects.requireNonNull(storage, "storage");
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
        return viewer.get().graph(ctx, q.graph()).map(text -> {
            GraphDefinition def = parsed(text).resolve(q.address(), q.plugin().escapedIdentifier());
            return new ResolvedGraph(def, q, storage, renderer);
        });
    }

    /**
     * @param text a definition's text
     * @return it parsed, its template tags left; parsed once while it is among the
     *     {@link #PARSED_KEPT} used last
     * @throws io.kurado.core.graph.GraphDefinitionException when it cannot be drawn (not kept)
     */
    private GraphDefinition parsed(String text) {
        synchronized (parsed) {
            GraphDefinition d = parsed.get(text);
            if (d != null) {
                return d;
            }
        }
        GraphDefinition d = parser.parse(text);
        synchronized (parsed) {
            parsed.put(text, d);
        }
        return d;
    }
}

package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRendererProvider;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.api.storage.Storage;
import io.kurado.core.plugin.PluginRegistry;

/**
 * Finds the {@link GraphRenderer} of a storage among the {@link GraphRendererProvider}s of a plugin
 * registry.
 */
public final class GraphRenderers {
    private GraphRenderers() {}

    /**
     * @param storage the time-series store the definitions' series are read from
     * @param registry the plugins and providers, graph renderers among them
     * @return a renderer drawing from that storage; when no provider of the registry can, one whose
     *     every graph fails with a message saying so
     */
    public static GraphRenderer forStorage(Storage storage, PluginRegistry registry) {
        return registry.graphRenderer(storage).orElseGet(() -> new Missing(storage));
    }

    /** Says, for every graph, that nothing can draw it. */
    private record Missing(Storage storage) implements GraphRenderer {
        @Override
        public RenderedGraph render(GraphRequest request) {
            throw failure();
        }

        @Override
        public GraphData data(GraphRequest request) {
            throw failure();
        }

        private KuradoException failure() {
            return new KuradoException("no installed graph renderer can draw from storage "
                    + storage.getClass().getName() + "; add the module that provides one (kurado-rrd)");
        }
    }
}

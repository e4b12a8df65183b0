package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRendererProvider;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.api.storage.Storage;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the {@link GraphRenderer} of a storage among the installed {@link GraphRendererProvider}s. */
public final class GraphRenderers {
    private GraphRenderers() {}

    /**
     * @param storage the time-series store the definitions' series are read from
     * @return a renderer drawing from that storage; when no installed provider can, one whose every
     *     graph fails with a message saying so
     */
    public static GraphRenderer forStorage(Storage storage) {
        return forStorage(storage, GraphRenderers.class.getClassLoader());
    }

    /**
     * @param storage the time-series store
     * @param loader where to look for providers
     * @return a renderer drawing from that storage (see {@link #forStorage(Storage)})
     */
    public static GraphRenderer forStorage(Storage storage, ClassLoader loader) {
        return find(storage, loader).orElseGet(() -> new Missing(storage));
    }

    /**
     * @param storage the time-series store
     * @param loader where to look for providers
     * @return the renderer of the first installed provider that can draw from that storage
     */
    public static Optional<GraphRenderer> find(Storage storage, ClassLoader loader) {
        for (GraphRendererProvider p : ServiceLoader.load(GraphRendererProvider.class, loader)) {
            Optional<GraphRenderer> r = p.forStorage(storage);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
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

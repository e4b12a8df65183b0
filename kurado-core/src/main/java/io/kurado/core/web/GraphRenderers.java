package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.Storage;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds the {@link GraphRenderer} of a storage among the installed {@link GraphRendererProvider}s. */
public final class GraphRenderers {
    private GraphRenderers() {}

    /**
     * @param storage the time-series store whose files the definitions name
     * @return a renderer drawing through that storage; when no installed provider knows the storage,
     *     one whose every graph fails with a message saying so
     */
    public static GraphRenderer forStorage(Storage storage) {
        return forStorage(storage, GraphRenderers.class.getClassLoader());
    }

    /**
     * @param storage the time-series store
     * @param loader where to look for providers
     * @return a renderer drawing through that storage (see {@link #forStorage(Storage)})
     */
    public static GraphRenderer forStorage(Storage storage, ClassLoader loader) {
        for (GraphRendererProvider p : ServiceLoader.load(GraphRendererProvider.class, loader)) {
            Optional<GraphRenderer> r = p.forStorage(storage);
            if (r.isPresent()) {
                return r.get();
            }
        }
        return (q, def) -> {
            throw new KuradoException("no installed graph renderer can draw from storage "
                    + storage.getClass().getName() + "; add the module that provides it (kurado-rrd for rrd)");
        };
    }
}

package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.Storage;

/** Makes the {@link GraphRenderer} of a storage. */
public final class GraphRenderers {
    private GraphRenderers() {}

    /**
     * @param storage the time-series store whose files the definitions name
     * @return a renderer drawing through that storage
     */
    public static GraphRenderer forStorage(Storage storage) {
        return (q, def) -> {
            throw new KuradoException("storage " + storage.getClass().getSimpleName() + " cannot draw graphs");
        };
    }
}

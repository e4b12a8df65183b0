package io.kurado.core.web;

import io.kurado.api.storage.Storage;
import java.util.Optional;

/**
 * Supplies the {@link GraphRenderer} that can draw from a storage. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.kurado.core.web.GraphRendererProvider}):
 * the module of a storage ships the renderer that reads its files.
 */
public interface GraphRendererProvider {
    /**
     * @param storage the storage graphs are drawn from
     * @return a renderer reading that storage, or empty when this provider does not know it
     */
    Optional<GraphRenderer> forStorage(Storage storage);
}

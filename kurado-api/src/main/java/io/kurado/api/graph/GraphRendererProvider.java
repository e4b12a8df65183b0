package io.kurado.api.graph;

import io.kurado.api.storage.Storage;
import java.util.Optional;

/**
 * Supplies a {@link GraphRenderer} that draws from a storage. Found through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.kurado.api.graph.GraphRendererProvider});
 * stateless.
 *
 * @since 0.1
 */
public interface GraphRendererProvider {
    /**
     * @param storage the storage graphs are drawn from
     * @return a renderer reading that storage, or empty when this provider cannot draw from it
     */
    Optional<GraphRenderer> forStorage(Storage storage);
}

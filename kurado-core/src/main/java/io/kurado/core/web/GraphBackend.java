package io.kurado.core.web;

import java.util.Optional;

/**
 * Where graphs come from: resolves a {@link GraphQuery} through the plugin's viewer and the
 * storage into something that can tell its last update, draw itself and export its data.
 */
@FunctionalInterface
public interface GraphBackend {
    /**
     * @param query the graph asked for
     * @return the graph, or empty when the plugin has no viewer or its viewer no such graph
     * @throws RuntimeException when the graph definition cannot be read; the page answers 500 with
     *     the message
     */
    Optional<PreparedGraph> prepare(GraphQuery query);
}

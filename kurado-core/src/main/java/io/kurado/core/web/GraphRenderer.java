package io.kurado.core.web;

/**
 * Turns a viewer's graph definition (rrdtool {@code graph} text with template tags) into a
 * {@link PreparedGraph} for a query: the part of drawing that belongs to the storage.
 */
@FunctionalInterface
public interface GraphRenderer {
    /**
     * @param query the host, plugin, graph, window and width
     * @param definition the viewer's rrdtool text for that graph
     * @return the graph, ready to tell its last update, draw and export
     * @throws RuntimeException when the definition cannot be read
     */
    PreparedGraph prepare(GraphQuery query, String definition);
}

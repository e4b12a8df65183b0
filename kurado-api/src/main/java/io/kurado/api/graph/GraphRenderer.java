package io.kurado.api.graph;

/**
 * Draws resolved graph definitions, reading the series they name from a storage.
 *
 * <p>Implementations are thread-safe. A series that does not exist draws as unknown; a definition
 * that cannot be computed is a {@link io.kurado.api.KuradoException} whose message says which line
 * and series.
 *
 * @since 0.1
 */
public interface GraphRenderer {
    /**
     * @param request the definition, window, canvas, title and label
     * @return the PNG image and the results of the definition's {@code PRINT} elements
     */
    RenderedGraph render(GraphRequest request);

    /**
     * @param request the definition, window and canvas (the width chooses the resolution as for
     *     the image; title and label are not used)
     * @return the values the graph plots: one column per {@code LINE}, {@code AREA} and
     *     {@code STACK} of a variable, one row per step
     */
    GraphData data(GraphRequest request);
}

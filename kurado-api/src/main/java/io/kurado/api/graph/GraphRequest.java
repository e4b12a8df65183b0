package io.kurado.api.graph;

import java.util.Objects;

/**
 * One graph to draw: a resolved definition over a window, on a canvas of a size, with its title
 * and vertical label decided.
 *
 * @param definition the definition; every {@code DEF} names a series
 * @param window the time range (its term chooses the time grid)
 * @param width the canvas width in pixels, at least 1
 * @param height the canvas height in pixels, at least 1 (100 in the original)
 * @param title the title drawn above the graph
 * @param verticalLabel the label of the vertical axis
 * @since 0.1
 */
public record GraphRequest(GraphDefinition definition, GraphWindow window, int width, int height, String title,
        String verticalLabel) {
    /** The canvas height of the original's graphs. */
    public static final int DEFAULT_HEIGHT = 100;

    /** Validates the fields. */
    public GraphRequest {
        Objects.requireNonNull(definition, "definition");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(verticalLabel, "verticalLabel");
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("canvas must be at least 1x1, got " + width + "x" + height);
        }
        if (!definition.isResolved()) {
            throw new IllegalArgumentException("the definition has template tags left; resolve it first");
        }
    }
}

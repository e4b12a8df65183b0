package io.kurado.api.graph;

import java.util.List;
import java.util.Objects;

/**
 * A drawn graph.
 *
 * @param png the PNG image (not copied: do not change it)
 * @param width the image width in pixels (the canvas plus axes and margins)
 * @param height the image height in pixels
 * @param printLines the results of the definition's {@code PRINT} elements, in order
 * @since 0.1
 */
public record RenderedGraph(byte[] png, int width, int height, List<String> printLines) {
    /** Validates the fields and copies the list. */
    public RenderedGraph {
        Objects.requireNonNull(png, "png");
        printLines = List.copyOf(printLines);
    }
}

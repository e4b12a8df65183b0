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
 * @param notes what a person drawing the graph should know, e.g. that a series was never written
 *     and was drawn as unknown
 * @since 0.1
 */
public record RenderedGraph(byte[] png, int width, int height, List<String> printLines, List<String> notes) {
    /** Validates the fields and copies the lists. */
    public RenderedGraph {
        Objects.requireNonNull(png, "png");
        printLines = List.copyOf(printLines);
        notes = List.copyOf(notes);
    }

    /**
     * A graph drawn without notes.
     *
     * @param png the PNG image
     * @param width the image width
     * @param height the image height
     * @param printLines the results of the {@code PRINT} elements
     */
    public RenderedGraph(byte[] png, int width, int height, List<String> printLines) {
        this(png, width, height, printLines, List.of());
    }
}

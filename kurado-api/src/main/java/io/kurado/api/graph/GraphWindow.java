package io.kurado.api.graph;

import java.time.Instant;
import java.util.Objects;

/**
 * The time range of one graph image: a term of the original ({@code day}, {@code week},
 * {@code custom}…), its start and end, and the title drawn above the graph before the hostname.
 *
 * @param term the term name
 * @param start the first instant shown
 * @param end the last instant shown
 * @param title {@code Day}, {@code Week}…, or {@code <from> to <to>} for a custom range
 * @since 0.1
 */
public record GraphWindow(String term, Instant start, Instant end, String title) {
    /** Validates the fields. */
    public GraphWindow {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(title, "title");
        if (!start.isBefore(end)) {
            throw new IllegalArgumentException("start " + start + " must be before end " + end);
        }
    }
}

package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The original's graph terms: their spans and titles, and which images a page shows per term.
 */
public final class Terms {
    /** Every term {@code /graph} and {@code /servers} accept, in the order the term bars show them. */
    public static final List<String> ALL = List.of("day", "week", "month", "year", "1hour", "4hours", "8hours", "3days", "custom");

    /** The term bar of the host page: the original's terms (week and year are accepted too). */
    public static final List<String> HOST_BAR = List.of("day", "month", "1hour", "4hours", "8hours", "3days");

    private static final Map<String, Duration> SPANS = Map.of(
            "year", Duration.ofDays(400),
            "month", Duration.ofDays(35),
            "week", Duration.ofDays(8),
            "day", Duration.ofHours(33),
            "3days", Duration.ofDays(3),
            "8hours", Duration.ofHours(8),
            "4hours", Duration.ofHours(4),
            "1hour", Duration.ofMinutes(70));

    private static final Map<String, String> TITLES = Map.of(
            "year", "Year", "month", "Month", "week", "Week", "day", "Day",
            "3days", "3 Days", "8hours", "8 Hours", "4hours", "4 Hours", "1hour", "Hour");

    private static final Map<String, String> LABELS = Map.of(
            "day", "Day / Week", "month", "Month / Year", "week", "Week", "year", "Year",
            "1hour", "1 hour", "4hours", "4 hours", "8hours", "8 hours", "3days", "3 days", "custom", "Custom");

    /** Width of the images on the comparison page. */
    public static final int COMPARE_WIDTH = 420;

    /** Width of {@code /graph} images when none is asked for. */
    public static final int DEFAULT_WIDTH = 460;

    /** The widest image {@code /graph} draws unless {@code max_graph_width} says otherwise. */
    public static final int MAX_WIDTH = 4000;

    private Terms() {}

    /**
     * One image of a graph row.
     *
     * @param term the term drawn
     * @param width the canvas width in pixels
     */
    public record Image(String term, int width) {}

    /**
     * @param term a term name
     * @return the images per graph on the host page, as the original lays them out
     */
    public static List<Image> hostImages(String term) {
        return switch (term) {
            case "day" -> List.of(new Image("day", 500), new Image("week", 500));
            case "month" -> List.of(new Image("day", 400), new Image("week", 400), new Image("month", 400), new Image("year", 400));
            default -> List.of(new Image(term, 1100));
        };
    }

    /**
     * @param term a term other than custom
     * @return how far back it reaches from now
     */
    public static Optional<Duration> span(String term) {
        return Optional.ofNullable(SPANS.get(term));
    }

    /**
     * @param term a term name
     * @return the label of its button
     */
    public static String label(String term) {
        return LABELS.getOrDefault(term, term);
    }

    /**
     * @param term a term name
     * @return its title: {@code Day}, {@code 3 Days}…, {@code Custom}
     */
    public static String title(String term) {
        return TITLES.getOrDefault(term, term.equals("custom") ? "Custom" : term);
    }

    /**
     * The window of a term ending now.
     *
     * @param term a term other than custom
     * @param now the end
     * @return the window
     */
    public static GraphWindow window(String term, Instant now) {
        Duration span = span(term).orElseThrow(() -> new IllegalArgumentException("unknown term '" + term + "'"));
        return new GraphWindow(term, now.minus(span), now, TITLES.get(term));
    }
}

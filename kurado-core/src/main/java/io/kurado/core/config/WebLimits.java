package io.kurado.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * What one request to the web UI may cost, checked before any work starts (the points of an export
 * before it is written out), so that no single request, authenticated or not, can exhaust the heap
 * or the CPU. A request beyond a limit is answered 400 with a message naming the limit.
 *
 * @param maxRange the longest time range of a graph or export ({@code max_graph_days}, default
 *     2000 days: the RRD files keep about three years)
 * @param maxWidth the widest graph, in pixels ({@code max_graph_width}, default 4000)
 * @param maxPoints the most values one export returns, rows times columns
 *     ({@code max_graph_points}, default 250,000)
 * @param renderers how many graphs and exports are drawn at once ({@code graph_worker}, default:
 *     the number of processors); more wait their turn, and one that waits too long is answered 503
 */
public record WebLimits(Duration maxRange, int maxWidth, int maxPoints, int renderers) {
    /** The defaults. */
    public static final WebLimits DEFAULT = new WebLimits(Duration.ofDays(2000), 4000, 250_000,
            Math.max(1, Runtime.getRuntime().availableProcessors()));

    /** Validates the fields. */
    public WebLimits {
        Objects.requireNonNull(maxRange, "maxRange");
        if (maxRange.isNegative() || maxRange.isZero()) {
            throw new IllegalArgumentException("maxRange must be positive, got " + maxRange);
        }
        if (maxWidth < 1 || maxPoints < 1 || renderers < 1) {
            throw new IllegalArgumentException("web limits must be positive");
        }
    }
}

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
 * @param requestDeadline how long a client has to send a request's line, headers and body once its
 *     first byte has arrived ({@code web_request_seconds}, default 5 s); a request still partial
 *     then is answered 408 and its connection closed
 * @param connectionsPerAddress the most connections one client address may hold open at once
 *     ({@code web_connections_per_address}, default 64); one more is answered 503 and closed
 */
public record WebLimits(Duration maxRange, int maxWidth, int maxPoints, int renderers, Duration requestDeadline,
        int connectionsPerAddress) {
    /** The default deadline for a request's headers and body. */
    public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(5);
    /** The default bound on connections from one address. */
    public static final int CONNECTIONS_PER_ADDRESS = 64;
    /** The defaults. */
    public static final WebLimits DEFAULT = new WebLimits(Duration.ofDays(2000), 4000, 250_000,
            Math.max(1, Runtime.getRuntime().availableProcessors()));

    /**
     * Limits with the default request deadline and connection bound.
     *
     * @param maxRange the longest time range of a graph or export
     * @param maxWidth the widest graph, in pixels
     * @param maxPoints the most values one export returns
     * @param renderers how many graphs and exports are drawn at once
     */
    public WebLimits(Duration maxRange, int maxWidth, int maxPoints, int renderers) {
        this(maxRange, maxWidth, maxPoints, renderers, REQUEST_DEADLINE, CONNECTIONS_PER_ADDRESS);
    }

    /** Validates the fields. */
    public WebLimits {
        Objects.requireNonNull(maxRange, "maxRange");
        if (maxRange.isNegative() || maxRange.isZero()) {
            throw new IllegalArgumentException("maxRange must be positive, got " + maxRange);
        }
        if (maxWidth < 1 || maxPoints < 1 || renderers < 1 || connectionsPerAddress < 1) {
            throw new IllegalArgumentException("web limits must be positive");
        }
        Objects.requireNonNull(requestDeadline, "requestDeadline");
        if (requestDeadline.isNegative() || requestDeadline.isZero()) {
            throw new IllegalArgumentException("requestDeadline must be positive, got " + requestDeadline);
        }
    }
}

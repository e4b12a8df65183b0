package io.kurado.core.web;

import io.kurado.api.metrics.DurationRecorder;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.MeterSource;
import io.kurado.api.metrics.Meters;
import java.util.concurrent.atomic.AtomicLong;

/** What the web UI has served since it started, shown on the status page and given to meters. */
final class WebCounters implements MeterSource {
    private static final String GRAPHS = "kurado_graphs_total";
    private static final String GRAPHS_HELP = "Graph requests answered, by how: drawn, from_cache, not_modified (304) or failed.";
    private static final MeterId DRAW = MeterId.of("kurado_graph_draw_duration_seconds", "Time to draw a graph, by outcome.");

    final AtomicLong pages = new AtomicLong();
    final AtomicLong graphsRendered = new AtomicLong();
    final AtomicLong graphsFromCache = new AtomicLong();
    final AtomicLong graphsNotModified = new AtomicLong();
    final AtomicLong graphsFailed = new AtomicLong();
    final AtomicLong renderNanos = new AtomicLong();
    final AtomicLong errors = new AtomicLong();
    private volatile DurationRecorder drawn = DurationRecorder.NONE;
    private volatile DurationRecorder drawFailed = DurationRecorder.NONE;

    @Override
    public void bindTo(Meters meters) {
        meters.counter(new MeterId(GRAPHS, GRAPHS_HELP, java.util.Map.of("result", "drawn")), graphsRendered::get);
        meters.counter(new MeterId(GRAPHS, GRAPHS_HELP, java.util.Map.of("result", "from_cache")), graphsFromCache::get);
        meters.counter(new MeterId(GRAPHS, GRAPHS_HELP, java.util.Map.of("result", "not_modified")), graphsNotModified::get);
        meters.counter(new MeterId(GRAPHS, GRAPHS_HELP, java.util.Map.of("result", "failed")), graphsFailed::get);
        meters.counter(MeterId.of("kurado_web_errors_total", "Requests answered 500 or failing with a server-side error."), errors::get);
        drawn = meters.timer(DRAW.tag("outcome", "success"));
        drawFailed = meters.timer(DRAW.tag("outcome", "failure"));
    }

    /**
     * @param nanos how long drawing a graph took
     * @param ok whether it was drawn
     */
    void drew(long nanos, boolean ok) {
        renderNanos.addAndGet(nanos);
        (ok ? drawn : drawFailed).record(nanos);
    }
}

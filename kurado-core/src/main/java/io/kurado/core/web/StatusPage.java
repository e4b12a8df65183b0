package io.kurado.core.web;

import io.kurado.api.storage.StorageProblem;
import io.kurado.core.engine.ConfigReloads;
import io.kurado.core.engine.EngineStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /status} and {@code /api/status}: how the server itself is doing: samples written per
 * second, queue depths and lag, rejected lines, fetch failures, and what the web UI has drawn.
 */
final class StatusPage {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    /** A look within this time of the newest snapshot keeps none of its own. */
    private static final Duration SLOT = Duration.ofSeconds(5);
    /** The most snapshots kept: one per slot of the window, and none older than the window. */
    static final int MAX_SNAPSHOTS = (int) (WINDOW.toSeconds() / SLOT.toSeconds()) + 2;

    private final WebContext ctx;
    private final Deque<Snapshot> history = new ArrayDeque<>();

    private record Snapshot(Instant at, long samples) {}

    StatusPage(WebContext ctx) {
        this.ctx = ctx;
    }

    /** @return the figures, in display order */
    synchronized Map<String, String> figures() {
        Map<String, String> m = new LinkedHashMap<>();
        Instant now = ctx.clock().instant();
        Optional<EngineStats> st = ctx.stats().get();
        m.put("hosts", Integer.toString(ctx.config().hosts().size()));
        m.put("services", Integer.toString(ctx.config().services().size()));
        if (st.isPresent()) {
            EngineStats s = st.get();
            m.put("samples_per_second", rate(now, s.samplesWritten()));
            m.put("samples_written", Long.toString(s.samplesWritten()));
            m.put("samples_skipped", Long.toString(s.samplesSkipped()));
            m.put("samples_failed", Long.toString(s.samplesFailed()));
            m.put("lines_rejected", Long.toString(s.linesRejected()));
            m.put("samples_in_future", Long.toString(s.samplesInFuture()));
            m.put("batches_rejected", Long.toString(s.batchesRejected()));
            m.put("batches_written", Long.toString(s.batchesWritten()));
            m.put("update_queue_depth", depth(s.updateQueueDepth()));
            m.put("fetch_queue_depth", depth(s.fetchQueueDepth()));
            m.put("queue_lag_ms", Long.toString(s.lagMillis()));
            m.put("fetches_run", Long.toString(s.fetchesRun()));
            m.put("fetches_failed", Long.toString(s.fetchesFailed()));
            m.put("fetches_timed_out", Long.toString(s.fetchesTimedOut()));
            m.put("scheduler_rounds", Long.toString(s.rounds()));
            m.put("scheduler_rounds_skipped", Long.toString(s.roundsSkipped()));
            m.put("last_round_jobs", Long.toString(s.lastRoundJobs()));
            m.put("last_round_ms", Long.toString(s.lastRoundDuration().toMillis()));
        }
        WebCounters c = ctx.counters();
        m.put("graphs_rendered", Long.toString(c.graphsRendered.get()));
        m.put("graphs_from_cache", Long.toString(c.graphsFromCache.get()));
        m.put("graphs_not_modified", Long.toString(c.graphsNotModified.get()));
        m.put("graphs_failed", Long.toString(c.graphsFailed.get()));
        long n = c.graphsRendered.get() + c.graphsFailed.get();
        m.put("render_ms_avg", n == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.1f", c.renderNanos.get() / 1e6 / n));
        m.put("web_errors", Long.toString(c.errors.get()));
        List<StorageProblem> problems = ctx.views().storageProblems();
        long failing = problems.stream().filter(StorageProblem::ongoing).count();
        m.put("storage", failing == 0 ? "ok" : "failing");
        m.put("storage_failing_series", Long.toString(failing));
        m.put("storage_faults_last_day", Long.toString(problems.size() - failing));
        st.ifPresent(s -> m.put("storage_samples_lost", Long.toString(s.storageSamplesLost())));
        ctx.reloads().ifPresent(r -> {
            ConfigReloads.Status rs = r.status();
            m.put("config_digest", rs.digest().isEmpty() ? "none" : rs.digest());
            m.put("config_loaded_at", TimeParam.format(rs.loadedAt(), ctx.zone()));
            m.put("config_reloads", Long.toString(rs.reloads()));
            m.put("config_reloads_failed", Long.toString(rs.failures()));
            m.put("config_last_reload_successful", Boolean.toString(rs.lastSuccessful()));
            rs.last().flatMap(ConfigReloads.Outcome::problem).ifPresent(p -> m.put("config_last_reload_problem", p));
            rs.last().filter(o -> !o.restartNeeded().isEmpty())
                    .ifPresent(o -> m.put("config_restart_needed", String.join(", ", o.restartNeeded())));
        });
        return m;
    }

    /** @return how many snapshots of the samples written are kept */
    synchronized int snapshots() {
        return history.size();
    }

    private String rate(Instant now, long samples) {
        Snapshot last = history.peekLast();
        if (last == null || !now.isBefore(last.at().plus(SLOT)) || now.isBefore(last.at())) {
            history.addLast(new Snapshot(now, samples));
        }
        while (history.size() > MAX_SNAPSHOTS || history.size() > 1 && history.peekFirst().at().isBefore(now.minus(WINDOW))) {
            history.removeFirst();
        }
        Snapshot first = history.peekFirst();
        double secs = Duration.between(first.at(), now).toMillis() / 1000.0;
        if (secs < 1) {
            return "n/a";
        }
        return String.format(java.util.Locale.ROOT, "%.1f", (samples - first.samples()) / secs);
    }

    private static String depth(long d) {
        return d < 0 ? "unknown" : Long.toString(d);
    }

    WebResponse page(WebRequest req) {
        Map<String, String> f = figures();
        Html body = new Html();
        body.open("div", "class", "status").el("h2", "Server status");
        if (ctx.stats().get().isEmpty()) {
            body.el("p", "This web UI runs without an engine in this process; only its own figures are shown.", "class", "empty");
        }
        body.open("table", "class", "figures").open("tbody");
        f.forEach((k, v) -> body.open("tr").el("th", k.replace('_', ' ')).el("td", v, "data-key", k).close("tr"));
        body.close("tbody").close("table");
        body.el("p", "Samples per second are averaged since the previous look at this page, over at most five minutes.", "class", "note");
        List<StorageProblem> problems = ctx.views().storageProblems();
        if (!problems.isEmpty()) {
            body.el("h3", "Storage");
            body.open("ul", "class", "storage-problems");
            problems.stream().limit(20).forEach(p -> body.open("li", "class", p.ongoing() ? "alert" : "")
                    .el("b", p.ongoing() ? "failing since " + TimeParam.format(p.since(), ctx.zone()) + ":"
                            : TimeParam.format(p.since(), ctx.zone()) + ":")
                    .text(" " + p.message()).close("li"));
            if (problems.size() > 20) {
                body.el("li", "and " + (problems.size() - 20) + " more");
            }
            body.close("ul");
        }
        body.close("div");
        return WebResponse.html(Layout.page(ctx, "Status « Kurado", new Html().text("Status"), "", body, "page-status"));
    }

    WebResponse json(WebRequest req) {
        Map<String, String> f = figures();
        return WebResponse.json(Json.write(g -> {
            g.writeStartObject();
            for (Map.Entry<String, String> e : f.entrySet()) {
                String v = e.getValue();
                if (v.matches("-?\\d+")) {
                    g.writeNumberField(e.getKey(), Long.parseLong(v));
                } else if (v.matches("-?\\d+\\.\\d+")) {
                    g.writeNumberField(e.getKey(), Double.parseDouble(v));
                } else {
                    g.writeStringField(e.getKey(), v);
                }
            }
            g.writeEndObject();
        }));
    }
}

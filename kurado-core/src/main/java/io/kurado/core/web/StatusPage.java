package io.kurado.core.web;

import io.kurado.api.storage.StorageProblem;
import io.kurado.core.cluster.ClusterStatus;
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
import java.util.function.Supplier;

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
    private final Supplier<Optional<ClusterStatus>> cluster;
    private final Deque<Snapshot> history = new ArrayDeque<>();

    private record Snapshot(Instant at, long samples) {}

    StatusPage(WebContext ctx) {
        this(ctx, Optional::empty);
    }

    StatusPage(WebContext ctx, Supplier<Optional<ClusterStatus>> cluster) {
        this.ctx = ctx;
        this.cluster = cluster;
    }

    /** @return the group of servers, when this one is a node of one and it can be read */
    private Optional<ClusterStatus> cluster() {
        try {
            return cluster.get();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The group's figures: how many nodes are alive, the shard map's epoch, batches waiting and dropped. */
    private static void clusterFigures(ClusterStatus c, Map<String, String> m) {
        long alive = c.nodes().stream().filter(ClusterStatus.NodeRow::alive).count();
        m.put("cluster_nodes", Integer.toString(c.nodes().size()));
        m.put("cluster_nodes_alive", Long.toString(alive));
        m.put("cluster_shards", Integer.toString(c.shards()));
        m.put("cluster_replicas", Integer.toString(c.replicas()));
        m.put("cluster_epoch", Long.toString(c.epoch()));
        long backlog = 0;
        for (ClusterStatus.SlotRow r : c.slots()) {
            backlog = backlog < 0 || r.backlog().isEmpty() ? -1 : backlog + r.backlog().getAsLong();
        }
        m.put("cluster_backlog", depth(backlog));
        m.put("cluster_unowned_backlog", depth(c.unownedBacklog()));
        m.put("cluster_dropped", Long.toString(c.nodes().stream().mapToLong(ClusterStatus.NodeRow::dropped).sum()));
    }

    private void nodesTable(ClusterStatus c, Html body) {
        body.el("h3", "Nodes");
        body.open("table", "class", "nodes").open("thead").open("tr");
        for (String h : List.of("node", "state", "last seen", "shards", "lag", "backlog", "dropped")) {
            body.el("th", h);
        }
        body.close("tr").close("thead").open("tbody");
        for (ClusterStatus.NodeRow n : c.nodes()) {
            body.open("tr", "data-node", n.nodeId());
            if (n.advertiseUrl().isPresent()) {
                body.open("td").el("a", n.nodeId(), "href", n.advertiseUrl().get().resolve("status").toString()).close("td");
            } else {
                body.el("td", n.nodeId());
            }
            body.el("td", n.alive() ? "alive" : "down", "class", n.alive() ? "" : "alert");
            body.el("td", n.lastSeen().map(t -> TimeParam.format(t, ctx.zone())).orElse("never"));
            body.el("td", n.slots().size() + (n.slots().isEmpty() ? "" : " (" + String.join(" ", n.slots()) + ")"));
            body.el("td", n.lagMillis() / 1000 + " s");
            body.el("td", depth(n.backlog()));
            body.el("td", Long.toString(n.dropped()));
            body.close("tr");
        }
        body.close("tbody").close("table");
        body.el("p", "The " + c.shards() + " shards are numbered 0 to " + (c.shards() - 1) + (c.replicas() == 2 ? "; 7b is the second"
                + " copy of shard 7" : "") + ". The backlog is the batches waiting in Redis for the node's shards; a node that is down"
                + " keeps its shards, and writes them when it returns.", "class", "note");
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
        cluster().ifPresent(group -> clusterFigures(group, m));
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
        cluster().ifPresent(c -> nodesTable(c, body));
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
        Optional<ClusterStatus> c = cluster();
        return WebResponse.json(Json.write(g -> {
            g.writeStartObject();
            if (c.isPresent()) {
                g.writeArrayFieldStart("cluster_node_list");
                for (ClusterStatus.NodeRow n : c.get().nodes()) {
                    g.writeStartObject();
                    g.writeStringField("node", n.nodeId());
                    g.writeStringField("url", n.advertiseUrl().map(Object::toString).orElse(""));
                    g.writeBooleanField("alive", n.alive());
                    g.writeArrayFieldStart("shards");
                    for (String s : n.slots()) {
                        g.writeString(s);
                    }
                    g.writeEndArray();
                    g.writeNumberField("lag_ms", n.lagMillis());
                    g.writeNumberField("backlog", n.backlog());
                    g.writeNumberField("dropped", n.dropped());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
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

package io.kurado.core.web;

import io.kurado.api.view.GraphGroup;
import io.kurado.core.config.HostEntry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code /search?q=}: hosts whose address, hostname, comments, service or section contain every
 * word, {@value #MAX_HOSTS} a page ({@code &page=P}), and graphs whose group title or name (with
 * their host's fields) contain every word.
 */
final class SearchPage implements WebHandler {
    static final int MAX_HOSTS = 500;
    static final int MAX_GRAPHS = 100;
    static final int GRAPH_SCAN_LIMIT = 2000;

    private final WebContext ctx;

    SearchPage(WebContext ctx) {
        this.ctx = ctx;
    }

    /**
     * A graph found.
     *
     * @param host the host
     * @param panel the plugin
     * @param group the group title
     * @param graph the graph name
     */
    record GraphHit(HostEntry host, PluginPanel panel, String group, String graph) {}

    @Override
    public WebResponse handle(WebRequest req) {
        String q = req.param("q").orElse("").strip();
        List<String> words = words(q);
        int page = Params.counting(req, "page").orElse(1);
        int from = (page - 1) * MAX_HOSTS;
        List<HostEntry> hosts = new ArrayList<>();
        int matched = 0;
        List<GraphHit> graphs = new ArrayList<>();
        boolean scanCut = false;
        if (!words.isEmpty()) {
            int scanned = 0;
            for (HostEntry h : ctx.config().hosts()) {
                String fields = fields(h);
                if (words.stream().allMatch(fields::contains)) {
                    if (matched >= from && hosts.size() < MAX_HOSTS) {
                        hosts.add(h);
                    }
                    matched++;
                }
                if (graphs.size() < MAX_GRAPHS) {
                    if (scanned++ >= GRAPH_SCAN_LIMIT) {
                        scanCut = true;
                    } else if (!words.stream().allMatch(fields::contains)) {
                        graphs(h, fields, words, graphs);
                    }
                }
            }
        }
        if (page > 1 && from >= matched) {
            throw WebException.notFound("the search has " + Math.max(1, (matched + MAX_HOSTS - 1) / MAX_HOSTS) + " pages of hosts, not " + page);
        }
        Html body = new Html();
        body.open("div", "class", "search-results");
        body.el("h2", words.isEmpty() ? "Search" : "Results for “" + q + "”");
        if (words.isEmpty()) {
            body.el("p", "Type an address, hostname, comment, service, section or graph title in the box above.", "class", "empty");
        } else {
            hostTable(body, hosts, from, matched);
            IndexPage.pager(body, p -> Link.to("/search").param("q", q).param("page", Integer.toString(p)).toString(), page,
                    Math.max(1, (matched + MAX_HOSTS - 1) / MAX_HOSTS));
            graphList(body, graphs, scanCut);
        }
        body.close("div");
        Html crumbs = new Html().text("Search");
        return WebResponse.html(Layout.page(ctx, (q.isEmpty() ? "Search" : q + " « Search") + " « Kurado", crumbs, q, body, "page-search"));
    }

    static List<String> words(String q) {
        return Arrays.stream(q.toLowerCase(Locale.ROOT).split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String fields(HostEntry h) {
        return String.join("\n", h.address(), h.host().hostname(), h.host().comments(), h.service(), h.section()).toLowerCase(Locale.ROOT);
    }

    private void graphs(HostEntry h, String fields, List<String> words, List<GraphHit> out) {
        for (PluginPanel p : ctx.views().panels(h, Optional.empty())) {
            for (GraphGroup g : p.groups()) {
                for (String graph : g.graphs()) {
                    String text = fields + "\n" + g.title().toLowerCase(Locale.ROOT) + "\n" + graph.toLowerCase(Locale.ROOT);
                    String titles = g.title().toLowerCase(Locale.ROOT) + "\n" + graph.toLowerCase(Locale.ROOT);
                    if (out.size() < MAX_GRAPHS && words.stream().allMatch(text::contains) && words.stream().anyMatch(titles::contains)) {
                        out.add(new GraphHit(h, p, g.title(), graph));
                    }
                }
            }
        }
    }

    private static void hostTable(Html h, List<HostEntry> hosts, int from, int matched) {
        h.el("h3", "Hosts (" + matched + ")");
        if (hosts.isEmpty()) {
            h.el("p", "No host matches.", "class", "empty");
            return;
        }
        h.open("table", "class", "hosts");
        if (matched > hosts.size()) {
            h.el("caption", "hosts " + (from + 1) + "–" + (from + hosts.size()) + " of " + matched);
        }
        h.open("tbody");
        for (HostEntry e : hosts) {
            h.open("tr", "data-address", e.address())
                    .open("td", "class", "address").el("a", e.address(), "class", "host-link", "href", Link.to("/server").param("address", e.address()).toString()).close("td")
                    .open("td", "class", "hostname").el("b", e.host().hostname()).close("td")
                    .el("td", e.host().comments(), "class", "comments")
                    .open("td").el("a", e.service(), "href", Link.to("/").param("service", e.service()).toString())
                    .text(e.section().isEmpty() ? "" : " › " + e.section()).close("td")
                    .close("tr");
        }
        h.close("tbody").close("table");
    }

    private static void graphList(Html h, List<GraphHit> graphs, boolean scanCut) {
        h.el("h3", "Graphs (" + graphs.size() + (graphs.size() == MAX_GRAPHS ? "+" : "") + ")");
        if (graphs.isEmpty()) {
            h.el("p", "No graph title matches.", "class", "empty");
        } else {
            h.open("ul", "class", "graph-hits");
            for (GraphHit g : graphs) {
                String href = Link.to("/server").param("address", g.host().address())
                        .param("plugin_identifier", g.panel().plugin().identifier()) + "#" + Panels.anchor(g.panel().plugin());
                h.open("li").open("a", "href", href)
                        .el("b", g.host().host().hostname()).text(" " + g.host().address() + " › " + g.panel().plugin().identifier()
                                + " › " + (g.group().isEmpty() ? "" : g.group() + " › ") + g.graph())
                        .close("a").close("li");
            }
            h.close("ul");
        }
        if (scanCut) {
            h.el("p", "Graph titles were searched in the first " + GRAPH_SCAN_LIMIT + " hosts; add words to narrow the search.", "class", "empty");
        }
    }
}

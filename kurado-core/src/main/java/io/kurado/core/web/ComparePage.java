package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import io.kurado.core.config.HostEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /servers?address=…&address=…}: up to 500 hosts side by side in a grid filling the page's
 * width, one column per host and one row per graph, one image per graph for the term; where a host
 * lacks a graph its cell stays empty, so every row lines up. Unknown addresses are skipped, as in
 * the original.
 */
final class ComparePage implements WebHandler {
    /** The narrowest a host's column gets before the grid scrolls sideways, in CSS pixels. */
    private static final int MIN_COLUMN = 440;

    private final WebContext ctx;

    ComparePage(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        List<String> addresses = Params.addresses(req);
        String term = Params.term(req, Terms.ALL);
        Instant now = ctx.clock().instant();
        Params.Range range = Params.pageRange(req, now, ctx.zone(), ctx.config().settings().web().maxRange());
        Optional<PluginRef> filter = Params.plugin(req);
        Panels.View view = new Panels.View(term, range, filter);
        List<HostEntry> hosts = addresses.stream().flatMap(a -> ctx.config().host(a).stream()).toList();
        Set<PluginRef> plugins = new LinkedHashSet<>();
        hosts.forEach(h -> plugins.addAll(h.plugins()));

        Html body = new Html();
        body.open("div", "class", "bars");
        body.open("nav", "class", "plugins", "aria-label", "plugins");
        body.el("a", "All", "class", filter.isEmpty() ? "pill active" : "pill", "href", link(addresses, view, Optional.empty()));
        for (PluginRef p : plugins) {
            body.el("a", p.shortIdentifier(), "class", filter.map(p::equals).orElse(false) ? "pill active" : "pill",
                    "title", p.identifier(), "href", link(addresses, view, Optional.of(p)));
        }
        body.el("button", "Copy", "type", "button", "class", "copy", "title", "Copy this page's address");
        body.close("nav");
        List<String[]> hidden = new ArrayList<>();
        addresses.forEach(a -> hidden.add(new String[] {"address", a}));
        filter.ifPresent(p -> hidden.add(new String[] {"plugin_identifier", p.identifier()}));
        Panels.termBar(body, Terms.ALL.subList(0, Terms.ALL.size() - 1), Terms::title, term,
                t -> link(addresses, new Panels.View(t, range, filter), filter), "/servers", hidden, range);
        body.close("div");

        grid(body, hosts, plugins, filter, view, now);
        Html crumbs = new Html().text("Selected hosts (" + hosts.size() + ")");
        return WebResponse.html(Layout.page(ctx, "Selected hosts (" + hosts.size() + ") « Kurado", crumbs, "", body, "page-compare"));
    }

    /**
     * One row per graph and one column per host, so that the same graph of every host is side by
     * side; a host without that graph (or plugin) has an empty cell there. Above each plugin's
     * graphs a row holds its heading and warnings per host, and above each group's graphs its
     * title and meta badges per host.
     */
    private void grid(Html body, List<HostEntry> hosts, Set<PluginRef> plugins, Optional<PluginRef> filter, Panels.View view,
            Instant now) {
        int n = hosts.size();
        if (n == 0) {
            body.el("p", "None of these addresses is in the configuration.", "class", "empty");
            return;
        }
        Terms.Image image = new Terms.Image(view.term(), imageWidth(n));
        List<Map<PluginRef, PluginPanel>> panels = new ArrayList<>();
        for (HostEntry h : hosts) {
            Map<PluginRef, PluginPanel> byPlugin = new LinkedHashMap<>();
            ctx.views().panels(h, filter).forEach(p -> byPlugin.put(p.plugin(), p));
            panels.add(byPlugin);
        }
        body.open("div", "class", "compare-scroll");
        body.open("table", "class", "compare", "data-hosts", Integer.toString(n), "style", "min-width: " + n * MIN_COLUMN + "px");
        body.open("thead").open("tr");
        for (HostEntry h : hosts) {
            body.open("th", "class", "host-head", "scope", "col", "data-address", h.address())
                    .el("a", h.service(), "href", Link.to("/").param("service", h.service()).toString()).raw(" › ");
            StatusMark.write(body, ctx.views().level(h));
            body.text(" ").el("a", h.address(), "href", view.hostLink(h.address(), filter).toString())
                    .open("div").el("b", h.host().hostname()).text(" ").el("span", h.host().comments(), "class", "comments").close("div")
                    .close("th");
        }
        body.close("tr").close("thead");
        for (PluginRef p : plugins) {
            if (filter.isPresent() && !filter.get().equals(p)) {
                continue;
            }
            List<Optional<PluginPanel>> cells = panels.stream().map(m -> Optional.ofNullable(m.get(p))).toList();
            body.open("tbody", "class", "compare-plugin", "id", Panels.anchor(p), "data-plugin", p.identifier());
            body.open("tr", "class", "compare-plugin-row");
            for (int i = 0; i < n; i++) {
                Optional<PluginPanel> cell = cells.get(i);
                if (cell.isEmpty()) {
                    body.open("td", "class", "no-graph", "data-address", hosts.get(i).address())
                            .el("p", p.identifier() + " is not in the roll of this host", "class", "note").close("td");
                    continue;
                }
                body.open("td", "data-address", hosts.get(i).address())
                        .open("h3", "class", cell.get().hasWarnings() ? "plugin-name has-warn" : "plugin-name")
                        .el("a", p.name().toUpperCase(Locale.ROOT), "href", view.hostLink(hosts.get(i).address(), Optional.of(p)).toString(),
                                "title", p.identifier())
                        .close("h3");
                Panels.alerts(body, cell.get());
                body.close("td");
            }
            body.close("tr");
            for (Map.Entry<String, Set<String>> g : groups(cells).entrySet()) {
                body.open("tr", "class", "compare-group-row", "data-group", g.getKey());
                for (int i = 0; i < n; i++) {
                    Optional<GraphGroup> group = group(cells.get(i), g.getKey());
                    if (group.isEmpty()) {
                        body.open("td", "class", "no-graph", "data-address", hosts.get(i).address()).close("td");
                        continue;
                    }
                    body.open("td", "data-address", hosts.get(i).address());
                    Panels.groupHead(body, group.get());
                    body.close("td");
                }
                body.close("tr");
                for (String graph : g.getValue()) {
                    body.open("tr", "class", "compare-graph-row", "data-graph", graph);
                    for (int i = 0; i < n; i++) {
                        boolean has = group(cells.get(i), g.getKey()).map(x -> x.graphs().contains(graph)).orElse(false);
                        if (has) {
                            body.open("td", "data-address", hosts.get(i).address());
                            Panels.image(body, hosts.get(i), p, graph, view, image, now);
                        } else {
                            body.open("td", "class", "no-graph", "data-address", hosts.get(i).address());
                        }
                        body.close("td");
                    }
                    body.close("tr");
                }
            }
            body.close("tbody");
        }
        body.close("table").close("div");
    }

    /** @return the group titles of the hosts in first-seen order, each with the union of its graphs */
    private static Map<String, Set<String>> groups(List<Optional<PluginPanel>> cells) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (Optional<PluginPanel> c : cells) {
            c.ifPresent(panel -> panel.groups().forEach(g -> out.computeIfAbsent(g.title(), t -> new LinkedHashSet<>()).addAll(g.graphs())));
        }
        return out;
    }

    private static Optional<GraphGroup> group(Optional<PluginPanel> cell, String title) {
        return cell.flatMap(panel -> panel.groups().stream().filter(g -> g.title().equals(title)).findFirst());
    }

    /**
     * @param hosts how many hosts are compared
     * @return the graphs' width: wide for one host, half the page's for two, the original's
     *     {@link Terms#COMPARE_WIDTH} for more (the columns then scroll sideways past the window)
     */
    static int imageWidth(int hosts) {
        return hosts == 1 ? 1100 : hosts == 2 ? 540 : Terms.COMPARE_WIDTH;
    }

    private static String link(List<String> addresses, Panels.View view, Optional<PluginRef> plugin) {
        Link l = Link.to("/servers");
        addresses.forEach(a -> l.param("address", a));
        if (view.term().equals("custom")) {
            l.param("from", view.range().fromText()).param("to", view.range().toText());
        }
        l.paramIf(!view.term().equals("day"), "term", view.term());
        plugin.ifPresent(p -> l.param("plugin_identifier", p.identifier()));
        return l.toString();
    }
}

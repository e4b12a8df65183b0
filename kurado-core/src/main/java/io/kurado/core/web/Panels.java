package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import io.kurado.api.PluginRef;
import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.core.config.HostEntry;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Writes plugin panels (warnings, groups, meta badges, graph rows) for the host and comparison pages. */
final class Panels {
    private Panels() {}

    /**
     * The view a page draws: its term, custom range and plugin filter.
     *
     * @param term the term
     * @param range the custom range, used when the term is custom
     * @param filter the plugin filter
     */
    record View(String term, Params.Range range, Optional<PluginRef> filter) {
        /** Link to a host page keeping the view: address, from/to for custom, term unless day, plugin. */
        Link hostLink(String address, Optional<PluginRef> plugin) {
            Link l = Link.to("/server").param("address", address);
            if (term.equals("custom")) {
                l.param("from", range.fromText()).param("to", range.toText());
            }
            l.paramIf(!term.equals("day"), "term", term);
            plugin.ifPresent(p -> l.param("plugin_identifier", p.identifier()));
            return l;
        }

        GraphWindow window(String t, Instant now) {
            return t.equals("custom") ? range.window() : Terms.window(t, now);
        }
    }

    static String anchor(PluginRef p) {
        return "p-" + p.escapedIdentifier().replace('%', '_');
    }

    static void write(Html h, HostEntry host, List<PluginPanel> panels, View view, List<Terms.Image> images, Instant now) {
        for (PluginPanel panel : panels) {
            PluginRef p = panel.plugin();
            h.open("section", "class", "plugin", "id", anchor(p), "data-plugin", p.identifier());
            h.open("h3", "class", panel.hasWarnings() ? "plugin-name has-warn" : "plugin-name")
                    .el("a", p.name().toUpperCase(Locale.ROOT), "href", view.hostLink(host.address(), Optional.of(p)).toString(), "title", p.identifier())
                    .close("h3");
            alerts(h, panel);
            for (GraphGroup g : panel.groups()) {
                group(h, host, p, g, view, images, now);
            }
            h.close("section");
        }
    }

    /** Writes a plugin's warnings and its notice. */
    static void alerts(Html h, PluginPanel panel) {
        for (Map.Entry<String, String> w : panel.warnings().entrySet()) {
            h.open("div", "class", "alert", "role", "alert").el("b", panel.label(w.getKey()) + ":").text(" " + w.getValue()).close("div");
        }
        panel.notice().ifPresent(n -> h.el("p", n, "class", "notice"));
    }

    private static void group(Html h, HostEntry host, PluginRef p, GraphGroup g, View view, List<Terms.Image> images, Instant now) {
        h.open("div", "class", "group");
        groupHead(h, g);
        for (String graph : g.graphs()) {
            h.open("div", "class", "graph-row", "data-graph", graph);
            for (Terms.Image img : images) {
                image(h, host, p, graph, view, img, now);
            }
            h.close("div");
        }
        h.close("div");
    }

    /** Writes a group's title and meta badges. */
    static void groupHead(Html h, GraphGroup g) {
        h.open("div", "class", "group-head");
        if (!g.title().isEmpty()) {
            h.el("h4", g.title());
        }
        for (MetaItem m : g.meta()) {
            h.open("span", "class", "meta").el("b", m.key().toUpperCase(Locale.ROOT)).text(" ");
            if (m.raw()) {
                h.open("span", "class", "meta-value").raw(m.value()).close("span");
            } else {
                h.el("span", m.value(), "class", "meta-value");
            }
            h.close("span");
        }
        h.close("div");
    }

    /** Writes one graph image of a host for a term, with what drag-to-zoom needs. */
    static void image(Html h, HostEntry host, PluginRef p, String graph, View view, Terms.Image img, Instant now) {
        String zoom = Link.to("/server").param("address", host.address()).param("plugin_identifier", p.identifier()).toString();
        GraphWindow w = view.window(img.term(), now);
        Link src = Link.to("/graph").param("address", host.address()).param("plugin_identifier", p.identifier())
                .param("graph", graph).param("term", img.term()).param("width", Integer.toString(img.width()));
        if (img.term().equals("custom")) {
            src.param("from", view.range().fromText()).param("to", view.range().toText());
        }
        h.empty("img", "class", "graph", "src", src.toString(), "alt", graph + " (" + w.title() + ")", "loading", "lazy",
                "data-start", Long.toString(w.start().getEpochSecond()), "data-end", Long.toString(w.end().getEpochSecond()),
                "data-canvas", Integer.toString(img.width()), "data-zoom", zoom);
    }

    static void termBar(Html h, List<String> terms, Function<String, String> label, String current,
            Function<String, String> link, String action, List<String[]> hidden, Params.Range range) {
        h.open("nav", "class", "terms", "aria-label", "terms");
        for (String t : terms) {
            h.el("a", label.apply(t), "class", t.equals(current) ? "term active" : "term", "href", link.apply(t), "data-term", t);
        }
        h.open("form", "class", "custom", "action", Link.relative(action), "method", "get");
        for (String[] kv : hidden) {
            h.empty("input", "type", "hidden", "name", kv[0], "value", kv[1]);
        }
        h.empty("input", "type", "hidden", "name", "term", "value", "custom")
                .open("label").text("from ").empty("input", "type", "text", "name", "from", "value", range.fromText(), "size", "19").close("label")
                .open("label").text(" to ").empty("input", "type", "text", "name", "to", "value", range.toText(), "size", "19").close("label")
                .el("button", "Show", "type", "submit", "class", current.equals("custom") ? "active" : "")
                .close("form");
        h.close("nav");
    }
}

package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /servers?address=…&address=…}: up to 500 hosts side by side, one column each, plugin by
 * plugin, one image per graph for the term. Unknown addresses are skipped, as in the original.
 */
final class ComparePage implements WebHandler {
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

        body.open("div", "class", "columns");
        List<Terms.Image> images = List.of(new Terms.Image(term, Terms.COMPARE_WIDTH));
        for (HostEntry h : hosts) {
            body.open("div", "class", "column", "data-address", h.address());
            body.open("div", "class", "column-head")
                    .el("a", h.service(), "href", Link.to("/").param("service", h.service()).toString()).raw(" › ")
                    .el("a", h.address(), "href", view.hostLink(h.address(), filter).toString())
                    .open("div").el("b", h.host().hostname()).text(" ").el("span", h.host().comments(), "class", "comments").close("div")
                    .close("div");
            Panels.write(body, h, ctx.views().panels(h, filter), view, images, now);
            body.close("div");
        }
        body.close("div");
        Html crumbs = new Html().text("Selected hosts (" + hosts.size() + ")");
        return WebResponse.html(Layout.page(ctx, "Selected hosts (" + hosts.size() + ") « Kurado", crumbs, "", body, "page-compare"));
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

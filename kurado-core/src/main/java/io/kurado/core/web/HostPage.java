package io.kurado.core.web;

import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code /server?address=}: a host's plugins in roll order with their warnings, meta badges and
 * graphs for a term ({@code day} shows day and week side by side, {@code month} day to year, the
 * short terms and {@code custom} one wide image). Week and year are accepted too, unlike the
 * original, so links from the comparison page keep working.
 */
final class HostPage implements WebHandler {
    private final WebContext ctx;

    HostPage(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        HostEntry host = Params.host(req, ctx.config());
        String term = Params.term(req, Terms.ALL);
        Instant now = ctx.clock().instant();
        Params.Range range = Params.pageRange(req, now, ctx.zone(), ctx.config().settings().web().maxRange());
        Optional<PluginRef> filter = Params.plugin(req);
        Panels.View view = new Panels.View(term, range, filter);
        List<PluginPanel> all = ctx.views().panels(host, Optional.empty());
        List<PluginPanel> shown = filter.isEmpty() ? all : all.stream().filter(p -> p.plugin().equals(filter.get())).toList();

        Html body = new Html();
        body.open("div", "class", "bars");
        body.open("nav", "class", "plugins", "aria-label", "plugins");
        body.el("a", "All", "class", filter.isEmpty() ? "pill active" : "pill", "href", view.hostLink(host.address(), Optional.empty()).toString());
        for (PluginPanel p : all) {
            String cls = "pill" + (p.hasWarnings() ? " has-warn" : "") + (filter.map(p.plugin()::equals).orElse(false) ? " active" : "");
            body.el("a", p.plugin().shortIdentifier(), "class", cls, "title", p.plugin().identifier(),
                    "href", view.hostLink(host.address(), Optional.of(p.plugin())).toString());
        }
        body.el("button", "Copy", "type", "button", "class", "copy", "data-copy-host", host.host().hostname(),
                "title", "Copy this page's address and the hostname");
        body.close("nav");
        List<String[]> hidden = new ArrayList<>();
        hidden.add(new String[] {"address", host.address()});
        filter.ifPresent(p -> hidden.add(new String[] {"plugin_identifier", p.identifier()}));
        Panels.termBar(body, Terms.HOST_BAR, Terms::label, term,
                t -> new Panels.View(t, range, filter).hostLink(host.address(), filter).toString(), "/server", hidden,
                Params.shownRange(term, range, now, ctx.zone()));
        body.close("div");
        if (filter.isPresent() && shown.isEmpty()) {
            body.el("p", "Plugin '" + filter.get().identifier() + "' is not in the roll of this host.", "class", "empty");
        }
        Panels.write(body, host, shown, view, Terms.hostImages(term), now);

        Html crumbs = new Html();
        crumbs.el("a", host.service(), "href", Link.to("/").param("service", host.service()).toString())
                .raw(" › ");
        StatusMark.write(crumbs, ctx.views().level(host));
        crumbs.text(" ")
                .el("a", host.address(), "href", Link.to("/server").param("address", host.address()).toString())
                .text(" ").el("b", host.host().hostname()).text(" ").el("span", host.host().comments(), "class", "comments");
        AlertBoard.badge(crumbs, ctx.alerts().firing(host.address()));
        String title = host.host().hostname() + " " + host.address() + " « " + host.service() + " « Kurado";
        return WebResponse.html(Layout.page(ctx, title, crumbs, "", body, "page-host"));
    }
}

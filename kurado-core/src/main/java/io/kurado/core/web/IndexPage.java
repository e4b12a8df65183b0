package io.kurado.core.web;

import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import java.util.List;
import java.util.Optional;

/**
 * {@code /} and {@code /?service=}: every service (or one) with its sections and hosts, check boxes
 * to compare hosts, and status marks filled in by the page's script from {@code /api/host-status}.
 */
final class IndexPage implements WebHandler {
    private final WebContext ctx;

    IndexPage(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        Optional<String> only = req.param("service");
        List<Service> services = ctx.config().services();
        List<Service> shown = only.map(name -> List.of(ctx.config().service(name)
                .orElseThrow(() -> WebException.notFound("service '" + name + "' is not in the configuration"))))
                .orElse(services);
        Html body = new Html();
        body.open("div", "class", "index");
        serviceList(body, services, only);
        body.open("section", "class", "host-list");
        toolbar(body);
        if (services.isEmpty()) {
            body.el("p", "No hosts are configured.", "class", "empty");
        }
        for (Service s : shown) {
            service(body, s);
        }
        body.close("section").close("div");
        Html crumbs = new Html();
        only.ifPresent(s -> crumbs.el("a", s, "href", Link.to("/").param("service", s).toString()));
        String title = only.map(s -> s + " « Kurado").orElse(Layout.BRAND);
        return WebResponse.html(Layout.page(ctx, title, crumbs, "", body, "page-index"));
    }

    private static void serviceList(Html h, List<Service> services, Optional<String> only) {
        h.open("aside", "class", "services").el("h2", "Services").open("ul");
        h.open("li", "class", only.isEmpty() ? "active" : "").el("a", "All", "href", Link.relative("/")).close("li");
        for (Service s : services) {
            boolean active = only.map(s.name()::equals).orElse(false);
            h.open("li", "class", active ? "active" : "")
                    .el("a", s.name(), "href", Link.to("/").param("service", s.name()).toString())
                    .el("span", Integer.toString(s.hostCount()), "class", "badge")
                    .close("li");
        }
        h.close("ul").close("aside");
    }

    private static void toolbar(Html h) {
        h.open("div", "class", "toolbar")
                .el("button", "Uncheck all", "type", "button", "id", "uncheck-all")
                .open("button", "type", "button", "id", "compare", "disabled", "disabled")
                .text("Show checked hosts (").el("span", "0", "id", "checked-count").text(")").close("button")
                .open("label", "class", "switch").empty("input", "type", "checkbox", "id", "open-new").text(" Open in a new window").close("label")
                .close("div");
    }

    private static void service(Html h, Service s) {
        h.open("div", "class", "service")
                .open("h2").el("a", s.name(), "href", Link.to("/").param("service", s.name()).toString()).close("h2");
        for (Section sec : s.sections()) {
            h.open("table", "class", "hosts");
            if (!sec.label().isEmpty()) {
                h.el("caption", sec.label());
            }
            h.open("tbody");
            for (HostEntry e : sec.hosts()) {
                row(h, e);
            }
            h.close("tbody").close("table");
        }
        h.close("div");
    }

    private static void row(Html h, HostEntry e) {
        String a = e.address();
        h.open("tr", "data-address", a)
                .open("td", "class", "mark").el("span", "…", "class", "st st-unknown", "title", "status not known yet").close("td")
                .open("td").empty("input", "type", "checkbox", "class", "pick", "value", a, "aria-label", "pick " + a).close("td")
                .open("td", "class", "address").el("a", a, "class", "host-link", "href", Link.to("/server").param("address", a).toString()).close("td")
                .open("td", "class", "hostname").el("b", e.host().hostname()).close("td")
                .el("td", e.host().comments(), "class", "comments")
                .close("tr");
    }
}

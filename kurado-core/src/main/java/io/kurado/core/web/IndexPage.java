package io.kurado.core.web;

import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@code /} and {@code /?service=}: every service (or one) with its sections and hosts, check boxes
 * to compare hosts, and status marks filled in by the page's script from {@code /api/host-status}.
 *
 * <p>When more than {@value #FULL} hosts would be listed, the page is collapsed instead: each
 * service and section with its number of hosts, a section linking to its own page
 * ({@code /?service=S&section=N}, N counted from 1) where its hosts are listed {@value #PAGE} at a
 * time ({@code &page=P}). Collapsed rows are paged the same way, so no page grows with the size of
 * the installation.
 */
final class IndexPage implements WebHandler {
    /** The most hosts listed on one page. */
    static final int PAGE = 500;
    /** The most hosts the index lists before it collapses to services and sections. */
    static final int FULL = 1000;

    private final WebContext ctx;

    IndexPage(WebContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public WebResponse handle(WebRequest req) {
        Optional<String> only = req.param("service");
        List<Service> services = ctx.config().services();
        Optional<Service> one = only.map(name -> ctx.config().service(name)
                .orElseThrow(() -> WebException.notFound("service '" + name + "' is not in the configuration")));
        List<Service> shown = one.map(List::of).orElse(services);
        Optional<Integer> section = Params.counting(req, "section");
        int page = Params.counting(req, "page").orElse(1);
        if (section.isPresent() && one.isEmpty()) {
            throw WebException.badRequest("'section' needs 'service'");
        }
        Html body = new Html();
        body.open("div", "class", "index");
        serviceList(body, services, only);
        body.open("section", "class", "host-list");
        toolbar(body);
        Html crumbs = new Html();
        only.ifPresent(s -> crumbs.el("a", s, "href", Link.to("/").param("service", s).toString()));
        String title = only.map(s -> s + " « Kurado").orElse(Layout.BRAND);
        if (section.isPresent()) {
            List<Section> secs = one.get().sections();
            if (section.get() > secs.size()) {
                throw WebException.notFound("service '" + one.get().name() + "' has " + secs.size() + " sections, not " + section.get());
            }
            Section sec = secs.get(section.get() - 1);
            String label = label(sec);
            crumbs.text(" › ").el("a", label, "href", sectionLink(one.get(), section.get()).toString());
            title = one.get().name() + " › " + label + " « Kurado";
            sectionPage(body, one.get(), section.get(), sec, page);
        } else if (services.isEmpty()) {
            body.el("p", "No hosts are configured.", "class", "empty");
        } else if (shown.stream().mapToLong(Service::hostCount).sum() <= FULL && page == 1) {
            for (Service s : shown) {
                service(body, s);
            }
        } else {
            collapsed(body, shown, one.isPresent(), page);
        }
        body.close("section").close("div");
        AlertBoard.badge(crumbs, ctx.alerts().firing());
        return WebResponse.html(Layout.page(ctx, title, crumbs, "", body, "page-index"));
    }

    private static String label(Section sec) {
        return sec.label().isEmpty() ? "(no section)" : sec.label();
    }

    private static Link sectionLink(Service s, int section) {
        return Link.to("/").param("service", s.name()).param("section", Integer.toString(section));
    }

    /** One section's hosts, a page of them. */
    private static void sectionPage(Html h, Service s, int number, Section sec, int page) {
        List<HostEntry> hosts = sec.hosts();
        int from = (page - 1) * PAGE;
        if (from >= Math.max(1, hosts.size())) {
            throw WebException.notFound("section '" + label(sec) + "' has " + pages(hosts.size()) + " pages of hosts, not " + page);
        }
        int to = Math.min(hosts.size(), from + PAGE);
        h.open("div", "class", "service")
                .open("h2").el("a", s.name(), "href", Link.to("/").param("service", s.name()).toString()).close("h2");
        h.open("table", "class", "hosts").el("caption", label(sec) + " — hosts " + (hosts.isEmpty() ? 0 : from + 1) + "–" + to
                + " of " + hosts.size()).open("tbody");
        for (HostEntry e : hosts.subList(from, to)) {
            row(h, e);
        }
        h.close("tbody").close("table");
        pager(h, p -> sectionLink(s, number).param("page", Integer.toString(p)).toString(), page, pages(hosts.size()));
        h.close("div");
    }

    /** Services and sections with their counts, {@link #PAGE} sections a page. */
    private static void collapsed(Html h, List<Service> shown, boolean oneService, int page) {
        long hosts = shown.stream().mapToLong(Service::hostCount).sum();
        int sections = shown.stream().mapToInt(s -> s.sections().size()).sum();
        int from = (page - 1) * PAGE;
        if (from >= sections) {
            throw WebException.notFound("the index has " + pages(sections) + " pages, not " + page);
        }
        h.el("p", hosts + " hosts in " + (oneService ? sections + " sections" : shown.size() + " services")
                + "; open a section to see its hosts and their status.", "class", "summary");
        int seen = 0;
        for (Service s : shown) {
            int n = s.sections().size();
            if (seen + n <= from || seen >= from + PAGE) {
                seen += n;
                continue;
            }
            h.open("div", "class", "service")
                    .open("h2").el("a", s.name(), "href", Link.to("/").param("service", s.name()).toString())
                    .text(" ").el("span", s.hostCount() + " hosts", "class", "badge").close("h2");
            h.open("table", "class", "hosts sections").open("tbody");
            for (int i = 0; i < n; i++, seen++) {
                if (seen < from || seen >= from + PAGE) {
                    continue;
                }
                Section sec = s.sections().get(i);
                h.open("tr")
                        .open("td", "class", "section").el("a", label(sec), "href", sectionLink(s, i + 1).toString()).close("td")
                        .el("td", sec.hosts().size() + " hosts", "class", "count")
                        .close("tr");
            }
            h.close("tbody").close("table").close("div");
        }
        String service = shown.get(0).name();
        pager(h, p -> Link.to("/").paramIf(oneService, "service", service).param("page", Integer.toString(p)).toString(), page,
                pages(sections));
    }

    private static int pages(int rows) {
        return Math.max(1, (rows + PAGE - 1) / PAGE);
    }

    static void pager(Html h, IntFunction<String> href, int page, int pages) {
        if (pages <= 1) {
            return;
        }
        h.open("nav", "class", "pager");
        if (page > 1) {
            h.el("a", "‹ previous", "href", href.apply(page - 1));
        }
        h.text(" page " + page + " of " + pages + " ");
        if (page < pages) {
            h.el("a", "next ›", "href", href.apply(page + 1));
        }
        h.close("nav");
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

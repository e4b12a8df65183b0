package io.kurado.core.web;

/** The frame of every page: head, top bar with the breadcrumb and the search box, scripts. */
final class Layout {
    static final String BRAND = "Kurado - Server Performance Metrics";

    private Layout() {}

    /**
     * @param ctx the assets
     * @param title the document title, escaped here
     * @param crumbs breadcrumb markup built with {@link Html}
     * @param query the search text to show in the box
     * @param body the page's markup built with {@link Html}
     * @param pageClass a class for the body element
     * @return the page
     */
    static String page(WebContext ctx, String title, Html crumbs, String query, Html body, String pageClass) {
        Html h = new Html();
        h.raw("<!DOCTYPE html>\n").open("html", "lang", "en").open("head")
                .empty("meta", "charset", "utf-8")
                .empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1")
                .el("title", title)
                .empty("link", "rel", "stylesheet", "href", ctx.assets().url("kurado.css"))
                .empty("link", "rel", "icon", "href", ctx.assets().url("kurado.svg"), "type", "image/svg+xml")
                .close("head")
                .open("body", "class", pageClass)
                .open("header", "id", "subnav")
                .open("a", "class", "brand", "href", Link.relative("/"), "title", BRAND)
                .empty("img", "src", ctx.assets().url("kurado.svg"), "alt", "", "width", "24", "height", "24")
                .el("span", "Kurado")
                .close("a")
                .open("nav", "class", "crumbs", "aria-label", "breadcrumb").raw(crumbs.toString()).close("nav")
                .open("form", "class", "search", "action", Link.relative("/search"), "method", "get", "role", "search")
                .empty("input", "type", "search", "name", "q", "id", "search-box", "value", query,
                        "placeholder", "Search hosts, services, graphs", "aria-label", "Search")
                .close("form")
                .el("a", "Status", "class", "status-link", "href", Link.relative("/status"))
                .close("header")
                .open("main").raw(body.toString()).close("main")
                .open("script", "src", ctx.assets().url("kurado.js")).close("script")
                .close("body").close("html");
        return h.toString();
    }
}

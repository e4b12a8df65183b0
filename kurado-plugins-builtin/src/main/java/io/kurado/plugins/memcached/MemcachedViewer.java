package io.kurado.plugins.memcached;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code memcached} plugin: group {@code Memcached (<port>)} (default 11211, as the
 * fetcher), graphs {@code usage}, {@code items}, {@code evictions}, {@code count}, {@code rate}
 * (hit ratio) and {@code conn}.
 *
 * @since 0.1
 */
public final class MemcachedViewer implements MetricsViewer {
    @Override
    public String id() {
        return "memcached";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, MemcachedFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Memcached (" + port + ")", Badges.of(context.meta()),
                List.of("usage", "items", "evictions", "count", "rate", "conn")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "usage":
                return Optional.of(new GraphText("Cache usage")
                        .def("used", "bytes.gauge")
                        .def("max", "limit_maxbytes.gauge")
                        .series("AREA", "used", "#eaaf00", "Used", "%5.2lf%sB")
                        .series("LINE", "max", "#333333", "Max ", "%5.2lf%sB")
                        .toString());
            case "items":
                return Optional.of(new GraphText("Cache items")
                        .def("items", "curr_items.gauge")
                        .series("AREA", "items", "#00A000", "Current Items", "%8.0lf")
                        .toString());
            case "evictions":
                return Optional.of(new GraphText("Evictions")
                        .def("total", "evictions.derive")
                        .def("unfetched", "evicted_unfetched.derive")
                        .series("AREA", "total", "#800040", "Evictions Total    ", "%6.1lf")
                        .series("LINE2", "unfetched", "#004080", "Evictions Unfetched", "%6.1lf")
                        .toString());
            case "count":
                return Optional.of(new GraphText("Request count")
                        .def("set_raw", "cmd_set.derive")
                        .def("get_raw", "cmd_get.derive")
                        .limit("sets", "set_raw", 0, 300_000)
                        .limit("gets", "get_raw", 0, 300_000)
                        .series("AREA", "sets", "#00C000", "Set", "%7.1lf")
                        .series("STACK", "gets", "#0000C0", "Get", "%7.1lf")
                        .toString());
            case "rate":
                return Optional.of(new GraphText("Cache hit rate")
                        .def("hits", "get_hits.derive")
                        .def("misses", "get_misses.derive")
                        .cdef("total", "hits,misses,+")
                        .cdef("rate", "hits,total,/,100,*,0,100,LIMIT")
                        .series("AREA", "rate", "#990000", "Rate", "%5.1lf[%%]")
                        .line("LINE:100")
                        .toString());
            case "conn":
                return Optional.of(new GraphText("Connections")
                        .def("conn", "curr_connections.gauge")
                        .def("maxconns", "maxconns.gauge")
                        .series("AREA", "conn", "#00C000", "Connection    ", "%7.1lf")
                        .draw("LINE1", "maxconns", "#C00000", "Max Connection").cur("maxconns", "%7.1lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

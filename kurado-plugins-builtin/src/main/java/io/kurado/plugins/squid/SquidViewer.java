package io.kurado.plugins.squid;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code squid} plugin: group {@code Squid (<port>)}, graphs {@code reqs},
 * {@code ratio} (hit ratio), {@code svc} (median service times), {@code items} and
 * {@code filedescriptor}.
 *
 * @since 0.1
 */
public final class SquidViewer implements MetricsViewer {
    @Override
    public String id() {
        return "squid";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, SquidFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Squid (" + port + ")", Badges.of(context.meta()),
                List.of("reqs", "ratio", "svc", "items", "filedescriptor")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "reqs":
                return Optional.of(new GraphText("Number of request")
                        .def("req_raw", "client-http.requests.derive")
                        .def("hit_raw", "client-http.hits.derive")
                        .def("err_raw", "client-http.errors.derive")
                        .limit("req", "req_raw", 0, 100_000)
                        .limit("hit", "hit_raw", 0, 100_000)
                        .limit("err", "err_raw", 0, 100_000)
                        .series("LINE1", "req", "#000080", "Request    ", "%6.1lf")
                        .series("LINE1", "hit", "#008080", "Hit Request", "%6.1lf")
                        .series("LINE1", "err", "#CC0000", "Err Request", "%6.1lf")
                        .toString());
            case "ratio":
                return Optional.of(new GraphText("Cache hit ratio")
                        .def("req", "client-http.requests.derive")
                        .def("hit", "client-http.hits.derive")
                        .cdef("ratio", "hit,req,/,100,*,0,100,LIMIT")
                        .series("AREA", "ratio", "#990000", "Ratio", "%5.1lf[%%]")
                        .line("LINE:100")
                        .toString());
            case "svc":
                return Optional.of(new GraphText("Response time (msec)")
                        .def("all", "svc-time.all.gauge")
                        .def("miss", "svc-time.miss.gauge")
                        .def("nm", "svc-time.nm.gauge")
                        .def("hit", "svc-time.hit.gauge")
                        .series("LINE1", "all", "#CC0000", "All        ", "%6.2lf")
                        .series("LINE1", "miss", "#000080", "Miss       ", "%6.2lf")
                        .series("LINE1", "nm", "#008080", "NotModified", "%6.2lf")
                        .series("LINE1", "hit", "#800080", "Hit        ", "%6.2lf")
                        .toString());
            case "items":
                return Optional.of(new GraphText("Cache items")
                        .def("total", "store-entries.total.gauge")
                        .def("mem", "store-entries.with-memobject.gauge")
                        .series("AREA", "total", "#00A000", "Total Items     ", "%8.0lf")
                        .series("LINE1", "mem", "#0000A0", "WithMemoryObject", "%8.0lf")
                        .toString());
            case "filedescriptor":
                return Optional.of(new GraphText("Used File Descriptors")
                        .def("used", "file-descriptors.used.gauge")
                        .def("max", "file-descriptors.max.gauge")
                        .draw("LINE1", "max", "#C00000", "Max file descriptors ").cur("max", "%7.0lf")
                        .series("AREA", "used", "#00C000", "Used file descriptors", "%7.0lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

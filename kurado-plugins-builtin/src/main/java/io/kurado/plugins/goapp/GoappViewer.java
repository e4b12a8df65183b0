package io.kurado.plugins.goapp;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code goapp} plugin: group {@code GoApp (<port>)} (default 1056, as the fetcher),
 * graphs {@code goroutine}, {@code cgo}, {@code gc}, {@code alloc}, {@code malloc}.
 *
 * @since 0.1
 */
public final class GoappViewer implements MetricsViewer {
    private static final String NUMBER = "%5.1lf";

    @Override
    public String id() {
        return "goapp";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, GoappFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("GoApp (" + port + ")", Badges.of(context.meta()), List.of("goroutine", "cgo", "gc", "alloc", "malloc")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "goroutine":
                return Optional.of(new GraphText("number of goroutine")
                        .def("goroutines", "goroutine_num.gauge")
                        .series("AREA", "goroutines", "#00C000", "Goroutine", NUMBER)
                        .toString());
            case "cgo":
                return Optional.of(new GraphText("cgo call per seconds")
                        .def("calls_raw", "cgo_call_num.counter")
                        .limit("calls", "calls_raw", 0, 100_000)
                        .series("LINE2", "calls", "#004080", "cgo call/sec", NUMBER)
                        .toString());
            case "gc":
                return Optional.of(new GraphText("gc per seconds")
                        .def("gcs_raw", "gc_num.counter")
                        .limit("gcs", "gcs_raw", 0, 10_000)
                        .series("LINE2", "gcs", "#800040", "gc/sec", NUMBER)
                        .toString());
            case "alloc":
                return Optional.of(new GraphText("memory alloc")
                        .def("alloc", "memory_alloc.gauge")
                        .series("AREA", "alloc", "#edaa40", "memory alloc", "%5.1lf%sB")
                        .toString());
            case "malloc":
                return Optional.of(new GraphText("memory malloc / free")
                        .def("mallocs_raw", "memory_mallocs.counter")
                        .def("frees_raw", "memory_frees.counter")
                        .limit("mallocs", "mallocs_raw", 0, 1_000_000)
                        .limit("frees", "frees_raw", 0, 1_000_000)
                        .series("LINE2", "mallocs", "#de4446", "malloc", NUMBER)
                        .series("LINE2", "frees", "#000d48", "free  ", NUMBER)
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

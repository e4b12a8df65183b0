package io.kurado.plugins.kurado;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code kurado} plugin: group {@code Kurado (<port>)} (default 5434, as the fetcher),
 * graphs {@code samples}, {@code rejected}, {@code queues}, {@code lag}, {@code fetches}, {@code graphs}.
 *
 * @since 0.1
 */
public final class KuradoViewer implements MetricsViewer {
    @Override
    public String id() {
        return "kurado";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, KuradoFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Kurado (" + port + ")", Badges.of(context.meta()),
                List.of("samples", "rejected", "queues", "lag", "fetches", "graphs")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "samples":
                return Optional.of(new GraphText("Samples/sec")
                        .def("samples", "samples_written.derive")
                        .series("AREA", "samples", "#00C000", "Written", "%8.1lf")
                        .toString());
            case "rejected":
                return Optional.of(new GraphText("Rejected/min")
                        .def("lines_s", "lines_rejected.derive")
                        .def("future_s", "samples_in_future.derive")
                        .def("batches_s", "batches_rejected.derive")
                        .cdef("lines", "lines_s,60,*")
                        .cdef("future", "future_s,60,*")
                        .cdef("batches", "batches_s,60,*")
                        .series("LINE", "lines", "#990000", "Malformed lines ", "%8.1lf")
                        .series("LINE", "future", "#C08000", "Samples ahead   ", "%8.1lf")
                        .series("LINE", "batches", "#0000C0", "Batches too big ", "%8.1lf")
                        .toString());
            case "queues":
                return Optional.of(new GraphText("Waiting")
                        .def("update", "update_queue_depth.gauge")
                        .def("fetch", "fetch_queue_depth.gauge")
                        .series("LINE", "update", "#0000C0", "Update batches", "%8.0lf")
                        .series("LINE", "fetch", "#00C000", "Fetch jobs    ", "%8.0lf")
                        .toString());
            case "lag":
                return Optional.of(new GraphText("Seconds")
                        .def("lag_ms", "queue_lag_ms.gauge")
                        .cdef("lag", "lag_ms,1000,/")
                        .series("AREA", "lag", "#C08000", "Update lag", "%8.2lf")
                        .toString());
            case "fetches":
                return Optional.of(new GraphText("Fetches/min")
                        .def("run_s", "fetches_run.derive")
                        .def("failed_s", "fetches_failed.derive")
                        .def("timed_out_s", "fetches_timed_out.derive")
                        .cdef("run", "run_s,60,*")
                        .cdef("failed", "failed_s,60,*")
                        .cdef("timed_out", "timed_out_s,60,*")
                        .series("AREA", "run", "#00C000", "Run      ", "%8.1lf")
                        .series("LINE", "failed", "#990000", "Failed   ", "%8.1lf")
                        .series("LINE", "timed_out", "#C08000", "Timed out", "%8.1lf")
                        .toString());
            case "graphs":
                return Optional.of(new GraphText("Graphs/min")
                        .def("drawn_s", "graphs_rendered.derive")
                        .cdef("drawn", "drawn_s,60,*")
                        .series("AREA", "drawn", "#0000C0", "Drawn", "%8.1lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

package io.kurado.plugins.http;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code http} plugin: group {@code HTTP (<port>)} with the meta badges, graphs
 * {@code worker} (busy and idle workers) and, when the server counts requests, {@code reqs}.
 *
 * @since 0.1
 */
public final class HttpViewer implements MetricsViewer {
    @Override
    public String id() {
        return "http";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        List<String> graphs = new ArrayList<>(List.of("worker"));
        if (context.meta("has-reqs").isPresent()) {
            graphs.add("reqs");
        }
        String port = Args.port(context, 0, HttpFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("HTTP (" + port + ")",
                Badges.of(context.meta(), (k, v) -> k.equals("has-reqs") ? null : v), graphs));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "worker":
                return Optional.of(new GraphText("Worker Status")
                        .def("busy", "busy.gauge")
                        .def("idle", "idle.gauge")
                        .series("AREA", "busy", "#00C000", "Busy", "%6.1lf")
                        .series("STACK", "idle", "#0000C0", "Idle", "%6.1lf")
                        .toString());
            case "reqs":
                return Optional.of(new GraphText("Request per sec")
                        .def("reqs_raw", "reqs.derive")
                        .limit("reqs", "reqs_raw", 0, 10_000_000)
                        .series("LINE1", "reqs", "#aa0000", "Request", "%6.2lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

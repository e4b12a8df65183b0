package io.kurado.plugins.nginx;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code nginx} plugin: group {@code Nginx (<port>)}, graphs {@code processes}
 * (connections reading, writing, waiting) and {@code reqs} (requests per second).
 *
 * @since 0.1
 */
public final class NginxViewer implements MetricsViewer {
    @Override
    public String id() {
        return "nginx";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, NginxFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Nginx (" + port + ")", Badges.of(context.meta()), List.of("processes", "reqs")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "processes":
                return Optional.of(new GraphText("Connections")
                        .def("reading", "read.gauge")
                        .def("writing", "write.gauge")
                        .def("waiting", "wait.gauge")
                        .series("AREA", "reading", "#c0c0c0", "Reading", "%7.1lf")
                        .series("STACK", "writing", "#000080", "Writing", "%7.1lf")
                        .series("STACK", "waiting", "#008080", "Waiting", "%7.1lf")
                        .toString());
            case "reqs":
                return Optional.of(new GraphText("Request per sec")
                        .def("reqs_raw", "reqs.derive")
                        .limit("reqs", "reqs_raw", 0, 250_000)
                        .series("LINE1", "reqs", "#00C000", "Request", "%7.1lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

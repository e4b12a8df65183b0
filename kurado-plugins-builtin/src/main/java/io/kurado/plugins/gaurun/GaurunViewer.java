package io.kurado.plugins.gaurun;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code gaurun} plugin: group {@code Gaurun (<port>)} (default 1056, as the fetcher),
 * graphs {@code queue}, {@code ios}, {@code ios_rate}, {@code android}, {@code android_rate}.
 *
 * @since 0.1
 */
public final class GaurunViewer implements MetricsViewer {
    @Override
    public String id() {
        return "gaurun";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, GaurunFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Gaurun (" + port + ")", Badges.of(context.meta()),
                List.of("queue", "ios", "ios_rate", "android", "android_rate")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "queue":
                return Optional.of(new GraphText("Queue")
                        .def("queued", "queue_usage.gauge")
                        .def("max", "queue_max.gauge")
                        .series("AREA", "queued", "#00C000", "Queued", "%8.0lf")
                        .series("LINE", "max", "#333333", "Max   ", "%8.0lf")
                        .toString());
            case "ios":
                return Optional.of(pushes("iOS", "ios"));
            case "android":
                return Optional.of(pushes("Android", "android"));
            case "ios_rate":
                return Optional.of(rates("iOS success rate", "ios", "AREA"));
            case "android_rate":
                return Optional.of(rates("Android success rate", "android", "STACK"));
            default:
                return Optional.empty();
        }
    }

    private static String pushes(String label, String os) {
        return new GraphText(label)
                .def("success_raw", os + "_push_success.counter")
                .def("error_raw", os + "_push_error.counter")
                .limit("success", "success_raw", 0, 10_000)
                .limit("error", "error_raw", 0, 10_000)
                .series("AREA", "error", "#990000", "Error  ", "%6.1lf")
                .series("STACK", "success", "#0000C0", "Success", "%6.1lf")
                .toString();
    }

    private static String rates(String label, String os, String successKind) {
        return new GraphText(label)
                .def("success", os + "_push_success.counter")
                .def("error", os + "_push_error.counter")
                .cdef("total", "success,error,+")
                .cdef("success_rate", "success,total,/,100,*")
                .cdef("error_rate", "error,total,/,100,*")
                .series("AREA", "error_rate", "#990000", "Error  ", "%5.1lf[%%]")
                .series(successKind, "success_rate", "#00cc00", "Success", "%5.1lf[%%]")
                .toString();
    }
}

package io.kurado.plugins.redis;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code redis} plugin: group {@code Redis(<port>)} with the meta badges
 * ({@code maxmemory} with a unit), graphs {@code cmd}, {@code conn}, {@code mem} and {@code keys}
 * (with a prediction line), {@code evicted}, {@code fragmentation}, {@code pubsub_ch},
 * {@code slowlog} and {@code unsaved}.
 *
 * @since 0.1
 */
public final class RedisViewer implements MetricsViewer {
    static final List<String> GRAPHS = List.of("cmd", "conn", "mem", "keys", "evicted", "fragmentation", "pubsub_ch", "slowlog", "unsaved");

    @Override
    public String id() {
        return "redis";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, RedisFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Redis(" + port + ")",
                Badges.of(context.meta(), (k, v) -> k.equals("maxmemory") ? Badges.unit(v) : v), GRAPHS));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "cmd":
                return Optional.of(new GraphText("Command Processed")
                        .def("cmd_raw", "total_commands_processed.derive")
                        .limit("cmd", "cmd_raw", 0, 10_000_000)
                        .series("AREA", "cmd", "#FF8C00", "Total Command", "%5.1lf")
                        .toString());
            case "conn":
                return Optional.of(new GraphText("Connections")
                        .def("clients", "connected_clients.gauge")
                        .def("slaves", "connected_slaves.gauge")
                        .def("received_raw", "total_connections_received.derive")
                        .limit("received", "received_raw", 0, 10_000_000)
                        .series("AREA", "clients", "#00c000", "Clients ", "%5.1lf")
                        .series("LINE2", "slaves", "#990033", "Slaves  ", "%5.1lf")
                        .series("LINE2", "received", "#596acf", "Received", "%5.1lf")
                        .toString());
            case "mem":
                return Optional.of(predicted("Memory Usage", "used_memory.gauge", "#4682B4", "Used", "%5.1lf%sB"));
            case "keys":
                return Optional.of(predicted("Keys", "keys.gauge", "#2a9b2a", "Keys", "%5.1lf"));
            case "evicted":
                return Optional.of(new GraphText("Evicted Keys/sec")
                        .def("evicted", "evicted_keys.derive")
                        .series("LINE2", "evicted", "#800040", "Evicted Keys/sec", "%5.1lf%s")
                        .toString());
            case "fragmentation":
                return Optional.of(new GraphText("Fragmentation Ratio")
                        .def("ratio", "mem_fragmentation_ratio.gauge")
                        .series("LINE2", "ratio", "#d27b86", "Fragmentation", "%5.2lf")
                        .toString());
            case "pubsub_ch":
                return Optional.of(new GraphText("Pub/Sub Channels")
                        .def("channels", "pubsub_channels.gauge")
                        .series("LINE2", "channels", "#2E8B57", "Pub/Sub Channels", "%5.1lf")
                        .toString());
            case "slowlog":
                return Optional.of(new GraphText("Slowlog(total)")
                        .def("slowlog", "slowlog.gauge")
                        .series("AREA", "slowlog", "#00c000", "Slowlog", "%5.1lf")
                        .toString());
            case "unsaved":
                return Optional.of(new GraphText("Unsaved Changes")
                        .def("changes", "changes_since_last_save.gauge")
                        .series("AREA", "changes", "#BDB76B", "Changes", "%6.1lf%s")
                        .toString());
            default:
                return Optional.empty();
        }
    }

    /** A series with a dashed line of where it is heading: a 15-minute trend predicted over 8 days. */
    private static String predicted(String label, String key, String colour, String legend, String format) {
        return new GraphText(label)
                .def("value", key)
                .cdef("smoothed", "value,900,TREND")
                .cdef("forecast", "86400,-8,1800,smoothed,PREDICT")
                .series("AREA", "value", colour, legend, format)
                .draw("LINE1", "forecast", "#b78795", "Prediction", "4,6")
                .toString();
    }
}

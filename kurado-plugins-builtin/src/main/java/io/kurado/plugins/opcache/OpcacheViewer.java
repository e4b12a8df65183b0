package io.kurado.plugins.opcache;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code opcache} plugin: group {@code Opcache (<port>)}, graphs {@code scripts},
 * {@code hits}, {@code strings} and {@code memory}.
 *
 * @since 0.1
 */
public final class OpcacheViewer implements MetricsViewer {
    private static final String SIZE = "%5.1lf%S";

    @Override
    public String id() {
        return "opcache";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String port = Args.port(context, 0, OpcacheFetcher.DEFAULT_PORT);
        return List.of(new GraphGroup("Opcache (" + port + ")", Badges.of(context.meta()), List.of("scripts", "hits", "strings", "memory")));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "scripts":
                return Optional.of(new GraphText("cached scripts")
                        .def("keys", "num_cached_keys.gauge")
                        .def("scripts", "num_cached_scripts.gauge")
                        .def("max_keys", "max_cached_keys.gauge")
                        .series("LINE2", "keys", "#e55337", "Cached keys    ", SIZE)
                        .series("LINE2", "scripts", "#d2f35e", "Cached scripts ", SIZE)
                        .series("LINE1", "max_keys", "#020203", "Max cached keys", SIZE)
                        .toString());
            case "hits":
                return Optional.of(new GraphText("hit rate")
                        .def("hit_rate", "opcache_hit_rate.gauge")
                        .limit("rate", "hit_rate", 0, 100)
                        .series("AREA", "rate", "#fff956", "Rate", "%5.1lf[%%]")
                        .line("LINE:100")
                        .toString());
            case "strings":
                return Optional.of(new GraphText("strings usage")
                        .def("used", "strings_used_memory.gauge")
                        .def("free", "strings_free_memory.gauge")
                        .series("AREA", "used", "#e3aa59", "Used", SIZE)
                        .series("STACK", "free", "#381707", "Free", SIZE)
                        .toString());
            case "memory":
                return Optional.of(new GraphText("memory usage")
                        .def("used", "used_memory.gauge")
                        .def("free", "free_memory.gauge")
                        .def("wasted", "wasted_memory.gauge")
                        .series("AREA", "used", "#de4446", "Used  ", SIZE)
                        .series("STACK", "free", "#dfe968", "Free  ", SIZE)
                        .series("STACK", "wasted", "#000d48", "Wasted", SIZE)
                        .toString());
            default:
                return Optional.empty();
        }
    }
}

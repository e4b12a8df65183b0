package io.kurado.plugins.jolokia;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.List;
import java.util.Optional;

/**
 * Shows the {@code jolokia} plugin: group {@code Jolokia (<port>)} (default 8778, as the fetcher)
 * with {@code class_c}, {@code thread_c}, {@code gc_c}, {@code gc_t}; {@code … Memory} with
 * {@code m_heap_s}, {@code m_nonheap_s}; {@code … Memory Pool} with {@code mp_eden_s},
 * {@code mp_surv_s}, {@code mp_old_s}, {@code mp_perm_s} (those of the pools the JVM has, when the
 * fetcher recorded them in {@code memory-pools}).
 *
 * @since 0.1
 */
public final class JolokiaViewer implements MetricsViewer {
    private static final List<String> POOLS = List.of("eden", "surv", "old", "perm");
    private static final String LIGHT_GREEN = "#afffb2";
    private static final String DARK_GREEN = "#73b675";

    @Override
    public String id() {
        return "jolokia";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        String title = "Jolokia (" + Args.port(context, 0, JolokiaFetcher.DEFAULT_PORT) + ")";
        Optional<List<String>> pools = Optional.ofNullable(context.meta().get(JolokiaFetcher.POOLS_META)).map(v -> List.of(v.split(",")));
        List<String> poolGraphs = POOLS.stream().filter(p -> pools.map(l -> l.contains(p)).orElse(true)).map(p -> "mp_" + p + "_s").toList();
        return List.of(
                new GraphGroup(title, Badges.of(context.meta(), (k, v) -> k.equals(JolokiaFetcher.POOLS_META) ? null : v),
                        List.of("class_c", "thread_c", "gc_c", "gc_t")),
                GraphGroup.of(title + " Memory", "m_heap_s", "m_nonheap_s"),
                new GraphGroup(title + " Memory Pool", List.of(), poolGraphs));
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "class_c":
                return Optional.of(new GraphText("Loaded class")
                        .def("classes", "loaded_class.gauge")
                        .series("AREA", "classes", "#6060e0", "Loaded class", "%6.1lf")
                        .toString());
            case "thread_c":
                return Optional.of(new GraphText("Threads")
                        .def("threads", "thread_count.gauge")
                        .def("daemons", "daemon_thread_count.gauge")
                        .series("LINE2", "threads", "#008080", "Total threads ", "%6.1lf")
                        .series("LINE1", "daemons", "#000080", "Daemon threads", "%6.1lf")
                        .toString());
            case "gc_c":
                return Optional.of(gc("GC count [GC/sec]", "count", "#d1a2f6", "#7020AF", "%5.3lf"));
            case "gc_t":
                return Optional.of(gc("GC time [Elapsed/msec]", "time", "#F0B300", "#906D08", "%6.1lf"));
            case "m_heap_s":
                return Optional.of(memory("Heap", "heap_memory_usage", LIGHT_GREEN, "#00A000", "#FFC0C0", "#aa0000", "%S"));
            case "m_nonheap_s":
                return Optional.of(memory("Non-Heap", "non_heap_memory_usage", DARK_GREEN, "#3d783f", "#b67777", "#8b4444", "%s"));
            case "mp_eden_s":
                return Optional.of(memory("New:Eden", "memory_pool.eden", LIGHT_GREEN, "#00A000", "#FFC0C0", "#aa0000", "%S"));
            case "mp_surv_s":
                return Optional.of(memory("New:Survivor", "memory_pool.surv", LIGHT_GREEN, "#00A000", "#FFC0C0", "#aa0000", "%S"));
            case "mp_old_s":
                return Optional.of(memory("Old", "memory_pool.old", LIGHT_GREEN, "#00A000", "#FFC0C0", "#aa0000", "%S"));
            case "mp_perm_s":
                return Optional.of(memory("Permanent", "memory_pool.perm", DARK_GREEN, "#3d783f", "#b67777", "#8b4444", "%S"));
            default:
                return Optional.empty();
        }
    }

    private static String gc(String label, String what, String youngColour, String fullColour, String format) {
        return new GraphText(label)
                .def("young_raw", "young_gc_" + what + ".derive")
                .def("full_raw", "full_gc_" + what + ".derive")
                .limit("young", "young_raw", 0, 100_000)
                .limit("full", "full_raw", 0, 100_000)
                .series("LINE2", "young", youngColour, "Young Gen", format)
                .series("LINE1", "full", fullColour, "Full     ", format)
                .toString();
    }

    /** Committed and used areas with their outlines; the maximum in the legend only. */
    private static String memory(String label, String prefix, String committedFill, String committedLine, String usedFill,
            String usedLine, String maxUnit) {
        return new GraphText(label)
                .def("max", prefix + ".max.gauge")
                .def("committed", prefix + ".committed.gauge")
                .def("used", prefix + ".used.gauge")
                .gprint("max", "LAST", "Max", " %6.1lf" + maxUnit + "\\l")
                .draw("AREA", "committed", committedFill, "Committed")
                .gprint("committed", "LAST", "Cur", "%6.1lf%s")
                .gprint("committed", "AVERAGE", "Ave", "%6.1lf%S")
                .gprint("committed", "MAX", "Max", "%6.1lf%S\\l")
                .draw("LINE1", "committed", committedLine)
                .series("AREA", "used", usedFill, "Used     ", "%6.1lf%S")
                .draw("LINE1", "used", usedLine)
                .toString();
    }
}

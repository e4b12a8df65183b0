package io.kurado.plugins.base;

import java.util.List;

/**
 * Load averages from {@code /proc/loadavg}: {@code loadavg-1}, {@code loadavg-5},
 * {@code loadavg-15}, gauges, the text as the kernel writes it ({@code 0.35}).
 *
 * @since 0.1
 */
public final class LoadAverageCollector implements MetricCollector {
    @Override
    public String name() {
        return "loadavg";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        for (String line : system.lines("/proc/loadavg")) {
            List<String> f = Fields.split(line);
            if (f.size() >= 3) {
                out.metric("loadavg-1.gauge", f.get(0));
                out.metric("loadavg-5.gauge", f.get(1));
                out.metric("loadavg-15.gauge", f.get(2));
                return;
            }
        }
        throw new CollectorException("no load averages in /proc/loadavg");
    }
}

package io.kurado.plugins.base;

import java.util.List;

/**
 * The meta value {@code uptime}: whole seconds since boot, from {@code /proc/uptime}.
 *
 * @since 0.1
 */
public final class UptimeCollector implements MetricCollector {
    @Override
    public String name() {
        return "uptime";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        for (String line : system.lines("/proc/uptime")) {
            List<String> f = Fields.split(line);
            if (!f.isEmpty()) {
                out.meta("uptime", Long.toString(Fields.leadingLong(f.get(0))));
                return;
            }
        }
    }
}

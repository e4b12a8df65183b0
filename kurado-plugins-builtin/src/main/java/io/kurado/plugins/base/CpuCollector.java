package io.kurado.plugins.base;

import java.util.List;

/**
 * CPU time from the {@code cpu} line of {@code /proc/stat}, in jiffies: {@code cpu-user},
 * {@code cpu-nice}, {@code cpu-system}, {@code cpu-idle}, {@code cpu-iowait}, {@code cpu-irq},
 * {@code cpu-softirq}, {@code cpu-steal}, {@code cpu-guest}, {@code cpu-guest-nice}, all derive.
 * A field an older kernel does not have counts as 0.
 *
 * @since 0.1
 */
public final class CpuCollector implements MetricCollector {
    private static final List<String> KEYS = List.of(
            "cpu-user", "cpu-nice", "cpu-system", "cpu-idle", "cpu-iowait",
            "cpu-irq", "cpu-softirq", "cpu-steal", "cpu-guest", "cpu-guest-nice");

    @Override
    public String name() {
        return "cpu_usage";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        for (String line : system.lines("/proc/stat")) {
            if (line.startsWith("cpu") && line.length() > 3 && Character.isWhitespace(line.charAt(3))) {
                List<String> f = Fields.split(line);
                for (int i = 0; i < KEYS.size(); i++) {
                    long v = i + 1 < f.size() ? Fields.leadingLong(f.get(i + 1)) : 0;
                    out.metric(KEYS.get(i) + ".derive", v);
                }
                return;
            }
        }
    }
}

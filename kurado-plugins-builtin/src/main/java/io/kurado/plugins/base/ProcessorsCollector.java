package io.kurado.plugins.base;

/**
 * The number of processors: {@code processors.gauge}, the lines of {@code /proc/cpuinfo} that
 * start with {@code processor} and a colon. Nothing is sent when there are none.
 *
 * @since 0.1
 */
public final class ProcessorsCollector implements MetricCollector {
    @Override
    public String name() {
        return "processors";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        int count = 0;
        for (String line : system.lines("/proc/cpuinfo")) {
            if (line.startsWith("processor") && line.substring("processor".length()).stripLeading().startsWith(":")) {
                count++;
            }
        }
        if (count > 0) {
            out.metric("processors.gauge", count);
        }
    }
}

package io.kurado.plugins.base;

/**
 * The meta value {@code version}: the first line of {@code /proc/version}
 * ({@code Linux version 6.1.0 (…) #1 SMP …}).
 *
 * @since 0.1
 */
public final class KernelVersionCollector implements MetricCollector {
    @Override
    public String name() {
        return "sys_version";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        String text = system.read("/proc/version");
        int nl = text.indexOf('\n');
        out.meta("version", nl < 0 ? text : text.substring(0, nl));
    }
}

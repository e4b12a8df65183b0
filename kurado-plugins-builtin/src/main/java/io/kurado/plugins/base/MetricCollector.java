package io.kurado.plugins.base;

/**
 * One family of the agent's standard metrics (memory, cpu, traffic …), read from the files of a
 * system.
 *
 * @since 0.1
 */
public interface MetricCollector {
    /**
     * @return the collector's name as the original agent called it ({@code memory},
     *     {@code cpu_usage}); a failure is sent as {@code base.warn.<name>}
     */
    String name();

    /**
     * Reads the metrics and adds them.
     *
     * @param system the files to read
     * @param out where the metrics and meta values go
     * @throws CollectorException when something needed cannot be read or understood
     */
    void collect(SystemRoot system, BaseMetrics out);
}

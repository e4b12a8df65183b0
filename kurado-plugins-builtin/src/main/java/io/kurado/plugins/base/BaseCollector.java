package io.kurado.plugins.base;

import io.kurado.api.PluginRef;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the agent's standard metrics, the {@code base} plugin, and writes them as lines of the
 * line format: all metrics sorted by key, then the meta values sorted by key, then one
 * {@code base.warn.<collector>} line per collector that failed, all with the same timestamp (the
 * end of the collection). A failing collector never stops the others.
 *
 * <p>The collectors run in the original agent's order: memory, loadavg, uptime, sys_version,
 * processors, cpu_usage, tcp_established, disk_usage, disk_io, swaps, traffic.
 *
 * <p>Not thread-safe: one collection at a time.
 *
 * @since 0.1
 */
public final class BaseCollector {
    /** The plugin the standard metrics belong to. */
    public static final PluginRef PLUGIN = PluginRef.of("base");

    private static final Logger LOG = LoggerFactory.getLogger(BaseCollector.class);

    private final SystemRoot system;
    private final List<MetricCollector> collectors;
    private final InstantSource clock;
    private final Set<String> failing = new HashSet<>();

    /**
     * @param system the files to read
     * @param usage measures the mounted file systems
     * @param clock gives the timestamp of the lines
     */
    public BaseCollector(SystemRoot system, DiskUsageSource usage, InstantSource clock) {
        this.system = Objects.requireNonNull(system, "system");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.collectors = List.of(
                new MemoryCollector(),
                new LoadAverageCollector(),
                new UptimeCollector(),
                new KernelVersionCollector(),
                new ProcessorsCollector(),
                new CpuCollector(),
                new TcpEstablishedCollector(),
                new DiskUsageCollector(Objects.requireNonNull(usage, "usage")),
                new DiskIoCollector(),
                new SwapsCollector(),
                new TrafficCollector());
    }

    /**
     * A collector of the files under a root, measuring disk usage with the file system.
     *
     * @param system the files to read
     * @param clock gives the timestamp of the lines
     * @return the collector
     */
    public static BaseCollector of(SystemRoot system, InstantSource clock) {
        return new BaseCollector(system, DiskUsageSource.fileStores(system), clock);
    }

    /** @return the collectors, in the order they run */
    public List<MetricCollector> collectors() {
        return collectors;
    }

    /**
     * Runs every collector.
     *
     * @return the metrics and meta values found, and the failures by collector name
     */
    public Collection collectAll() {
        BaseMetrics out = new BaseMetrics();
        Map<String, String> warnings = new TreeMap<>();
        for (MetricCollector c : collectors) {
            try {
                c.collect(system, out);
                if (failing.remove(c.name())) {
                    LOG.info("collector {} works again", c.name());
                }
            } catch (RuntimeException e) {
                String message = e instanceof CollectorException ? e.getMessage() : e.toString();
                message = message == null ? e.getClass().getName() : message.replace("\r", "").replace("\n", "");
                warnings.put(c.name(), message);
                if (failing.add(c.name())) {
                    LOG.warn("collector {} failed (reported as base.warn.{} until it works again): {}", c.name(), c.name(), message);
                }
            }
        }
        return new Collection(out, warnings);
    }

    /**
     * Collects and writes the lines.
     *
     * @param address the first column of every line (the host's address, or {@code dump})
     * @return the lines, without line ends
     */
    public List<String> collectLines(String address) {
        Collection c = collectAll();
        long ts = clock.instant().getEpochSecond();
        String prefix = PLUGIN.escapedIdentifier();
        List<String> lines = new ArrayList<>(c.metrics().metrics().size() + c.metrics().meta().size() + c.warnings().size());
        c.metrics().metrics().forEach((k, v) -> lines.add(line(address, prefix + ".metrics." + k, v, ts)));
        c.metrics().meta().forEach((k, v) -> lines.add(line(address, prefix + ".meta." + k, v, ts)));
        c.warnings().forEach((k, v) -> lines.add(line(address, prefix + ".warn." + k, v, ts)));
        return lines;
    }

    /**
     * Collects and writes a batch.
     *
     * @param address the first column of every line
     * @return the lines, each followed by a newline
     */
    public String collect(String address) {
        StringBuilder sb = new StringBuilder(4096);
        for (String line : collectLines(address)) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    private static String line(String address, String key, String value, long ts) {
        return address + '\t' + key + '\t' + oneLine(value) + '\t' + ts;
    }

    private static String oneLine(String v) {
        if (v.indexOf('\t') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return v.replace('\t', ' ').replace("\r", "").replace('\n', ' ');
    }

    /**
     * The result of one run of the collectors.
     *
     * @param metrics the metrics and meta values
     * @param warnings the failure message by collector name, sorted
     */
    public record Collection(BaseMetrics metrics, Map<String, String> warnings) {
        /** Validates the fields and copies the warnings. */
        public Collection {
            Objects.requireNonNull(metrics, "metrics");
            warnings = java.util.Collections.unmodifiableMap(new TreeMap<>(warnings));
        }
    }
}

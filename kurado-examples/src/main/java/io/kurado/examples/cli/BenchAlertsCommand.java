package io.kurado.examples.cli;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.storage.Storage;
import io.kurado.core.Providers;
import io.kurado.core.alert.AlertRunner;
import io.kurado.core.alert.AlertView;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.memory.InMemoryStorage;
import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench alerts}: the CPU one evaluation of the alerts costs, for H hosts of
 * {@code base} data with the base viewer's default rules (a disk's fill, the load per processor).
 */
@Command(
        name = "alerts",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure the alerts: the CPU of one evaluation of the default rules and host states over H hosts.",
            "H hosts of base data (a disk, the load, the processors; 20 minutes of them, 1 host in 20 with a full disk) are "
                + "written to the storage (RRD files in a temporary directory, or memory), then the alerts are evaluated "
                + "--rounds times as the alerts role does each minute, timing the CPU of the evaluating thread and of the process."
        })
public final class BenchAlertsCommand implements Callable<Integer> {
    private static final PluginRef BASE = PluginRef.of("base");

    @Option(names = "--hosts", defaultValue = "3000", description = "Hosts configured (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--rounds", defaultValue = "5", description = "Evaluations timed (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--storage", defaultValue = "rrd", description = "rrd (files) or memory (default ${DEFAULT-VALUE}).")
    String storageKind;

    @Option(names = "--redis", paramLabel = "URI", description = "The meta store's Redis (default: in memory); the bench's "
            + "hosts are 10.x addresses, and the alerts' state it leaves is removed at the end.")
    Optional<String> redis;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory (default: a temporary one, deleted afterwards).")
    Optional<Path> dir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (hosts < 1 || rounds < 1 || !(storageKind.equals("rrd") || storageKind.equals("memory"))) {
            spec.commandLine().getErr().println("--hosts and --rounds must be at least 1, --storage rrd or memory");
            return 2;
        }
        Path data = dir.orElse(Files.createTempDirectory("kurado-bench-alerts"));
        try {
            return run(out, data.toAbsolutePath().normalize());
        } finally {
            if (dir.isEmpty()) {
                BenchWebCommand.deleteTree(data);
            }
        }
    }

    private int run(PrintWriter out, Path data) throws Exception {
        InstantSource clock = InstantSource.system();
        KuradoConfig cfg = BenchWebCommand.config(data, hosts);
        if (redis.isPresent()) {
            io.kurado.core.config.Settings st = cfg.settings();
            cfg = cfg.withSettings(new io.kurado.core.config.Settings(redis, st.dataDir(), st.rollsDir(), st.pluginDirs(),
                    st.webWorkers(), st.updateWorkers(), st.fetchWorkers(), st.listen(), st.fetchTimeout(), Map.of("redis", redis.get())));
        }
        PluginRegistry registry = PluginRegistry.discover(BenchAlertsCommand.class.getClassLoader());
        long history = 20 * 60;
        try (Storage storage = storageKind.equals("memory") ? new InMemoryStorage()
                        : Providers.storage(cfg, registry, BenchWebCommand.historyClock(clock, history));
                MetaStore meta = Providers.metaStore(cfg, registry, clock)) {
            long now = clock.instant().getEpochSecond();
            long t0 = System.nanoTime();
            long samples = write(storage, meta, now - history, now);
            out.printf("data: %d hosts, %d samples of 20 minutes written in %d ms (%s storage, %s)%n", hosts, samples,
                    (System.nanoTime() - t0) / 1_000_000, storageKind, data);
            out.flush();
            KuradoConfig config = cfg;
            try (AlertRunner runner = new AlertRunner(() -> config, registry::viewer, registry::hasFetcher, storage, meta,
                    Optional.empty(), () -> new InMemoryCoordination(clock), "bench", Map.of(), clock)) {
                int rules = runner.conditions().rules().size();
                ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                com.sun.management.OperatingSystemMXBean os =
                        (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                long minute = now / 60;
                runner.evaluate(minute); // warm-up: class loading and the JIT
                long[] cpu = new long[rounds];
                long[] process = new long[rounds];
                long[] wall = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long c = threads.getCurrentThreadCpuTime();
                    long p = os.getProcessCpuTime();
                    long w = System.nanoTime();
                    runner.evaluate(minute + 1 + i);
                    cpu[i] = threads.getCurrentThreadCpuTime() - c;
                    process[i] = os.getProcessCpuTime() - p;
                    wall[i] = System.nanoTime() - w;
                }
                List<AlertView> alerts = runner.alerts();
                long firingOrPending = alerts.size();
                double cpuMs = median(cpu);
                out.printf(java.util.Locale.ROOT, "evaluation: %d hosts, %d rules (%d series read), %d alerts pending or firing; "
                                + "CPU of the evaluating thread p50 %.1f ms (max %.1f ms), of the process p50 %.1f ms, wall p50 %.1f ms%n",
                        hosts, rules, hosts * 4L, firingOrPending, cpuMs, max(cpu), median(process), median(wall));
                out.printf(java.util.Locale.ROOT, "RESULT alerts cpu_ms_per_evaluation=%.1f process_cpu_ms=%.1f wall_ms=%.1f hosts=%d rules=%d"
                        + " storage=%s meta=%s alerts=%d goal_ms=1000%n", cpuMs, median(process), median(wall), hosts, rules, storageKind,
                        redis.isPresent() ? "redis" : "memory", firingOrPending);
                out.flush();
                for (String ns : List.of(io.kurado.core.alert.AlertEngine.ALERTS, io.kurado.core.alert.AlertEngine.GROUPS,
                        io.kurado.core.alert.AlertEngine.OUTBOX)) {
                    meta.writeState(ns, Map.of(), meta.readState(ns).keySet());
                }
                return 0;
            }
        }
    }

    /** Writes a minute of the series the default rules read, per host, and the hosts' arrival. */
    private long write(Storage storage, MetaStore meta, long from, long to) {
        long written = 0;
        for (long t = from - from % 60; t <= to; t += 60) {
            List<Sample> batch = new ArrayList<>(hosts * 4);
            List<MetaWrite.Received> received = new ArrayList<>(hosts);
            for (int i = 0; i < hosts; i++) {
                String a = BenchWebCommand.address(i);
                double used = i % 20 == 0 ? 96 : 40 + (i % 30);
                batch.add(new Sample(a, BASE, MetricKey.of("disk-usage-sda1-used.gauge"), used * 1000, t));
                batch.add(new Sample(a, BASE, MetricKey.of("disk-usage-sda1-available.gauge"), (100 - used) * 1000, t));
                batch.add(new Sample(a, BASE, MetricKey.of("loadavg-5.gauge"), 0.5 + (i % 7) * 0.1, t));
                batch.add(new Sample(a, BASE, MetricKey.of("processors.gauge"), 4, t));
                received.add(new MetaWrite.Received(a, BASE));
            }
            written += storage.write(batch).written();
            meta.write(new MetaWrite(List.of(), List.of(), received, t));
        }
        return written;
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[s.length / 2] / 1e6;
    }

    private static double max(long[] nanos) {
        return Arrays.stream(nanos).max().orElse(0) / 1e6;
    }
}

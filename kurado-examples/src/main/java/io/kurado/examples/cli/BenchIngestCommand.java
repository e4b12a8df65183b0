package io.kurado.examples.cli;

import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.Role;
import io.kurado.core.plugin.PluginRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench ingest}: pushes agent-like batches through the queue into the update role
 * running in this process and measures samples per second end to end.
 */
@Command(
        name = "ingest",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure end-to-end ingestion, from the update queue into RRD files.",
            "H hosts x 45 metrics per simulated minute are pushed to the update queue as the agent pushes them, and "
                + "the update role of this process writes them into RRD files.",
            "The first minute creates the files and is reported separately; the figures are for the minutes after it.",
            "Uses its own Redis database (default /15) and data directory; do not point it at a live server's."
        })
public final class BenchIngestCommand implements Callable<Integer> {
    static final int METRICS_PER_HOST = 45;

    @Option(names = "--hosts", defaultValue = "1000", description = "Hosts (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--minutes", defaultValue = "5", description = "Simulated minutes including the first (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--redis", defaultValue = "redis://127.0.0.1:6379/15",
            description = "Redis to queue through (default ${DEFAULT-VALUE}); 'memory' for the in-memory queue.")
    String redis;

    @Option(names = "--dir", paramLabel = "DIR", description = "Data directory (default: a temporary one, deleted afterwards).")
    Optional<Path> dir;

    @Option(names = "--workers", defaultValue = "2", description = "Update workers (default ${DEFAULT-VALUE}).")
    int workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (hosts < 1 || minutes < 2) {
            spec.commandLine().getErr().println("--hosts must be at least 1 and --minutes at least 2");
            return 2;
        }
        Path data = dir.orElse(Files.createTempDirectory("kurado-bench-ingest"));
        boolean temporary = dir.isEmpty();
        Optional<String> redisSetting = redis.equals("memory") ? Optional.empty() : Optional.of(redis);
        Settings settings = new Settings(redisSetting, data, data, List.of(), 1, workers, 1,
                Settings.parseListen("127.0.0.1:0"), Duration.ofSeconds(30), Map.of());
        KuradoConfig cfg = new KuradoConfig(data.resolve("bench.yml"), settings, Map.of(), List.of(), Map.of());
        InstantSource clock = InstantSource.system();
        PluginRegistry registry = PluginRegistry.discover(BenchIngestCommand.class.getClassLoader());
        out.printf("bench ingest: %d hosts x %d metrics, %d minutes, queue %s, %d update workers, data in %s%n",
                hosts, METRICS_PER_HOST, minutes, redisSetting.map(Settings::redact).orElse("in memory"), workers, data);
        out.flush();
        Queue queue = Providers.queue(cfg, registry, clock);
        try (Kurado kurado = Kurado.builder()
                .config(cfg)
                .registry(registry)
                .clock(clock)
                .roles(EnumSet.of(Role.UPDATE))
                .nodeName("bench-ingest")
                .storage(Providers.storage(cfg, registry, clock))
                .queue(queue)
                .metaStore(Providers.metaStore(cfg, registry, clock))
                .build()) {
            if (queue.depth(Topic.UPDATE) > 0) {
                out.printf("warning: %d batches were already waiting on the queue; they are consumed too%n", queue.depth(Topic.UPDATE));
            }
            kurado.start();
            // far enough ahead that every file is created (as of now - 10 s) before its first sample
            long t0 = (clock.instant().getEpochSecond() / 60 + 2) * 60;
            var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            List<Long> lags = new ArrayList<>();
            long steadySamples = 0;
            long steadyNanos = 0;
            long steadyCpu = 0;
            for (int m = 0; m < minutes; m++) {
                long ts = t0 + 60L * m;
                long before = kurado.stats().samplesWritten() + kurado.stats().samplesSkipped();
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                List<String> batches = new ArrayList<>(hosts);
                for (int h = 0; h < hosts; h++) {
                    batches.add(batch(h, ts, m));
                }
                for (int i = 0; i < batches.size(); i += 500) {
                    queue.push(Topic.UPDATE, batches.subList(i, Math.min(batches.size(), i + 500)));
                }
                long expected = before + (long) hosts * METRICS_PER_HOST;
                while (kurado.stats().samplesWritten() + kurado.stats().samplesSkipped() < expected) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                long nanos = System.nanoTime() - start;
                long cpu = os.getProcessCpuTime() - cpu0;
                double rate = hosts * (double) METRICS_PER_HOST / (nanos / 1e9);
                out.printf("minute %d%s: %,d samples in %.2f s = %,.0f samples/s, cpu %.1f us/sample%n", m + 1,
                        m == 0 ? " (creates the files)" : "", hosts * METRICS_PER_HOST, nanos / 1e9, rate,
                        cpu / 1e3 / (hosts * (double) METRICS_PER_HOST));
                out.flush();
                if (m > 0) {
                    steadySamples += (long) hosts * METRICS_PER_HOST;
                    steadyNanos += nanos;
                    steadyCpu += cpu;
                    lags.add(nanos / 1_000_000);
                }
            }
            EngineStats st = kurado.stats();
            Collections.sort(lags);
            double perSecond = steadySamples / (steadyNanos / 1e9);
            long lag = lags.get(lags.size() / 2);
            double cpuPerSample = steadyCpu / 1e3 / steadySamples;
            out.printf("written %,d, skipped %,d, failed %,d, rejected lines %,d%n", st.samplesWritten(), st.samplesSkipped(),
                    st.samplesFailed(), st.linesRejected());
            out.printf("lag = time from the first push of a minute until its last sample is written (median of minutes 2..%d)%n", minutes);
            out.printf("RESULT ingest samples_per_s=%.0f lag_ms=%d cpu_us_per_sample=%.1f%n", perSecond, lag, cpuPerSample);
            out.flush();
        } finally {
            if (temporary) {
                deleteTree(data);
            }
        }
        return 0;
    }

    /** One agent batch: 45 metrics of one host, in the line format. */
    static String batch(int host, long ts, int minute) {
        String address = "10." + (host >> 16 & 255) + "." + (host >> 8 & 255) + "." + (host & 255);
        StringBuilder sb = new StringBuilder(METRICS_PER_HOST * 64);
        for (int i = 0; i < METRICS_PER_HOST; i++) {
            String type = i % 3 == 0 ? "gauge" : "derive";
            long value = i % 3 == 0 ? (host * 7L + i) % 100 : (long) minute * 6000 + host + i;
            sb.append(address).append("\tbase.metrics.metric-").append(i).append('.').append(type)
                    .append('\t').append(value).append('\t').append(ts).append('\n');
        }
        return sb.toString();
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

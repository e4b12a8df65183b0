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
import io.kurado.rrd.RrdStorage;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

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
            "The first minute creates the files and is reported separately (files/s, CPU per file); the figures are for "
                + "the minutes after it, with every thread of this process counted and Redis's own CPU beside it.",
            "The storage runs on a simulated clock (a minute per simulated minute, from noon UTC some days back), so a long run "
                + "goes through every consolidation at full speed. Each hour prints its figures (CPU per sample, heap after a "
                + "GC, the journal's size); at the end a sample of files is compared byte for byte with what plain rrd4j "
                + "writes for the same samples.",
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

    @Option(names = "--pace", defaultValue = "0", paramLabel = "SECONDS",
            description = "Start each simulated minute at least this long after the previous one, so that the files are "
                    + "written as they would be in real time, and count the CPU of the whole interval (default: at once).")
    int pace;

    @Option(names = "--nodes", defaultValue = "0", paramLabel = "N",
            description = "Run N nodes of a group instead, each a 'kurado server' in a JVM of its own, on a redis-server the "
                    + "bench starts on a free port (redis-server must be on the PATH), after one node alone on the same data; "
                    + "then a graph asked of a node that does not hold its host, one node killed with kill -9, and its shards' "
                    + "backlog in Redis. Defaults then: 300 hosts, 11 minutes (the first and ten measured: the storage writes each file"
                    + " once every ten).")
    int nodes;

    @Option(names = "--shards", defaultValue = "16", description = "With --nodes: the shards of the group (default ${DEFAULT-VALUE}).")
    int shards;

    @Option(names = "--graphs", defaultValue = "30",
            description = "With --nodes: graphs asked of the holder and of another node each (default ${DEFAULT-VALUE}).")
    int graphs;

    @Option(names = "--outage-minutes", defaultValue = "2",
            description = "With --nodes: minutes pushed while a node is down (default ${DEFAULT-VALUE}).")
    int outageMinutes;

    @Option(names = "--warmup-seconds", defaultValue = "60", paramLabel = "SECONDS",
            description = "With --nodes: after the first minute (which creates the files), minutes pushed and drained for at least this"
                    + " long and until the compilers take less than a tenth of the CPU (at most five times as long), unmeasured, before"
                    + " the measured minutes, for the one node and for the group alike, so that the"
                    + " figures are of running nodes, not of fresh JVMs compiling the code (default ${DEFAULT-VALUE}; 0: none).")
    int warmupSeconds;

    @Option(names = "--node-jvm", paramLabel = "OPTION",
            description = "With --nodes: an option for the nodes' JVMs, e.g. -Xmx512m (repeatable).")
    List<String> nodeJvm = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (nodes > 0) {
            return nodes(out);
        }
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
        // Minutes that ended before now, so that none is refused as from the future (max_future_seconds), from noon UTC
        // so that a day's run crosses a midnight; the storage's clock is at the minute being pushed (its files are
        // created, and its samples wait, by that clock), the rest runs on the system clock.
        long t0 = (clock.instant().getEpochSecond() / 86_400 - minutes / 1440 - 2) * 86_400 + 43_200;
        AtomicLong simulated = new AtomicLong(t0 + 30);
        InstantSource storageClock = () -> Instant.ofEpochSecond(simulated.get());
        PluginRegistry registry = PluginRegistry.discover(BenchIngestCommand.class.getClassLoader());
        out.printf("bench ingest: %d hosts x %d metrics, %d minutes, queue %s, %d update workers, data in %s%n",
                hosts, METRICS_PER_HOST, minutes, redisSetting.map(Settings::redact).orElse("in memory"), workers, data);
        out.flush();
        Queue queue = Providers.queue(cfg, registry, clock);
        try {
            try (Kurado kurado = Kurado.builder()
                    .config(cfg)
                    .registry(registry)
                    .clock(clock)
                    .roles(Set.of(Role.UPDATE))
                    .nodeName("bench-ingest")
                    .storage(Providers.storage(cfg, registry, storageClock))
                    .queue(queue)
                    .metaStore(Providers.metaStore(cfg, registry, clock))
                    .build()) {
                if (queue.depth(Topic.UPDATE) > 0) {
                    out.printf("warning: %d batches were already waiting on the queue; they are consumed too%n", queue.depth(Topic.UPDATE));
                }
                // A minute's batches are made before its clock starts, and pushed over a connection of their own, as
                // agents push them: the CPU this process spends making and pushing them is not counted.
                Optional<RawRedis> raw = redisSetting.map(RawRedis::connect);
                kurado.start();
                var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                var threads = ManagementFactory.getThreadMXBean();
                List<Long> lags = new ArrayList<>();
                long steadySamples = 0;
                long steadyNanos = 0;
                long steadyCpu = 0;
                long steadyJitTicks = 0;
                long intervalCpu = 0;
                long intervalStart = 0;
                double redisSeconds = 0;
                double firstRate = 0;
                double secondRate = 0;
                double firstCpuPerSample = 0;
                long[] ticks0 = null;
                List<Hour> hours = new ArrayList<>();
                Hour hour = new Hour();
                boolean everyMinute = minutes <= 120;
                try {
                    for (int m = 0; m < minutes; m++) {
                        simulated.set(t0 + 60L * m + 30);
                        long before = handled(kurado.stats());
                        double redis0 = raw.map(RawRedis::cpuSeconds).orElse(0.0);
                        if (m == 1) {
                            ticks0 = ProcessTicks.read();
                            intervalStart = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime();
                        }
                        List<String> batches = new ArrayList<>(hosts);
                        for (int h = 0; h < hosts; h++) {
                            batches.add(batch(h, t0 + 60L * m, m));
                        }
                        List<byte[]> commands = new ArrayList<>();
                        if (raw.isPresent()) {
                            for (int i = 0; i < batches.size(); i += 500) {
                                List<String> args = new ArrayList<>();
                                args.add("RPUSH");
                                args.add(Topic.UPDATE.name());
                                args.addAll(batches.subList(i, Math.min(batches.size(), i + 500)));
                                commands.add(RawRedis.command(args));
                            }
                        }
                        long jit0 = ThreadTicks.compilers();
                        long cpu0 = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime();
                        long start = System.nanoTime();
                        if (raw.isPresent()) {
                            raw.get().send(commands);
                        } else {
                            for (int i = 0; i < batches.size(); i += 500) {
                                queue.push(Topic.UPDATE, batches.subList(i, Math.min(batches.size(), i + 500)));
                            }
                        }
                        batches = null;
                        commands = null;
                        long expected = before + (long) hosts * METRICS_PER_HOST;
                        long lastProgress = System.nanoTime();
                        long seen = before;
                        while (true) {
                            long now = handled(kurado.stats());
                            if (now >= expected) {
                                break;
                            }
                            if (now != seen) {
                                seen = now;
                                lastProgress = System.nanoTime();
                            } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(60)) {
                                spec.commandLine().getErr().printf("minute %d: no progress for 60 s (%d of %d samples handled); giving up%n",
                                        m + 1, now - before, expected - before);
                                return 1;
                            }
                            TimeUnit.MILLISECONDS.sleep(10);
                        }
                        if (m == 0) {
                            // The first minute counts until every file it creates exists.
                            kurado.storage().filter(RrdStorage.class::isInstance).ifPresent(x -> ((RrdStorage) x).flush());
                        }
                        long nanos = System.nanoTime() - start;
                        long cpu = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime() - cpu0;
                        long jit = ThreadTicks.compilers() - jit0;
                        double redisCpuMinute = raw.map(RawRedis::cpuSeconds).orElse(0.0) - redis0;
                        int n = hosts * METRICS_PER_HOST;
                        double rate = n / (nanos / 1e9);
                        if (everyMinute || m < 3) {
                            out.printf("minute %d%s: %,d samples in %.2f s = %,.0f samples/s, cpu %.1f us/sample (%.1f of it compiling)%s%s%n",
                                    m + 1, m == 0 ? " (creates the files)" : "", n, nanos / 1e9, rate, cpu / 1e3 / n, jit * 1e4 / n,
                                    raw.isPresent() ? String.format(", redis cpu %.1f us/sample", redisCpuMinute * 1e6 / n) : "",
                                    storageLine(kurado));
                            out.flush();
                        }
                        if (m > 0) {
                            hour.firstMinute = hour.samples == 0 ? m + 1 : hour.firstMinute;
                            hour.samples += n;
                            hour.nanos += nanos;
                            hour.cpu += cpu;
                            hour.jitTicks += jit;
                        }
                        if ((m + 1) % 60 == 0 || m == minutes - 1) {
                            // The heap after a full collection, outside the minutes' CPU.
                            System.gc();
                            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
                            hour.heapAfterGc = heap.getUsed();
                            hour.journalBytes = directorySize(data.resolve(".journal"));
                            hour.number = hours.size() + 1;
                            hours.add(hour);
                            out.printf(java.util.Locale.ROOT, "hour %d (minutes %d-%d): %,.0f samples/s, cpu %.2f us/sample (%.2f of it"
                                    + " compiling), heap after GC %d MB, journal on disk %d MB%n", hour.number, hour.firstMinute, m + 1,
                                    hour.samples / (hour.nanos / 1e9), hour.cpu / 1e3 / Math.max(1, hour.samples),
                                    hour.jitTicks * 1e4 / Math.max(1, hour.samples), hour.heapAfterGc >> 20, hour.journalBytes >> 20);
                            out.flush();
                            hour = new Hour();
                        }
                        if (m == 0) {
                            firstRate = rate;
                            firstCpuPerSample = cpu / 1e3 / n;
                        } else {
                            if (m == 1) {
                                secondRate = rate;
                            }
                            steadySamples += n;
                            steadyNanos += nanos;
                            steadyCpu += cpu;
                            steadyJitTicks += jit;
                            redisSeconds += redisCpuMinute;
                            lags.add(nanos / 1_000_000);
                        }
                        long rest = TimeUnit.SECONDS.toNanos(pace) - (System.nanoTime() - start);
                        if (rest > 0 && m < minutes - 1) {
                            TimeUnit.NANOSECONDS.sleep(rest);
                        }
                    }
                    intervalCpu = os.getProcessCpuTime() - threads.getCurrentThreadCpuTime() - intervalStart;
                } finally {
                    raw.ifPresent(RawRedis::close);
                }
                // What still waits for its file, written now: its CPU counts too.
                long cpuF = os.getProcessCpuTime();
                long tf = System.nanoTime();
                long waiting = kurado.storage().filter(RrdStorage.class::isInstance).map(st -> ((RrdStorage) st).stats().waiting()).orElse(0L);
                kurado.storage().filter(RrdStorage.class::isInstance).ifPresent(st -> ((RrdStorage) st).flush());
                long flushCpu = os.getProcessCpuTime() - cpuF;
                double flushSeconds = (System.nanoTime() - tf) / 1e9;
                long[] ticks1 = ProcessTicks.read();
                EngineStats st = kurado.stats();
                Collections.sort(lags);
                double perSecond = steadySamples / (steadyNanos / 1e9);
                long lag = lags.get(lags.size() / 2);
                long maxLag = lags.get(lags.size() - 1);
                double cpuPerSample = steadyCpu / 1e3 / steadySamples;
                double jitPerSample = steadyJitTicks * 1e4 / steadySamples;
                double cpuAllIn = ((pace > 0 ? intervalCpu : steadyCpu) + flushCpu) / 1e3 / steadySamples;
                double filesPerSecond = firstRate;
                out.printf("written %,d, skipped %,d, failed %,d, rejected lines %,d, from the future %,d%n", st.samplesWritten(),
                        st.samplesSkipped(), st.samplesFailed(), st.linesRejected(), st.samplesInFuture());
                out.printf("then the %,d samples still waiting for their files were written in %.2f s (%.1f us CPU per steady sample)%n",
                        waiting, flushSeconds, flushCpu / 1e3 / steadySamples);
                out.printf("lag = time from the first push of a minute until its last sample is stored (median and worst of minutes 2..%d);%n"
                        + "the first minute counts until every file it creates exists%n", minutes);
                out.printf("cpu_us_per_sample: every thread of this process but the one pushing, in minutes 2..%d until stored (%.0f%%"
                        + " of it in the kernel; jit_us_per_sample of it compiling); cpu_us_per_sample_in_files: %s, plus writing"
                        + " what still waited at the end%n", minutes, ticks0 == null ? 0.0 : ProcessTicks.kernelShare(ticks0, ticks1),
                        pace > 0 ? "all the CPU from minute 2 to the end, the files written meanwhile included" : "the same");
                out.printf(java.util.Locale.ROOT, "RESULT ingest samples_per_s=%.0f lag_ms=%d max_lag_ms=%d cpu_us_per_sample=%.1f"
                        + " jit_us_per_sample=%.1f cpu_us_per_sample_in_files=%.1f redis_cpu_us_per_sample=%s second_minute_per_s=%.0f"
                        + " files_per_s=%.0f cpu_us_per_file=%.0f hosts=%d files=%d%n", perSecond, lag, maxLag, cpuPerSample,
                        jitPerSample, cpuAllIn, raw.isPresent() ? String.format(java.util.Locale.ROOT, "%.1f", redisSeconds * 1e6 / steadySamples) : "n/a",
                        secondRate, filesPerSecond, firstCpuPerSample, hosts, hosts * METRICS_PER_HOST);
                out.flush();
                if (hours.size() >= 2) {
                    Hour first = hours.get(0);
                    Hour last = hours.get(hours.size() - 1);
                    long journalMax = hours.stream().mapToLong(x -> x.journalBytes).max().orElse(0);
                    out.printf(java.util.Locale.ROOT, "RESULT ingest-hours hours=%d first_cpu_us_per_sample=%.2f last_cpu_us_per_sample=%.2f"
                            + " cpu_change_pct=%+.1f first_cpu_without_jit=%.2f last_cpu_without_jit=%.2f first_heap_mb=%d last_heap_mb=%d"
                            + " heap_change_pct=%+.1f journal_max_mb=%d hosts=%d%n", hours.size(), first.cpuPerSample(), last.cpuPerSample(),
                            100 * (last.cpuPerSample() / first.cpuPerSample() - 1), first.cpuWithoutJit(), last.cpuWithoutJit(),
                            first.heapAfterGc >> 20, last.heapAfterGc >> 20, 100 * (last.heapAfterGc / (double) first.heapAfterGc - 1),
                            journalMax >> 20, hosts);
                    out.flush();
                }
            }
            IngestFileCheck.Outcome check = IngestFileCheck.compare(data, hosts, t0, minutes, data.resolve(".bench-rrd4j"));
            out.printf("files compared byte for byte with plain rrd4j's for the same samples: %d, different: %s%n", check.compared(),
                    check.different().isEmpty() ? "none" : String.join(", ", check.different()));
            out.printf("RESULT ingest-files compared=%d identical=%d%n", check.compared(), check.compared() - check.different().size());
            out.flush();
        } finally {
            if (temporary) {
                deleteTree(data);
            }
        }
        return 0;
    }

    private int nodes(PrintWriter out) throws Exception {
        CommandLine.ParseResult given = spec.commandLine().getParseResult();
        int h = given.hasMatchedOption("--hosts") ? hosts : 300;
        int m = given.hasMatchedOption("--minutes") ? minutes : 11;
        if (nodes < 2 || h < 1 || m < 2 || shards < nodes || graphs < 1 || outageMinutes < 1 || warmupSeconds < 0) {
            spec.commandLine().getErr().println("--nodes must be at least 2, --hosts at least 1, --minutes at least 2, --shards at least"
                    + " --nodes, --graphs and --outage-minutes at least 1, --warmup-seconds at least 0");
            return 2;
        }
        Path data = dir.orElse(Files.createTempDirectory("kurado-bench-nodes"));
        try {
            return new NodesBench(out, nodes, h, m, shards, graphs, outageMinutes, warmupSeconds, nodeJvm, data).run();
        } finally {
            if (dir.isEmpty()) {
                deleteTree(data);
            }
        }
    }

    /** @return samples the update role has dealt with: stored, skipped as old, or refused as from the future */
    private static long handled(EngineStats s) {
        return s.samplesWritten() + s.samplesSkipped() + s.samplesFailed() + s.samplesInFuture();
    }

    /** @return what the RRD storage does meanwhile, for the minute's line */
    private static String storageLine(Kurado kurado) {
        return kurado.storage().filter(RrdStorage.class::isInstance).map(st -> {
            RrdStorage.Stats s = ((RrdStorage) st).stats();
            return String.format(", %,d files written so far, %,d samples waiting", s.filesCreated() + s.filesWritten(), s.waiting());
        }).orElse("");
    }

    /** @return the address of the bench's host number {@code host} */
    static String address(int host) {
        return "10." + (host >> 16 & 255) + "." + (host >> 8 & 255) + "." + (host & 255);
    }

    /**
     * One agent batch: 45 metrics of one host, in the line format; the first two are the base
     * viewer's {@code loadavg-1.gauge} and {@code processors.gauge}, so that its load graph draws.
     */
    static String batch(int host, long ts, int minute) {
        String address = address(host);
        StringBuilder sb = new StringBuilder(METRICS_PER_HOST * 64);
        for (int i = 0; i < METRICS_PER_HOST; i++) {
            sb.append(address).append("\tbase.metrics.").append(name(i)).append('.').append(type(i))
                    .append('\t').append(value(host, i, minute)).append('\t').append(ts).append('\n');
        }
        return sb.toString();
    }

    /** @return the name of metric {@code i}: two of them are the base view's load and processors, so its load graph draws */
    static String name(int i) {
        return i == 0 ? "loadavg-1" : i == 3 ? "processors" : "metric-" + i;
    }

    /** @return the type of metric {@code i}: every third a gauge, the others derives */
    static String type(int i) {
        return i % 3 == 0 ? "gauge" : "derive";
    }

    /** @return the value of metric {@code i} of a host in a minute */
    static long value(int host, int i, int minute) {
        return i % 3 == 0 ? (host * 7L + i) % 100 : (long) minute * 6000 + host + i;
    }

    /** @return the bytes of the files in a directory (the journal's segments and spares), 0 when there is none */
    private static long directorySize(Path dir) {
        try (var files = Files.list(dir)) {
            return files.mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    /** The figures of one simulated hour. */
    private static final class Hour {
        int number;
        int firstMinute;
        long samples;
        long nanos;
        long cpu;
        long jitTicks;
        long heapAfterGc;
        long journalBytes;

        double cpuPerSample() {
            return cpu / 1e3 / Math.max(1, samples);
        }

        double cpuWithoutJit() {
            return (cpu - jitTicks * 10_000_000L) / 1e3 / Math.max(1, samples);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

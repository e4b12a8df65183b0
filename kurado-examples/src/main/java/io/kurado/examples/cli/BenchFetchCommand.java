package io.kurado.examples.cli;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.QueueConsumer;
import io.kurado.api.queue.Topic;
import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.Role;
import io.kurado.core.internal.engine.Scheduler;
import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * {@code kurado bench fetch}: rounds of fetches through the queue and the fetch role of this
 * process, against fake status pages on loopback addresses, some of which accept and never answer.
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure the fetch role: whole rounds of fetches against loopback status pages, some hanging.",
            "Each round enqueues one job per host x plugin (http, nginx, goapp) as the scheduler does, the fetch "
                + "role of this process fetches fake status pages served on loopback addresses "
                + "127.x.y.z (a share of them accept and never answer), and the round ends when every result or "
                + "warning is on the update queue. The fake servers run in a process of their own; CPU per fetch is "
                + "this process's, this benchmark's reading of the results included."
        })
public final class BenchFetchCommand implements Callable<Integer> {
    private static final List<String> PLUGINS = List.of("http", "nginx", "goapp");

    @Option(names = "--hosts", defaultValue = "3000", description = "Hosts, 3 pull plugins each (default ${DEFAULT-VALUE}).")
    int hosts;

    @Option(names = "--hanging", defaultValue = "10", description = "Percent of hosts that accept and never answer (default ${DEFAULT-VALUE}).")
    int hangingPercent;

    @Option(names = "--rounds", defaultValue = "3", description = "Rounds; the first warms up and is not counted (default ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--redis", paramLabel = "URI", description = "Queue and meta store in this Redis (e.g. redis://127.0.0.1:6379/15) instead of in memory.")
    Optional<String> redis;

    @Option(names = "--concurrency", description = "Concurrent fetches (default: the engine's, 512 per fetch worker).")
    Optional<Integer> concurrency;

    @Option(names = "--workers", defaultValue = "2", description = "fetch_worker: queue consumers (default ${DEFAULT-VALUE}).")
    int workers;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (hosts < 1 || hosts > 60_000 || rounds < 2 || hangingPercent < 0 || hangingPercent > 100) {
            spec.commandLine().getErr().println("--hosts must be 1..60000, --rounds at least 2, --hanging 0..100");
            return 2;
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> addresses = new ArrayList<>();
        Set<String> hanging = new HashSet<>();
        for (int i = 0; i < hosts; i++) {
            String a = LoopbackStatusPages.address(i);
            addresses.add(a);
            if (hangingPercent > 0 && i % 100 < hangingPercent) {
                hanging.add(a);
            }
        }
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        Roll roll = new Roll("bench.yml", dir.resolve("bench.yml"), Map.of(),
                PLUGINS.stream().map(p -> PluginRef.of(p, Integer.toString(port))).toList());
        List<HostEntry> entries = addresses.stream().map(a -> new HostEntry(Host.of(a), "bench", "", roll, Map.of())).toList();
        Settings settings = new Settings(redis, dir, dir, List.of(), 1, 1, workers, Settings.parseListen("127.0.0.1:0"),
                Duration.ofSeconds(30), Map.of());
        KuradoConfig cfg = new KuradoConfig(dir.resolve("bench-fetch.yml"), settings, Map.of(),
                List.of(new Service("bench", List.of(new Section("", entries)))), Map.of("bench.yml", roll));
        InstantSource clock = InstantSource.system();
        PluginRegistry registry = PluginRegistry.discover(BenchFetchCommand.class.getClassLoader());
        int jobsPerRound = hosts * PLUGINS.size();
        out.printf("bench fetch: %d hosts x %s = %d fetches a round, %d%% of hosts hang (%d fetches), queue %s, %d fetch workers%n",
                hosts, PLUGINS, jobsPerRound, hangingPercent, hanging.size() * PLUGINS.size(),
                redis.map(Settings::redact).orElse("in memory"), workers);
        out.flush();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Queue queue = Providers.queue(cfg, registry, clock);
        MetaStore meta = Providers.metaStore(cfg, registry, clock);
        Kurado.Builder b = Kurado.builder().config(cfg).registry(registry).clock(clock).roles(Set.of(Role.FETCH))
                .nodeName("bench-fetch").queue(queue).metaStore(meta);
        concurrency.ifPresent(b::fetchConcurrency);
        Endpoints pages = new Endpoints(port, hosts, hangingPercent);
        try (pages; Kurado kurado = b.build()) {
            if (queue.depth(Topic.FETCH) > 0 || queue.depth(Topic.UPDATE) > 0) {
                out.printf("warning: the queue already holds %d fetch jobs and %d batches; they are consumed too%n",
                        queue.depth(Topic.FETCH), queue.depth(Topic.UPDATE));
            }
            kurado.start();
            List<String> jobs = new Scheduler(cfg, registry, queue, new io.kurado.core.memory.InMemoryCoordination(clock), "bench", clock, Duration.ZERO,
                    new io.kurado.core.internal.engine.EngineCounters()).jobs();
            List<Round> measured = new ArrayList<>();
            try (QueueConsumer results = queue.consumer(Topic.UPDATE, "bench-fetch-results")) {
                for (int r = 0; r < rounds; r++) {
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    for (int i = 0; i < jobs.size(); i += 1000) {
                        queue.push(Topic.FETCH, jobs.subList(i, Math.min(jobs.size(), i + 1000)));
                    }
                    Round round = collect(results, jobs.size(), t0, hanging);
                    round.cpuNanos = os.getProcessCpuTime() - cpu0;
                    out.printf("round %d%s: %s%n", r + 1, r == 0 ? " (warm-up)" : "", round);
                    if (round.firstFailure != null) {
                        out.printf("  first failure of an answering endpoint: %s%n", round.firstFailure);
                    }
                    out.flush();
                    if (r > 0) {
                        measured.add(round);
                    }
                }
            }
            EngineStats st = kurado.stats();
            out.println("cpu by thread: " + threadCpu());
            Round worst = measured.stream().max((x, y) -> Long.compare(x.lastNanos, y.lastNanos)).orElseThrow();
            double cpuPerFetch = measured.stream().mapToLong(x -> x.cpuNanos).sum() / 1e3 / (measured.size() * (double) jobs.size());
            out.printf("engine: %,d fetches run, %,d timed out, %,d failed%n", st.fetchesRun(), st.fetchesTimedOut(),
                    st.fetchesFailed());
            out.printf("round_s = enqueue of a round's first job to its last result or warning on the update queue (worst of rounds 2..%d);%n"
                    + "p99_ms = the same for the fetches of answering endpoints; the hanging ones cost their plugin's deadline (10 s)%n", rounds);
            out.printf("RESULT fetch round_s=%.2f fetches_per_s=%.0f p99_ms=%d cpu_us_per_fetch=%.0f answered=%d hanging=%d failed_answering=%d%n",
                    worst.lastNanos / 1e9, jobs.size() / (worst.lastNanos / 1e9), worst.p99Millis(), cpuPerFetch,
                    worst.ok.size(), worst.warned, worst.failedAnswering(hanging));
            out.flush();
        }
        out.printf("the fake servers answered %,d requests%n", pages.answered());
        out.flush();
        return 0;
    }

    /** CPU seconds by thread family (names without their numbers), largest first. */
    private static String threadCpu() {
        var mx = ManagementFactory.getThreadMXBean();
        Map<String, Long> by = new java.util.TreeMap<>();
        for (var info : mx.dumpAllThreads(false, false)) {
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu > 0) {
                by.merge(info.getThreadName().replaceAll("[-#]?\\d+", ""), cpu, Long::sum);
            }
        }
        return by.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue(), a.getValue())).limit(8)
                .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / 1e9)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static Round collect(QueueConsumer results, int expected, long t0, Set<String> hanging) throws InterruptedException {
        Round r = new Round();
        long giveUp = t0 + Duration.ofSeconds(120).toNanos();
        while (r.count < expected && System.nanoTime() < giveUp) {
            List<Delivery> got = results.poll(500, Duration.ofMillis(200));
            long now = System.nanoTime() - t0;
            for (Delivery d : got) {
                r.count++;
                r.lastNanos = now;
                String batch = d.payload();
                if (batch.contains(".warn.command\t")) {
                    r.warned++;
                    String address = batch.substring(0, batch.indexOf('\t'));
                    r.warnedAddresses.add(address);
                    if (r.firstFailure == null && !hanging.contains(address)) {
                        r.firstFailure = batch.strip();
                    }
                } else {
                    r.ok.add(now);
                }
            }
            if (!got.isEmpty()) {
                results.ack(got);
            }
        }
        return r;
    }

    /** The fake status pages, served by a child process: their sockets and CPU are not counted here. */
    private static final class Endpoints implements AutoCloseable {
        private final Process process;
        private final java.io.BufferedReader from;
        private long answered = -1;

        Endpoints(int port, int hosts, int hangingPercent) throws java.io.IOException {
            String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"), LoopbackStatusPages.class.getName(),
                    Integer.toString(port), Integer.toString(hosts), Integer.toString(hangingPercent))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            from = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            String line = from.readLine();
            if (!"ready".equals(line)) {
                process.destroyForcibly();
                throw new java.io.IOException("the fake status pages did not start: " + line);
            }
        }

        /** @return the requests answered; known once closed */
        long answered() {
            return answered;
        }

        @Override
        public void close() throws java.io.IOException {
            process.getOutputStream().close();
            String line = from.readLine();
            if (line != null && line.startsWith("answered ")) {
                answered = Long.parseLong(line.substring("answered ".length()).strip());
            }
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class Round {
        int count;
        int warned;
        long lastNanos;
        long cpuNanos;
        final List<Long> ok = new ArrayList<>();
        final Set<String> warnedAddresses = new HashSet<>();
        String firstFailure;

        long p99Millis() {
            if (ok.isEmpty()) {
                return 0;
            }
            List<Long> s = new ArrayList<>(ok);
            s.sort(null);
            return s.get(Math.min(s.size() - 1, (int) Math.ceil(s.size() * 0.99) - 1)) / 1_000_000;
        }

        long failedAnswering(Set<String> hanging) {
            return warnedAddresses.stream().filter(a -> !hanging.contains(a)).count();
        }

        @Override
        public String toString() {
            return String.format("%,d results in %.2f s (%,d answered, p99 %d ms; %,d warnings), cpu %.0f us/fetch", count, lastNanos / 1e9,
                    ok.size(), p99Millis(), warned, cpuNanos / 1e3 / Math.max(1, count));
        }
    }
}

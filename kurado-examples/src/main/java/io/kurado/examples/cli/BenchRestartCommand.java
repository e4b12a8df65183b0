package io.kurado.examples.cli;

import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench restart}: how soon the RRD storage serves reads with every sample after a
 * restart, with samples waiting in its journal: once after {@code kill -9} of the process that
 * wrote them, once after a clean stop.
 */
@Command(
        name = "restart",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure the RRD storage's restart with samples waiting in its journal.",
            "A separate process creates N files (45 metrics per host) and writes --minutes simulated minutes into them; "
                + "files are written after 10 samples, so up to that many minutes wait in the journal. It is killed with "
                + "kill -9. This process then opens the storage and reads --reads series spread over the hosts, each of which "
                + "must show its last sample: the time from the start until the last of them is served is the restart after a kill. "
                + "It then waits until the writers have put the replayed samples into their files.",
            "Then it writes --minutes more minutes, stops the storage cleanly (timed: it writes what waits) and starts it "
                + "again, timed the same way.",
            "Needs about 190 KB of disk per file."
        })
public final class BenchRestartCommand implements Callable<Integer> {
    private static final int METRICS_PER_HOST = BenchStorageCommand.METRICS_PER_HOST;
    private static final PluginRef BASE = PluginRef.of("base");

    @Option(names = "--files", defaultValue = "135000", description = "RRD files (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--minutes", defaultValue = "10",
            description = "Simulated minutes written after the one that creates the files, before each restart (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--reads", defaultValue = "1000", description = "Series read after each start (default ${DEFAULT-VALUE}).")
    int reads;

    @Option(names = "--dir", paramLabel = "DIR", description = "Parent directory for the run's files (default: a temporary directory).")
    Optional<Path> dir;

    @Option(names = "--keep", description = "Keep the files afterwards.")
    boolean keep;

    @Option(names = "--rrdcached", arity = "0..1", fallbackValue = "rrdcached", paramLabel = "BINARY",
            description = "Then the same with a private C rrdcached (-w 600 -f 1200 -t 2, journal in -j): half the minutes"
                + " written into its files, the other half only in its journal, kill -9, and a start timed until it listens"
                + " and until it has flushed (written) the files of the --reads series ours reads.")
    Optional<String> rrdcached;

    @Option(names = "--rrdtool", defaultValue = "rrdtool", paramLabel = "BINARY",
            description = "The rrdtool that creates rrdcached's files (default ${DEFAULT-VALUE}).")
    String rrdtool;

    @Option(names = "--writer", hidden = true, paramLabel = "DATA_DIR",
            description = "Be the process that writes and is killed: write into DATA_DIR, then say READY and wait.")
    Optional<Path> writer;

    @Option(names = "--start", hidden = true, description = "The first minute's time, for --writer.")
    long start;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files < 1 || minutes < 1 || reads < 1) {
            err.println("--files, --minutes and --reads must be at least 1");
            return 2;
        }
        if (writer.isPresent()) {
            return beTheWriter(writer.get(), out);
        }
        Path parent = dir.orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        long first = Instant.now().getEpochSecond() / 60 * 60 - 60L * (2 * minutes + 10);
        int status = ours(parent, first, out, err);
        if (rrdcached.isPresent()) {
            rrdcachedRestart(parent, first, out, err);
        }
        return status;
    }

    /** Our storage's restarts: after kill -9 of the process that wrote, and after a clean stop. */
    private int ours(Path parent, long first, PrintWriter out, PrintWriter err) throws Exception {
        Path data = Files.createTempDirectory(parent, "bench-restart-");
        try {
            // 1. Another process writes, and is killed with samples waiting in its journal.
            long t0 = System.nanoTime();
            Process child = startWriter(data, first);
            long last;
            long waitingAtKill;
            try (BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = said.readLine()) != null && !line.startsWith("READY ")) {
                    err.println("writer: " + line);
                }
                if (line == null) {
                    err.println("the writing process ended without writing everything (exit " + child.waitFor() + ")");
                    return 1;
                }
                err.printf("writer: %s (%.0f s)%n", line, (System.nanoTime() - t0) / 1e9);
                last = Long.parseLong(line.split(" ")[1]);
                java.util.regex.Matcher w = java.util.regex.Pattern.compile("(\\d+) waiting").matcher(line);
                waitingAtKill = w.find() ? Long.parseLong(w.group(1)) : -1;
                child.destroyForcibly(); // SIGKILL
                child.waitFor();
            }
            err.flush();
            AtomicLong now = new AtomicLong(last + 30);
            RrdStorageOptions options = options(now);
            Served afterKill = start(data, options, last, err);
            err.printf(Locale.ROOT, "after kill -9: every sample served %.2f s after the start (%d series read; journal replayed: %s)%n",
                    afterKill.seconds, reads, afterKill.replayed);
            RrdStorage storage = afterKill.storage;
            // The replayed samples wait in memory until the writers have put them into their files.
            System.gc();
            java.lang.management.MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            double heapMb = heap.getUsed() / 1e6;
            long waitingNow = storage.stats().waiting();
            err.printf(Locale.ROOT, "heap used after a GC, %d samples still waiting: %.0f MB%n", waitingNow, heapMb);
            while (storage.stats().waiting() > 0) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            double inFiles = (System.nanoTime() - afterKill.startedAt) / 1e9;
            err.printf(Locale.ROOT, "after kill -9: the replayed samples in their files %.2f s after the start (written in the background)%n",
                    inFiles);
            err.flush();
            // 2. More minutes, a clean stop, a start.
            for (int m = 1; m <= minutes; m++) {
                long ts = last + 60L * m;
                now.set(ts + 30);
                writeMinute(storage, ts);
            }
            last += 60L * minutes;
            long waiting = storage.stats().waiting();
            long ts0 = System.nanoTime();
            storage.close();
            double stopSeconds = (System.nanoTime() - ts0) / 1e9;
            err.printf(Locale.ROOT, "clean stop with %d samples waiting: %.2f s (it writes them into their files)%n", waiting, stopSeconds);
            Served clean = start(data, options, last, err);
            clean.storage.close();
            err.printf(Locale.ROOT, "after a clean stop: every sample served %.2f s after the start%n", clean.seconds);
            String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
            out.printf(Locale.ROOT, "RESULT restart served_after_kill_s=%.2f served_after_kill_cpu_s=%.2f in_files_after_kill_s=%.2f"
                    + " served_after_clean_stop_s=%.2f clean_stop_s=%.2f samples_waiting_at_kill=%d samples_replayed=%d"
                    + " heap_after_replay_mb=%.0f samples_waiting_at_stop=%d files=%d reads=%d load=%s%n", afterKill.seconds,
                    afterKill.cpuSeconds, inFiles,
                    clean.seconds, stopSeconds, waitingAtKill, afterKill.waitingAtStart, heapMb, waiting, files, reads, load);
            out.flush();
            return afterKill.ok && clean.ok ? 0 : 1;
        } finally {
            if (!keep) {
                BenchStorageCommand.deleteTree(data);
            }
        }
    }

    /**
     * rrdcached's restart after kill -9: the same files (rrdtool's, Kurado's definition), the first
     * minute and half of the others written into them, the other half only in its journal (about
     * what waits in ours), then kill -9 and a start with that journal, timed until it listens (it
     * replays its journal first) and until it has flushed the files of the series ours reads.
     */
    private void rrdcachedRestart(Path parent, long first, PrintWriter out, PrintWriter err) throws Exception {
        Path work = Files.createTempDirectory(parent, "bench-restart-rrdcached-");
        try {
            Path base = Files.createDirectories(work.resolve("data"));
            Path daemonDir = Files.createDirectories(work.resolve("daemon"));
            List<String> paths = RrdcachedSide.makeFiles(rrdtool, files, work, base, first - 60, err);
            List<String> policy = List.of("-w", "600", "-f", "1200", "-t", "2");
            long waiting = 0;
            RrdcachedRun daemon = RrdcachedRun.start(rrdcached.orElseThrow(), base, daemonDir, policy);
            try {
                RrdcachedSide.send(daemon, paths, first);
                for (int m = 1; m <= minutes; m++) {
                    RrdcachedSide.send(daemon, paths, first + 60L * m);
                    if (m == minutes / 2) {
                        daemon.flushAll();
                        daemon.awaitWritten((long) files * (m + 1));
                    } else if (m > minutes / 2) {
                        waiting += files;
                    }
                }
                err.printf(Locale.ROOT, "rrdcached: %d samples waiting in its journal; kill -9%n", waiting);
                err.flush();
            } finally {
                daemon.kill();
            }
            long t0 = System.nanoTime();
            try (RrdcachedRun again = RrdcachedRun.start(rrdcached.orElseThrow(), base, daemonDir, policy, 3600)) {
                double listening = (System.nanoTime() - t0) / 1e9;
                int stride = Math.max(1, files / reads);
                int read = 0;
                for (int i = 0; i < files && read < reads; i += stride, read++) {
                    again.flush(paths.get(i));
                }
                double served = (System.nanoTime() - t0) / 1e9;
                err.printf(Locale.ROOT, "rrdcached after kill -9: listening %.2f s after the start, the %d"
                        + " series' files flushed %.2f s after it%n", listening, read, served);
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                out.printf(Locale.ROOT, "RESULT restart-rrdcached listening_after_kill_s=%.2f flushed_after_kill_s=%.2f"
                        + " samples_waiting_at_kill=%d files=%d reads=%d load=%s%n", listening, served, waiting, files, read, load);
                out.flush();
            }
        } finally {
            if (!keep) {
                BenchStorageCommand.deleteTree(work);
            }
        }
    }

    /** What a start served, and when. */
    private record Served(RrdStorage storage, long startedAt, double seconds, double cpuSeconds, boolean ok, long waitingAtStart,
            String replayed) {}

    /** Opens the storage and reads the sample of series until each shows the sample at {@code last}. */
    private Served start(Path data, RrdStorageOptions options, long last, PrintWriter err) {
        long t0 = System.nanoTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        RrdStorage storage = new RrdStorage(data, options);
        storage.openForWriting();
        double opened = (System.nanoTime() - t0) / 1e9;
        long waiting = storage.stats().waiting();
        boolean ok = true;
        int stride = Math.max(1, files / reads);
        int read = 0;
        for (int i = 0; i < files && read < reads; i += stride, read++) {
            SeriesRef ref = new SeriesRef(BenchStorageCommand.address(i / METRICS_PER_HOST), BASE.escapedIdentifier(),
                    BenchStorageCommand.key(i % METRICS_PER_HOST));
            Optional<SeriesData> d = storage.read(new SeriesQuery(ref, Consolidation.AVERAGE, Instant.ofEpochSecond(last - 900),
                    Instant.ofEpochSecond(last), Duration.ofMinutes(1)));
            long lastUpdate = storage.lastUpdate(ref).orElse(-1);
            if (d.isEmpty() || lastUpdate != last || !hasValueAt(d.get(), last)) {
                if (ok) {
                    err.printf("%s: last update %d, not %d, or no value at %d: %s%n", ref, lastUpdate, last, last, d);
                }
                ok = false;
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
        err.printf(Locale.ROOT, "opened (journal replayed) in %.2f s, %d samples waiting in memory; %d series read%s;"
                + " %.2f s of CPU in the thread that opened and read%n", opened, waiting, read,
                ok ? ", each with its last sample" : ", NOT all with their last sample", cpu);
        return new Served(storage, t0, seconds, cpu, ok, waiting, String.join("; ", storage.journalLosses()).isEmpty() ? "nothing lost"
                : String.join("; ", storage.journalLosses()));
    }

    private static boolean hasValueAt(SeriesData d, long ts) {
        for (int i = 0; i < d.size(); i++) {
            if (d.timestamp(i) == ts) {
                return !Double.isNaN(d.value(i));
            }
        }
        return false;
    }

    private static RrdStorageOptions options(AtomicLong now) {
        InstantSource clock = () -> Instant.ofEpochSecond(now.get());
        return RrdStorageOptions.defaults(clock);
    }

    /** The writing process: creates the files, writes the minutes, says READY with the last minute's time, waits to be killed. */
    private int beTheWriter(Path data, PrintWriter out) throws Exception {
        AtomicLong now = new AtomicLong(start + 30);
        RrdStorage storage = new RrdStorage(data, options(now));
        for (int m = 0; m <= minutes; m++) {
            long ts = start + 60L * m;
            now.set(ts + 30);
            writeMinute(storage, ts);
            if (m == 0) {
                storage.flush();
                out.printf("created %d files%n", storage.stats().filesCreated());
                out.flush();
            }
        }
        RrdStorage.Stats s = storage.stats();
        out.printf("READY %d (the last minute): %d samples accepted, %d in their files, %d waiting (in the journal)%n", start + 60L * minutes,
                s.accepted(), s.samplesInFiles(), s.waiting());
        out.flush();
        TimeUnit.DAYS.sleep(1);
        return 0;
    }

    private void writeMinute(RrdStorage storage, long ts) {
        int hosts = (files + METRICS_PER_HOST - 1) / METRICS_PER_HOST;
        for (int h = 0; h < hosts; h++) {
            int n = Math.min(METRICS_PER_HOST, files - h * METRICS_PER_HOST);
            List<Sample> batch = new ArrayList<>(n);
            String address = BenchStorageCommand.address(h);
            for (int k = 0; k < n; k++) {
                batch.add(new Sample(address, BASE, BenchStorageCommand.key(k), BenchStorageCommand.value(k, ts), ts));
            }
            storage.write(batch);
        }
    }

    private Process startWriter(Path data, long first) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("java.class.path");
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", classPath, KuradoCommand.class.getName(), "bench", "restart", "--writer", data.toString(),
                "--start", Long.toString(first), "--files", Integer.toString(files), "--minutes", Integer.toString(minutes)));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}

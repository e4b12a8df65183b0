package io.kurado.examples.cli;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.WriteResult;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import io.kurado.rrd.graph.RrdGraphRenderer;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.core.graph.GraphDefinitionParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kurado bench storage}: writes simulated minutes into RRD files through {@link RrdStorage}
 * and compares the rate with opening, updating and closing the file for every sample.
 */
@Command(
        name = "storage",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Measure RRD writes through the RRD storage, and the original's way of writing for comparison.",
            "N files (45 metrics per host) get one sample per simulated minute through the RRD storage, offered by "
                + "--threads threads one host batch at a time, as the update workers do; the storage writes the files.",
            "The first minute creates the files and is measured on its own (files/s, CPU per file); after the run, more new "
                + "files and plain files of the same size are written, for comparison once the machine's memory is in use.",
            "The other minutes count until every sample is in its file, with all the CPU the process spent.",
            "Then a subset is updated the way the original does it: open, update and close the file per sample.",
            "Needs about 190 KB of disk per file."
        })
public final class BenchStorageCommand implements Callable<Integer> {
    static final int METRICS_PER_HOST = 45;
    static final DataSourceType[] TYPES = {
        DataSourceType.DERIVE, DataSourceType.GAUGE, DataSourceType.GAUGE, DataSourceType.COUNTER};

    @Option(names = "--files", defaultValue = "45000", description = "RRD files (default ${DEFAULT-VALUE}).")
    int files;

    @Option(names = "--minutes", defaultValue = "10", description = "Simulated minutes after creation (default ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Parent directory for the run's files (default: a temporary directory).")
    Optional<Path> dir;

    @Option(names = "--threads", defaultValue = "2", description = "Threads offering samples (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--samples-per-write", defaultValue = "" + RrdStorageOptions.DEFAULT_SAMPLES_PER_WRITE,
            description = "Samples gathered per file before it is written (default ${DEFAULT-VALUE}; 1 writes each at once).")
    int samplesPerWrite;

    @Option(names = "--writer-threads", description = "Threads writing files (default: one per processor).")
    Optional<Integer> writerThreads;

    @Option(names = "--baseline-files", defaultValue = "2000",
            description = "Files updated the original's way, open-update-close (default ${DEFAULT-VALUE}).")
    int baselineFiles;

    @Option(names = "--baseline-minutes", defaultValue = "2",
            description = "Minutes written the original's way (default ${DEFAULT-VALUE}).")
    int baselineMinutes;

    @Option(names = "--keep", description = "Keep the files afterwards.")
    boolean keep;

    @Option(names = "--rrdcached", arity = "0..1", fallbackValue = "rrdcached", paramLabel = "BINARY",
            description = "Then the same files, samples and write policy through a private C rrdcached (-w 600 -f 1200 -t 2,"
                    + " a FLUSHALL after every 10 minutes of samples), fed over its socket in BATCH blocks; prints both sides"
                    + " and their ratio instead of the other comparisons. Our files are deleted before its files are made.")
    Optional<String> rrdcached;

    @Option(names = "--warmup-minutes", defaultValue = "0",
            description = "Minutes written after the first and before the clock starts, on both sides of a comparison, so that"
                    + " the JIT has compiled what runs (default ${DEFAULT-VALUE}).")
    int warmupMinutes;

    @Option(names = "--rrdtool", defaultValue = "rrdtool", paramLabel = "BINARY",
            description = "The rrdtool that creates rrdcached's files (default ${DEFAULT-VALUE}).")
    String rrdtool;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (files < 1 || minutes < 1 || threads < 1 || baselineFiles < 0 || baselineMinutes < 1 || samplesPerWrite < 1) {
            err.println("--files, --minutes, --threads, --samples-per-write and --baseline-minutes must be at least 1");
            return 2;
        }
        Path parent = dir.orElse(Path.of(System.getProperty("java.io.tmpdir")));
        Files.createDirectories(parent);
        Path data = Files.createTempDirectory(parent, "bench-storage-");
        int hosts = (files + METRICS_PER_HOST - 1) / METRICS_PER_HOST;
        long first = Instant.now().getEpochSecond() / 60 * 60 - 60L * (minutes + warmupMinutes + baselineMinutes + 2);
        long start = first;
        AtomicLong now = new AtomicLong(start);
        InstantSource clock = () -> Instant.ofEpochSecond(now.get());
        RrdStorageOptions defaults = RrdStorageOptions.defaults(clock);
        RrdStorageOptions options = new RrdStorageOptions(samplesPerWrite, defaults.maxWriteDelay(),
                writerThreads.orElse(defaults.writerThreads()), clock);
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        err.printf("bench storage: %d files (%d hosts x %d metrics) in %s, %d minutes, %d threads offering, %d writing,"
                + " %d samples per write%n", files, hosts, METRICS_PER_HOST, data, minutes, threads,
                options.writerThreads(), samplesPerWrite);
        err.flush();
        double rate;
        double cpuPerSample;
        double jitPerSample;
        double[] warm;
        double filesPerSecond;
        double cpuPerFile;
        try (RrdStorage storage = new RrdStorage(data, options)) {
            now.set(start + 60);
            long c0 = os.getProcessCpuTime();
            long t0 = System.nanoTime();
            writeMinute(storage, hosts, start + 60, err);
            storage.flush();
            filesPerSecond = files / secondsSince(t0);
            cpuPerFile = (os.getProcessCpuTime() - c0) / 1e3 / files;
            err.printf("created %d files in %.1f s: %.0f files/s, %.0f us CPU per file%n", storage.stats().filesCreated(),
                    secondsSince(t0), filesPerSecond, cpuPerFile);
            err.flush();
            for (int m = 2; m <= warmupMinutes + 1; m++) {
                now.set(start + 60L * m);
                writeMinute(storage, hosts, start + 60L * m, err);
            }
            if (warmupMinutes > 0) {
                storage.flush();
                start += 60L * warmupMinutes;
                err.printf("%d minutes written to warm up%n", warmupMinutes);
            }
            long samples = 0;
            long[] ticks0 = ProcessTicks.read();
            var kinds0 = ThreadTicks.byKind();
            long c1 = os.getProcessCpuTime();
            long t1 = System.nanoTime();
            for (int m = 2; m <= minutes + 1; m++) {
                now.set(start + 60L * m);
                long tm = System.nanoTime();
                long cm = os.getProcessCpuTime();
                long writesBefore = storage.stats().filesWritten();
                samples += writeMinute(storage, hosts, start + 60L * m, err);
                err.printf("minute %d/%d: %.0f samples/s offered, %.1f us CPU per sample, %d files written meanwhile,"
                        + " %d samples waiting%n", m - 1, minutes, files / secondsSince(tm),
                        (os.getProcessCpuTime() - cm) / 1e3 / files, storage.stats().filesWritten() - writesBefore,
                        storage.stats().waiting());
                err.flush();
            }
            long tf = System.nanoTime();
            long waiting = storage.stats().waiting();
            storage.flush();
            err.printf("wrote the %d samples still waiting in %.2f s%n", waiting, secondsSince(tf));
            rate = samples / secondsSince(t1);
            cpuPerSample = (os.getProcessCpuTime() - c1) / 1e3 / samples;
            long[] ticks1 = ProcessTicks.read();
            var kinds1 = ThreadTicks.byKind();
            jitPerSample = (kinds1.getOrDefault("jit", 0L) - kinds0.getOrDefault("jit", 0L)) * 1e4 / samples;
            err.printf("CPU of the process meanwhile: %.0f%% in the kernel; us per sample by thread: %s%n",
                    ProcessTicks.kernelShare(ticks0, ticks1), ThreadTicks.perItem(kinds0, kinds1, samples));
            RrdStorage.Stats st = storage.stats();
            err.printf("storage: %d samples in %.1f s (every one in its file): %.0f samples/s, %.1f us CPU per sample;"
                    + " %d file writes, %.1f samples per write, journal %d MB%n", samples, secondsSince(t1), rate, cpuPerSample,
                    st.filesWritten(), (st.samplesInFiles() - files) / (double) Math.max(1, st.filesWritten()),
                    st.journalBytes() >> 20);
            if (st.samplesInFiles() != st.accepted()) {
                err.printf("warning: %d samples accepted but %d in files%n", st.accepted(), st.samplesInFiles());
            }
            // New files once the machine has run a while: the first minute above also paid for memory the
            // system had never used (on a virtual machine, every page touched for the first time costs)
            int more = rrdcached.isPresent() ? 0 : Math.min(files, 5000);
            long cw = os.getProcessCpuTime();
            long tw = System.nanoTime();
            now.set(start + 60L * (minutes + 2));
            for (int h = 0; h * METRICS_PER_HOST < more; h++) {
                List<Sample> batch = new ArrayList<>();
                for (int k = 0; k < METRICS_PER_HOST && h * METRICS_PER_HOST + k < more; k++) {
                    batch.add(new Sample("10.1." + (h / 250) + "." + (h % 250 + 1), BASE, KEYS[k], k, start + 60L * (minutes + 2)));
                }
                storage.write(batch);
            }
            storage.flush();
            warm = new double[] {more / secondsSince(tw), (os.getProcessCpuTime() - cw) / 1e3 / more};
            if (more > 0) {
                err.printf("%d more new files, now that the machine has run a while: %.0f files/s, %.0f us CPU per file%n", more,
                        warm[0], warm[1]);
            }
        }
        if (rrdcached.isPresent()) {
            deleteTree(data);
            Path theirs = Files.createTempDirectory(parent, "bench-rrdcached-");
            try {
                double[] r = new RrdcachedSide(this, theirs, first, err).run();
                String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
                out.printf(Locale.ROOT, "RESULT storage-kurado samples_per_s=%.0f cpu_us_per_sample=%.1f jit_us_per_sample=%.1f"
                        + " files=%d minutes=%d warmup_minutes=%d%n", rate, cpuPerSample, jitPerSample, files, minutes, warmupMinutes);
                out.printf(Locale.ROOT, "RESULT storage-rrdcached samples_per_s=%.0f cpu_us_per_sample=%.1f daemon_cpu_us_per_sample=%.1f"
                        + " client_cpu_us_per_sample=%.1f files=%d minutes=%d%n", r[0], r[1] + r[2], r[1], r[2], files, minutes);
                out.printf(Locale.ROOT, "RESULT storage-vs-rrdcached rate_ratio=%.2f cpu_ratio=%.2f cpu_ratio_without_jit=%.2f load=%s"
                        + " files=%d minutes=%d%n", rate / r[0], cpuPerSample / (r[1] + r[2]), (cpuPerSample - jitPerSample) / (r[1] + r[2]),
                        load, files, minutes);
                out.flush();
            } finally {
                if (!keep) {
                    deleteTree(theirs);
                }
            }
            return 0;
        }
        double[] floor = plainFiles(data.resolve("plain"), Math.min(files, 5000), os, err);
        double baseline = baseline(data, hosts, start + 60L * (minutes + 2), err);
        double ratio = baseline > 0 ? rate / baseline : Double.NaN;
        double[] graph = graphTimings(data, err);
        if (!keep) {
            deleteTree(data);
        }
        out.printf(Locale.ROOT, "RESULT storage samples_per_s=%.0f cpu_us_per_sample=%.1f files_per_s=%.0f cpu_us_per_file=%.0f"
                + " warm_files_per_s=%.0f warm_cpu_us_per_file=%.0f plain_files_per_s=%.0f plain_cpu_us_per_file=%.0f"
                + " baseline_per_s=%.0f ratio=%.1f graph_p50_ms=%.1f graph_p95_ms=%.1f files=%d minutes=%d threads=%d"
                + " samples_per_write=%d%n", rate, cpuPerSample, filesPerSecond, cpuPerFile, warm[0], warm[1], floor[0], floor[1],
                baseline, ratio, graph[0], graph[1], files, minutes, threads, samplesPerWrite);
        out.flush();
        return 0;
    }

    /** Writes one sample into every file, one host batch per call, from the writer threads. */
    private long writeMinute(RrdStorage storage, int hosts, long ts, PrintWriter err) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Callable<long[]>> jobs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                jobs.add(() -> {
                    long written = 0;
                    long failed = 0;
                    for (int h = next.getAndIncrement(); h < hosts; h = next.getAndIncrement()) {
                        WriteResult r = storage.write(hostBatch(h, ts));
                        written += r.written();
                        failed += r.failed();
                        if (r.failed() > 0 && failed == r.failed()) {
                            err.println("write failed: " + r.failures().get(0));
                        }
                    }
                    return new long[] {written, failed};
                });
            }
            long written = 0;
            for (Future<long[]> f : pool.invokeAll(jobs)) {
                written += f.get()[0];
            }
            return written;
        } finally {
            pool.shutdown();
        }
    }

    private static final PluginRef BASE = PluginRef.of("base");
    private static final MetricKey[] KEYS = new MetricKey[METRICS_PER_HOST];

    static {
        for (int k = 0; k < METRICS_PER_HOST; k++) {
            KEYS[k] = key(k);
        }
    }

    private List<Sample> hostBatch(int host, long ts) {
        String address = address(host);
        int n = Math.min(METRICS_PER_HOST, files - host * METRICS_PER_HOST);
        List<Sample> batch = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            batch.add(new Sample(address, BASE, KEYS[k], value(k, ts), ts));
        }
        return batch;
    }

    /** @return the value of metric {@code k} at {@code ts}, the same on both sides of a comparison */
    static long value(int k, long ts) {
        return (ts / 60 % 1000) * (k + 1);
    }

    static String address(int host) {
        return "10.0." + (host / 250) + "." + (host % 250 + 1);
    }

    static MetricKey key(int k) {
        return MetricKey.of(String.format(Locale.ROOT, "metric-%02d", k), TYPES[k % TYPES.length]);
    }

    /**
     * What this machine's disk and memory allow for creating files of that size at all: plain files of
     * an RRD file's size, written in one call each from one thread per writer, with no RRD logic.
     *
     * @return files per second and CPU microseconds per file
     */
    private double[] plainFiles(Path dir, int n, com.sun.management.OperatingSystemMXBean os, PrintWriter err) throws Exception {
        byte[] image = new byte[188_784];
        java.util.Arrays.fill(image, (byte) 0x7f);
        AtomicInteger next = new AtomicInteger();
        int writers = writerThreads.orElse(RrdStorageOptions.defaults(InstantSource.system()).writerThreads());
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long c0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        try {
            List<Callable<Void>> jobs = new ArrayList<>();
            for (int t = 0; t < writers; t++) {
                jobs.add(() -> {
                    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocateDirect(image.length);
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        Path f = dir.resolve("h" + i / METRICS_PER_HOST).resolve("m" + i % METRICS_PER_HOST);
                        java.nio.channels.FileChannel open;
                        try {
                            open = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                                    java.nio.file.StandardOpenOption.WRITE);
                        } catch (java.nio.file.NoSuchFileException e) {
                            Files.createDirectories(f.getParent());
                            open = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                                    java.nio.file.StandardOpenOption.WRITE);
                        }
                        try (java.nio.channels.FileChannel ch = open) {
                            b.clear().put(image).flip();
                            while (b.hasRemaining()) {
                                ch.write(b);
                            }
                        }
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(jobs)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        double perSecond = n / secondsSince(t0);
        double cpu = (os.getProcessCpuTime() - c0) / 1e3 / n;
        err.printf("plain files of the same size, for comparison (what the disk and memory allow): %d in %.1f s,"
                + " %.0f files/s, %.0f us CPU per file%n", n, secondsSince(t0), perSecond, cpu);
        err.flush();
        return new double[] {perSecond, cpu};
    }

    /** Open, update and close the file for every sample, as the original does, on a subset. */
    private double baseline(Path data, int hosts, long firstTs, PrintWriter err) throws Exception {
        int n = Math.min(baselineFiles, files);
        if (n == 0) {
            return Double.NaN;
        }
        List<Path> subset = new ArrayList<>(n);
        int stride = Math.max(1, files / n);
        for (int i = 0; i < files && subset.size() < n; i += stride) {
            subset.add(RrdLayout.file(data, address(i / METRICS_PER_HOST), "base", key(i % METRICS_PER_HOST)));
        }
        RrdRandomAccessFileBackendFactory factory = new RrdRandomAccessFileBackendFactory();
        long samples = 0;
        long t0 = System.nanoTime();
        for (int m = 0; m < baselineMinutes; m++) {
            long ts = firstTs + 60L * m;
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<Long>> jobs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    jobs.add(() -> {
                        long done = 0;
                        for (int i = next.getAndIncrement(); i < subset.size(); i = next.getAndIncrement()) {
                            try (RrdDb db = RrdDb.getBuilder().setPath(subset.get(i).toString())
                                    .setBackendFactory(factory).build()) {
                                db.createSample(ts).setValue(0, i).update();
                                done++;
                            }
                        }
                        return done;
                    });
                }
                for (Future<Long> f : pool.invokeAll(jobs)) {
                    samples += f.get();
                }
            } finally {
                pool.shutdown();
            }
        }
        double rate = samples / secondsSince(t0);
        err.printf("baseline (open, update, close per sample; RandomAccessFile): %d samples, %.0f samples/s%n",
                samples, rate);
        err.flush();
        return rate;
    }

    /**
     * Renders a stacked graph of four files holding 33 hours of one-minute data, 500x100 over the
     * {@code day} term, as the host page does; returns p50 and p95 in milliseconds.
     */
    private double[] graphTimings(Path data, PrintWriter err) {
        Path dir = data.resolve("graph-bench");
        long end = Instant.now().getEpochSecond() / 60 * 60;
        long from = end - 33 * 3600L;
        String[] keys = {"cpu-user.derive", "cpu-system.derive", "cpu-iowait.derive", "cpu-idle.derive"};
        RrdStorageOptions options = RrdStorageOptions.defaults(InstantSource.fixed(Instant.ofEpochSecond(from - 120)));
        try (RrdStorage storage = new RrdStorage(dir, options)) {
            List<Sample> batch = new ArrayList<>();
            double[] counters = new double[keys.length];
            for (long t = from; t <= end; t += 60) {
                for (int k = 0; k < keys.length; k++) {
                    counters[k] += 60 * (10 + 5 * k + 3 * Math.sin((t / 3600.0) + k));
                    batch.add(new Sample("10.9.9.9", PluginRef.of("base"), MetricKey.of(keys[k]), Math.floor(counters[k]), t));
                }
            }
            storage.write(batch);
            StringBuilder def = new StringBuilder("CPU Usage [%]\n");
            String[] v = {"u", "s", "w", "i"};
            for (int k = 0; k < keys.length; k++) {
                def.append("DEF:").append(v[k]).append("=<%RRD ").append(keys[k]).append(" %>:n:AVERAGE\n");
            }
            def.append("CDEF:total=u,s,+,w,+,i,+\n");
            for (int k = 0; k < keys.length; k++) {
                def.append("CDEF:p").append(v[k]).append('=').append(v[k]).append(",total,/,100,*\n");
                def.append(k == 0 ? "AREA:p" : "STACK:p").append(v[k]).append("#")
                        .append(new String[] {"c0c0c0", "000080", "008080", "800080"}[k]).append(':').append(keys[k], 0, keys[k].indexOf('.'))
                        .append("\n");
                def.append("GPRINT:p").append(v[k]).append(":LAST:Cur\\: %4.1lf[%%]\\l\n");
            }
            RrdGraphRenderer renderer = new RrdGraphRenderer(storage);
            GraphDefinition parsed = new GraphDefinitionParser().parse(def.toString(), "10.9.9.9", "base");
            GraphWindow window = new GraphWindow("day", Instant.ofEpochSecond(end - 33 * 3600L), Instant.ofEpochSecond(end), "Day");
            GraphRequest request = new GraphRequest(parsed, window, 500, GraphRequest.DEFAULT_HEIGHT, "Day bench-host",
                    parsed.verticalLabel().orElse("base"));
            for (int i = 0; i < 30; i++) {
                renderer.render(request);
            }
            long[] nanos = new long[200];
            for (int i = 0; i < nanos.length; i++) {
                long t0 = System.nanoTime();
                renderer.render(request);
                nanos[i] = System.nanoTime() - t0;
            }
            java.util.Arrays.sort(nanos);
            double p50 = nanos[nanos.length / 2] / 1e6;
            double p95 = nanos[nanos.length * 95 / 100] / 1e6;
            err.printf("graph: 4 DEFs stacked, 500x100 over 33 hours, %d renders: p50 %.1f ms, p95 %.1f ms%n", nanos.length, p50, p95);
            err.flush();
            return new double[] {p50, p95};
        }
    }

    private static double secondsSince(long nanoStart) {
        return Math.max(1e-9, (System.nanoTime() - nanoStart) / 1e9);
    }

    static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}

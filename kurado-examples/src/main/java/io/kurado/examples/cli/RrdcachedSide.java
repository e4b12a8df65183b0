package io.kurado.examples.cli;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.rrd.RrdLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rrdcached side of {@code bench storage --rrdcached}: the same files (rrdtool's format, made by
 * {@code rrdtool create} with Kurado's definition: one data source {@code n}, heartbeat 120 s, the
 * twelve archives), the same samples minute by minute, and a write policy that writes each file
 * after ten samples: rrdcached's {@code -w 600}, and a FLUSHALL after every ten minutes of samples
 * because the simulated minutes pass faster than its clock. The first minute goes in before the
 * clock starts, as our files are created in it; the clock stops when rrdcached has written every
 * value into its file.
 */
final class RrdcachedSide {
    /** Steps per row and rows of each archive, for AVERAGE, MIN and MAX in turn (Kurado's definition). */
    private static final int[][] ARCHIVES = {{1, 2880}, {5, 2880}, {60, 960}, {1440, 1100}};
    private static final String[] FUNCTIONS = {"AVERAGE", "MIN", "MAX"};
    private static final int LINES_PER_BATCH = 20_000;

    private final BenchStorageCommand bench;
    private final Path dir;
    private final long start;
    private final PrintWriter err;

    RrdcachedSide(BenchStorageCommand bench, Path dir, long start, PrintWriter err) {
        this.bench = bench;
        this.dir = dir;
        this.start = start;
        this.err = err;
    }

    /** @return samples per second, the daemon's and the client's CPU in microseconds per sample */
    double[] run() throws Exception {
        Path base = Files.createDirectories(dir.resolve("data"));
        Path work = Files.createDirectories(dir.resolve("daemon"));
        List<String> paths = makeFiles(base);
        int files = paths.size();
        var threads = ManagementFactory.getThreadMXBean();
        try (RrdcachedRun daemon = RrdcachedRun.start(bench.rrdcached.orElseThrow(), base, work,
                List.of("-w", "600", "-f", "1200", "-t", "2"))) {
            err.printf("rrdcached (pid %d) on %s, journal in %s%n", daemon.pid(), work.resolve("rrdcached.sock"), work.resolve("journal"));
            // The first minute, as our side's first minute creates the files with it.
            send(daemon, paths, start + 60);
            for (int m = 2; m <= bench.warmupMinutes + 1; m++) {
                send(daemon, paths, start + 60L * m);
            }
            daemon.flushAll();
            long before = (long) files * (bench.warmupMinutes + 1);
            daemon.awaitWritten(before);
            long measured = start + 60L * bench.warmupMinutes;
            long samples = 0;
            double d0 = daemon.daemonCpuSeconds();
            long c0 = threads.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int m = 2; m <= bench.minutes + 1; m++) {
                samples += send(daemon, paths, measured + 60L * m);
                if ((m - 1) % 10 == 0) {
                    daemon.flushAll();
                }
            }
            daemon.flushAll();
            daemon.awaitWritten(before + samples);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double daemonCpu = daemon.daemonCpuSeconds() - d0;
            double clientCpu = (threads.getCurrentThreadCpuTime() - c0) / 1e9;
            double rate = samples / seconds;
            err.printf(Locale.ROOT, "rrdcached: %d samples in %.1f s (every one in its file): %.0f samples/s, %.1f us CPU per sample"
                    + " (daemon %.1f, client %.1f)%n", samples, seconds, rate, (daemonCpu + clientCpu) * 1e6 / samples,
                    daemonCpu * 1e6 / samples, clientCpu * 1e6 / samples);
            err.flush();
            return new double[] {rate, daemonCpu * 1e6 / samples, clientCpu * 1e6 / samples};
        }
    }

    /** Sends one minute's sample of every file, in BATCH blocks. @return the samples sent */
    static long send(RrdcachedRun daemon, List<String> paths, long ts) throws IOException {
        StringBuilder lines = new StringBuilder(LINES_PER_BATCH * 48);
        int inBatch = 0;
        long errors = 0;
        for (int i = 0; i < paths.size(); i++) {
            lines.append("UPDATE ").append(paths.get(i)).append(' ').append(ts).append(':')
                    .append(BenchStorageCommand.value(i % BenchStorageCommand.METRICS_PER_HOST, ts)).append('\n');
            if (++inBatch == LINES_PER_BATCH || i == paths.size() - 1) {
                errors += daemon.batch(lines);
                lines.setLength(0);
                inBatch = 0;
            }
        }
        if (errors > 0) {
            throw new IOException(errors + " of rrdcached's updates at " + ts + " failed");
        }
        return paths.size();
    }

    /**
     * Makes every file: one per data-source type with {@code rrdtool create}, starting where our
     * files start (ten seconds before the first sample), copied into place.
     *
     * @return the files' paths relative to {@code base}, in the order of our files
     */
    private List<String> makeFiles(Path base) throws IOException, InterruptedException {
        return makeFiles(bench.rrdtool, bench.files, dir, base, start, err);
    }

    /**
     * Makes rrdcached's files, as {@code bench storage --rrdcached} does, for other benchmarks.
     *
     * @param rrdtool the rrdtool that creates them
     * @param files how many
     * @param dir where the templates go
     * @param base the directory of the files
     * @param start a minute before the first sample
     * @param err where to say what was made
     * @return the files' paths relative to {@code base}, in the order of our files
     */
    static List<String> makeFiles(String rrdtool, int files, Path dir, Path base, long start, PrintWriter err)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Map<DataSourceType, Path> templates = new EnumMap<>(DataSourceType.class);
        for (DataSourceType type : BenchStorageCommand.TYPES) {
            if (!templates.containsKey(type)) {
                Path t = dir.resolve("template-" + type.name().toLowerCase(Locale.ROOT) + ".rrd");
                List<String> cmd = new ArrayList<>(List.of(rrdtool, "create", t.toString(), "--start",
                        Long.toString(start + 50), "--step", "60", "DS:n:" + type.name() + ":120:U:U"));
                for (String f : FUNCTIONS) {
                    for (int[] a : ARCHIVES) {
                        cmd.add("RRA:" + f + ":0.5:" + a[0] + ":" + a[1]);
                    }
                }
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String said = new String(p.getInputStream().readAllBytes()).strip();
                if (p.waitFor() != 0) {
                    throw new IOException("rrdtool create failed: " + said);
                }
                templates.put(type, t);
            }
        }
        List<String> paths = new ArrayList<>(files);
        for (int i = 0; i < files; i++) {
            int k = i % BenchStorageCommand.METRICS_PER_HOST;
            MetricKey key = BenchStorageCommand.key(k);
            Path f = RrdLayout.file(base, BenchStorageCommand.address(i / BenchStorageCommand.METRICS_PER_HOST), "base", key);
            if (k == 0) {
                Files.createDirectories(f.getParent());
            }
            Files.copy(templates.get(BenchStorageCommand.TYPES[k % BenchStorageCommand.TYPES.length]), f);
            paths.add(base.relativize(f).toString());
        }
        err.printf(Locale.ROOT, "rrdcached's %d files (rrdtool create, %d bytes each) copied into place in %.1f s%n", files,
                Files.size(templates.values().iterator().next()), (System.nanoTime() - t0) / 1e9);
        err.flush();
        return paths;
    }
}

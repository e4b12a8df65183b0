package io.kurado.rrd;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Random;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.RrdMemoryBackendFactory;

/**
 * Bytes read and CPU time per series read of one Kurado file, the read path before ({@link
 * Rrd4jReads} over a copy of the whole file, as the storage read until {@link SeriesReader}) and
 * now, for the windows the UI draws. Not a test: run it by hand, e.g.
 * {@code java -cp <test classpath> io.kurado.rrd.SeriesReadBench [reads]}. Prints RESULT lines.
 */
public final class SeriesReadBench {
    private static final SeriesRef REF = new SeriesRef("192.0.2.1", "base", MetricKey.of("m.gauge"));

    private SeriesReadBench() {}

    public static void main(String[] args) throws IOException {
        int reads = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path dir = Files.createTempDirectory("kurado-readbench");
        Path file = dir.resolve("m.gauge.rrd");
        long t0 = 1_700_000_000L - 1_700_000_000L % 86_400;
        long last = t0 + 60 * 86_400L;
        Files.write(file, sixtyDays(t0, last));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        Object[][] windows = {{"day", Duration.ofHours(33), 500, Detail.FINEST}, {"week", Duration.ofDays(8), 500, Detail.FINEST},
            {"month", Duration.ofDays(35), 400, Detail.RESOLUTION}, {"year", Duration.ofDays(400), 400, Detail.RESOLUTION}};
        for (int round = 1; round <= 3; round++) { // the first rounds warm the JIT up; the last is printed
        for (Object[] w : windows) {
            Duration span = (Duration) w[1];
            SeriesQuery q = new SeriesQuery(REF, Consolidation.AVERAGE, Instant.ofEpochSecond(last).minus(span),
                    Instant.ofEpochSecond(last), Duration.ofSeconds(span.toSeconds() / (int) w[2]), (Detail) w[3]);
            long[] before = measure(reads, mx, () -> {
                byte[] bytes = Files.readAllBytes(file);
                FileLayout.read(bytes.length, reader(bytes), new byte[FileLayout.HEAD_BYTES], new byte[FileLayout.MAX_ARCHIVES][]);
                return new Read(Rrd4jReads.read(bytes, q), bytes.length);
            });
            long[] after = measure(reads, mx, () -> {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    long[] n = new long[1];
                    SeriesData d = SeriesReader.read(ch.size(), (into, position) -> {
                        int k = ch.read(into, position);
                        n[0] += Math.max(0, k);
                        return k;
                    }, q);
                    return new Read(d, n[0]);
                }
            });
            if (round < 3) {
                continue;
            }
            System.out.printf(Locale.ROOT, "RESULT read %-5s %-10s before: %,7d bytes %,8.1f us CPU/read   after: %,6d bytes"
                    + " %,7.1f us CPU/read   (%.0fx fewer bytes, %.1fx less CPU)%n", w[0], w[3], before[0], before[1] / 1000.0,
                    after[0], after[1] / 1000.0, (double) before[0] / after[0], (double) before[1] / after[1]);
        }
        }
        long[] lastUpdate = measure(reads, mx, () -> {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                SeriesReader.lastUpdate(ch);
                return new Read(null, FileLayout.OFF_LAST_UPDATE + 8);
            }
        });
        System.out.printf(Locale.ROOT, "RESULT lastUpdate from the header: %d bytes %.1f us CPU%n", lastUpdate[0],
                lastUpdate[1] / 1000.0);
        Files.delete(file);
        Files.delete(dir);
    }

    private record Read(SeriesData data, long bytes) {}

    private interface Reading {
        Read read() throws IOException;
    }

    /** @return bytes per read, CPU nanoseconds per read (after as many reads to warm up) */
    private static long[] measure(int reads, ThreadMXBean mx, Reading r) throws IOException {
        long bytes = 0;
        for (int i = 0; i < reads; i++) {
            r.read();
        }
        long cpu0 = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < reads; i++) {
            bytes += r.read().bytes();
        }
        return new long[] {bytes / reads, (mx.getCurrentThreadCpuTime() - cpu0) / reads};
    }

    private static FileLayout.Reader reader(byte[] bytes) {
        return (into, position) -> {
            int n = Math.min(into.remaining(), bytes.length - (int) position);
            into.put(bytes, (int) position, n);
            return n;
        };
    }

    /** @return a Kurado file with a sample a minute for sixty days, written by rrd4j */
    private static byte[] sixtyDays(long from, long to) throws IOException {
        RrdDef def = RrdDefinitions.kurado(Path.of("bench.rrd"), DataSourceType.GAUGE, from);
        def.setPath(URI.create("memory:/bench"));
        Random random = new Random(1);
        try (RrdDb db = RrdDb.getBuilder().setRrdDef(def).setBackendFactory(new RrdMemoryBackendFactory()).build()) {
            for (long t = from; t <= to; t += 60) {
                db.createSample(t).setValue(0, 100 + random.nextGaussian()).update();
            }
            return db.getBytes();
        }
    }
}

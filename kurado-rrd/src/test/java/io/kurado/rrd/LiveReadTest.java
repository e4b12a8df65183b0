package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read sees the samples still waiting in memory as if they were in the file, and writes nothing:
 * its answer is, point for point, what writing the file and then reading it gives.
 */
class LiveReadTest {
    private static final long START = 1_700_000_000L - 1_700_000_000L % 86_400 + 86_400 - 3 * 3600; // 21:00 UTC
    private static final String HOST = "10.1.2.3";
    private static final PluginRef BASE = PluginRef.of("base");
    /** The consolidation functions Kurado's files keep. */
    private static final List<Consolidation> KEPT = List.of(Consolidation.AVERAGE, Consolidation.MIN, Consolidation.MAX);
    private static final List<String> KEYS = List.of("temp.gauge", "bytes.counter", "delta.derive", "hits.absolute");

    @TempDir
    Path tmp;

    private final AtomicLong now = new AtomicLong(START);
    private final InstantSource clock = () -> Instant.ofEpochSecond(now.get());

    private RrdStorage storage(Path dir, int samplesPerWrite, Duration maxWriteDelay) {
        return new RrdStorage(dir, new RrdStorageOptions(samplesPerWrite, maxWriteDelay, 1, clock));
    }

    private static SeriesRef ref(String key) {
        return new SeriesRef(HOST, "base", MetricKey.of(key));
    }

    private static SeriesQuery query(String key, Consolidation cf, long start, long end, long resolution, Detail detail) {
        return new SeriesQuery(ref(key), cf, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end),
                Duration.ofSeconds(resolution), detail);
    }

    @Test
    void readsWriteNoFileAndLeaveTheSamplesWaiting() throws IOException {
        try (RrdStorage s = storage(tmp, 1440, Duration.ofDays(1))) {
            s.write(List.of(new Sample(HOST, BASE, MetricKey.of("temp.gauge"), 0, START - 60)));
            s.flush(); // the file exists; its next write comes after one to n samples, to spread writes
            s.write(List.of(new Sample(HOST, BASE, MetricKey.of("temp.gauge"), 0, START)));
            s.flush(); // from here on nothing is due to be written for a day
            Path file = s.fileOf(ref("temp.gauge"));
            for (int m = 1; m <= 30; m++) {
                s.write(List.of(new Sample(HOST, BASE, MetricKey.of("temp.gauge"), m, START + 60L * m)));
            }
            now.set(START + 30 * 60 + 5);
            byte[] bytes = Files.readAllBytes(file);
            FileTime modified = Files.getLastModifiedTime(file);
            RrdStorage.Stats before = s.stats();
            assertThat(before.waiting()).isEqualTo(30);

            for (Consolidation cf : KEPT) {
                for (Detail detail : Detail.values()) {
                    SeriesData d = s.read(query("temp.gauge", cf, START, now.get(), 60, detail)).orElseThrow();
                    assertThat(d.value((int) ((START + 30 * 60 - d.start()) / 60))).isEqualTo(30.0);
                }
            }

            RrdStorage.Stats after = s.stats();
            assertThat(after.filesWritten()).isEqualTo(before.filesWritten());
            assertThat(after.samplesInFiles()).isEqualTo(before.samplesInFiles());
            assertThat(after.waiting()).isEqualTo(30);
            assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
            assertThat(Files.getLastModifiedTime(file)).isEqualTo(modified);
            assertThat(Rrd4jFiles.lastUpdate(file)).isEqualTo(START);
        }
    }

    /**
     * Two storages take the same samples of each data-source type, with gaps, unknowns, a counter
     * that wraps, and several samples in some steps, over more than two days (so every archive
     * consolidates rows, and the finest archive's reach is passed). At many moments one is read as
     * it is, and the other is written out and its file read: every archive, function, resolution and
     * window gives the same points.
     */
    @Test
    void aReadGivesWhatWritingTheFileAndReadingItGives() throws IOException {
        Path liveDir = tmp.resolve("live");
        Path flushedDir = tmp.resolve("flushed");
        Random random = new Random(7);
        int checks = 0;
        try (RrdStorage live = storage(liveDir, 10, Duration.ofMinutes(10));
                RrdStorage flushed = storage(flushedDir, 10, Duration.ofMinutes(10))) {
            double counter = 4_294_967_000.0;
            double derive = 0;
            long t = START + 17;
            long end = START + 2 * 86_400 + 7 * 3600;
            int n = 0;
            List<Sample> batch = new ArrayList<>();
            while (t < end) {
                n++;
                // mostly a sample a minute, at odd seconds; sometimes two in a step; sometimes a gap past the heartbeat
                int r = random.nextInt(100);
                t += r < 5 ? 7 + random.nextInt(20) : r < 8 ? 180 + random.nextInt(600) : 60 + random.nextInt(9) - 4;
                counter = (counter + 1000 + random.nextInt(5000)) % 4_294_967_296.0; // wraps at 2^32
                derive += random.nextInt(2000) - 1000;
                double gauge = r == 50 ? Double.NaN : 10 + random.nextInt(900) / 10.0;
                batch.addAll(List.of(new Sample(HOST, BASE, MetricKey.of("temp.gauge"), gauge, t),
                        new Sample(HOST, BASE, MetricKey.of("bytes.counter"), counter, t),
                        new Sample(HOST, BASE, MetricKey.of("delta.derive"), derive, t),
                        new Sample(HOST, BASE, MetricKey.of("hits.absolute"), random.nextInt(500), t)));
                boolean boundary = t % 300 < 70 || t % 3600 < 130 || t % 86_400 < 130;
                boolean check = n <= 6 || n % 600 == 0 || boundary && random.nextInt(150) == 0;
                if (check || batch.size() >= 4 * 60) {
                    now.set(t + 1);
                    live.write(batch);
                    flushed.write(batch);
                    batch.clear();
                }
                if (check) {
                    now.set(t + random.nextInt(50));
                    flushed.flush();
                    for (String key : KEYS) {
                        checks += compare(live, flushed, key, t);
                    }
                }
            }
        }
        assertThat(checks).isGreaterThan(3_000);
    }

    private static int compare(RrdStorage live, RrdStorage flushed, String key, long t) throws IOException {
        long[][] windows = {
            {t - 300, t}, {t - 3600, t + 60}, {t - 86_400, t}, {t - 2 * 86_400 - 3600, t}, {t - 15 * 86_400, t + 600},
            {START - 7200, START + 3600}, {t - 3 * 3600 - 123, t - 3600 + 17}
        };
        long[] resolutions = {1, 60, 300, 3600, 86_400};
        int checks = 0;
        for (Consolidation cf : KEPT) {
            for (long[] w : windows) {
                for (long res : resolutions) {
                    checks += compare(live, flushed, query(key, cf, w[0], w[1], res, Detail.RESOLUTION));
                }
                checks += compare(live, flushed, query(key, cf, w[0], w[1], 60, Detail.FINEST));
            }
        }
        return checks;
    }

    private static int compare(RrdStorage live, RrdStorage flushed, SeriesQuery q) throws IOException {
        Optional<SeriesData> expected = fileRead(flushed.fileOf(q.series()), q);
        Optional<SeriesData> actual = live.read(q);
        assertThat(actual.isPresent()).as("%s", q).isEqualTo(expected.isPresent());
        if (expected.isPresent()) {
            SeriesData e = expected.get();
            SeriesData a = actual.get();
            if (a.start() != e.start() || a.step() != e.step() || !java.util.Arrays.equals(a.values(), e.values())) {
                assertThat(a.start()).as("start of %s", q).isEqualTo(e.start());
                assertThat(a.step()).as("step of %s", q).isEqualTo(e.step());
                assertThat(a.values()).as("%s", q).containsExactly(e.values());
            }
        }
        return 1;
    }

    /** What the file holds, read the plain way (its header and rows from disk). */
    private static Optional<SeriesData> fileRead(Path file, SeriesQuery q) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return Optional.of(SeriesReader.read(ch, q));
        }
    }

    @Test
    void aSeriesWithoutAFileYetIsReadAsItsNewFileWillBe() throws IOException {
        Path liveDir = tmp.resolve("live");
        Path flushedDir = tmp.resolve("flushed");
        // where the live storage would put the plugin's directory there is a file: its new file cannot be created
        Files.createDirectories(liveDir.resolve(HOST));
        Files.writeString(liveDir.resolve(HOST).resolve("base"), "not a directory");
        try (RrdStorage live = storage(liveDir, 1440, Duration.ofDays(1));
                RrdStorage flushed = storage(flushedDir, 1440, Duration.ofDays(1))) {
            List<Sample> batch = new ArrayList<>();
            for (int m = 0; m < 8; m++) {
                batch.add(new Sample(HOST, BASE, MetricKey.of("temp.gauge"), m * 1.5, START - 600 + 60L * m + 3));
            }
            live.write(batch);
            flushed.write(batch);
            now.set(START + 30);
            live.flush();
            assertThat(live.stats().waiting()).isEqualTo(8);
            flushed.flush();
            assertThat(compare(live, flushed, "temp.gauge", START)).isPositive();
            assertThat(live.stats().waiting()).isEqualTo(8);
        }
    }
}

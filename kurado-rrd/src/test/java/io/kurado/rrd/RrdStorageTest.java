package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.DataSourceType;
import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.StorageProblem;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.RecordingMeters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.ArcDef;
import org.rrd4j.core.DsDef;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDef;

class RrdStorageTest {
    private static final long NOW = 1_700_000_000L - 1_700_000_000L % 60;
    private static final String HOST = "192.168.51.10";

    @TempDir
    Path tmp;

    private final AtomicLong now = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochSecond(now.get());

    private RrdStorage storage(Path dataDir) {
        return storage(dataDir, 5);
    }

    private RrdStorage storage(Path dataDir, int samplesPerWrite) {
        return new RrdStorage(dataDir, new RrdStorageOptions(samplesPerWrite, Duration.ofMinutes(5), 2, clock));
    }

    private static Sample sample(String address, PluginRef plugin, String key, double value, long ts) {
        return new Sample(address, plugin, MetricKey.of(key), value, ts);
    }

    private static Sample base(String key, double value, long ts) {
        return sample(HOST, PluginRef.of("base"), key, value, ts);
    }

    private Path file(String key) {
        return tmp.resolve(HOST + "/base/" + key + ".rrd");
    }

    @Test
    void keysListThePluginsSeriesWithTheirTypesOnceTheirFilesExist() {
        try (RrdStorage s = storage(tmp, 1)) {
            s.write(List.of(base("disk-usage-sda1-used.gauge", 1, NOW), base("disk-usage-mapper/vg-root-used.gauge", 2, NOW),
                    base("cpu-user.derive", 3, NOW), sample(HOST, PluginRef.of("http", "80"), "reqs.derive", 4, NOW)));
            s.flush();
            assertThat(s.keys(HOST, "base")).containsExactlyInAnyOrder(MetricKey.of("disk-usage-sda1-used.gauge"),
                    MetricKey.of("disk-usage-mapper/vg-root-used.gauge"), MetricKey.of("cpu-user.derive"));
            assertThat(s.keys(HOST, "http%3A80")).containsExactly(MetricKey.of("reqs.derive"));
            assertThat(s.keys(HOST, "mysql")).isEmpty();
            assertThat(s.keys("10.9.9.9", "base")).isEmpty();
        }
    }

    @Test
    void aJournalThatFailsToOpenReleasesTheDataDirectorysLockSoALaterOpenSucceeds() throws Exception {
        Path segment = tmp.resolve(".journal/0000000000000001.journal");
        Files.createDirectories(segment); // a directory where a segment file should be: the journal cannot be read
        try (RrdStorage s = storage(tmp)) {
            s.write(List.of(base("loadavg.gauge", 1, NOW)));
            Files.delete(segment);

            s.openForWriting(); // threw "another process writes into the data directory" while its own lock was kept

            s.write(List.of(base("loadavg.gauge", 2, NOW + 60)));
            assertThat(s.lastUpdate(io.kurado.api.storage.SeriesRef.of(HOST, PluginRef.of("base"),
                    MetricKey.of("loadavg.gauge")))).hasValue(NOW + 60);
        }
    }

    @Test
    void itsMetersTellTheJournalsSizeAndTheSamplesAndFilesWaiting() {
        RecordingMeters meters = new RecordingMeters();
        try (RrdStorage s = storage(tmp)) {
            s.bindTo(meters);
            for (int i = 1; i <= 4; i++) {
                s.write(List.of(base("cpu-user.derive", i, NOW + 60 * i), base("loadavg.gauge", i, NOW + 60 * i)));
                if (i <= 2) {
                    // made, then written once: from now on each file waits for five samples or five minutes
                    s.flush();
                }
            }
            assertThat(meters.gauge("kurado_files_waiting")).hasValue(2.0);
            assertThat(meters.gauge("kurado_samples_waiting")).hasValue(4.0);
            assertThat(meters.gauge("kurado_journal_bytes")).hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(meters.gauge("kurado_journal_segments")).hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(meters.counter("kurado_journal_appended_bytes_total")).hasValueSatisfying(v -> assertThat(v).isPositive());

            s.flush();

            assertThat(meters.gauge("kurado_files_waiting")).hasValue(0.0);
            assertThat(meters.gauge("kurado_samples_waiting")).hasValue(0.0);
            assertThat(meters.counter("kurado_file_creations_total")).hasValue(2L);
            assertThat(meters.counter("kurado_files_written_total")).hasValueSatisfying(v -> assertThat(v).isPositive());
            assertThat(meters.counter("kurado_file_write_failures_total")).hasValue(0L);
        }
    }

    @Test
    void createsFilesInTheOriginalLayout() {
        Path data = tmp.resolve("data");
        try (RrdStorage s = storage(data)) {
            WriteResult r = s.write(List.of(base("cpu-user.derive", 1, NOW + 60),
                    sample(HOST, PluginRef.parse("http:80"), "reqs.derive", 5, NOW + 60)));
            assertThat(r).isEqualTo(new WriteResult(2, 0, List.of()));
        }
        assertThat(data.resolve("192.168.51.10/base/cpu-user.derive.rrd")).isRegularFile();
        assertThat(data.resolve("192.168.51.10/http%3A80/reqs.derive.rrd")).isRegularFile();
        assertThat(data.resolve(Journal.DIRECTORY)).isDirectory();
    }

    @Test
    void createsTheOriginalDefinition() {
        try (RrdStorage s = storage(tmp)) {
            assertThat(s.write(List.of(base("load-avg.gauge", 0.5, NOW + 60))).written()).isEqualTo(1);
            s.flush();
            RrdDef def = Rrd4jFiles.read(file("load-avg.gauge"), db -> db.getRrdDef());
            assertThat(def.getStep()).isEqualTo(60);
            assertThat(def.getDsDefs()).hasSize(1);
            DsDef ds = def.getDsDefs()[0];
            assertThat(ds.getDsName()).isEqualTo("n");
            assertThat(ds.getDsType()).isEqualTo(DsType.GAUGE);
            assertThat(ds.getHeartbeat()).isEqualTo(120);
            assertThat(ds.getMinValue()).isNaN();
            assertThat(ds.getMaxValue()).isNaN();
            List<String> arcs = Stream.of(def.getArcDefs())
                    .map(a -> a.getConsolFun() + " " + a.getSteps() + "x" + a.getRows() + " " + a.getXff())
                    .collect(Collectors.toList());
            assertThat(arcs).containsExactly(
                    "AVERAGE 1x2880 0.5", "AVERAGE 5x2880 0.5", "AVERAGE 60x960 0.5", "AVERAGE 1440x1100 0.5",
                    "MIN 1x2880 0.5", "MIN 5x2880 0.5", "MIN 60x960 0.5", "MIN 1440x1100 0.5",
                    "MAX 1x2880 0.5", "MAX 5x2880 0.5", "MAX 60x960 0.5", "MAX 1440x1100 0.5");
            assertThat(Stream.of(def.getArcDefs()).map(ArcDef::getXff)).containsOnly(0.5);
            assertThat(Rrd4jFiles.lastUpdate(file("load-avg.gauge"))).isEqualTo(NOW + 60);
        }
    }

    @Test
    void aNewFileStartsBeforeTheOldestSampleOfTheBatchThatCreatesIt() {
        // A new host's agent flushes what it buffered while Redis was down: an hour, in one go.
        List<Sample> buffered = new ArrayList<>();
        for (int m = 60; m >= 0; m--) {
            buffered.add(base("buffered.gauge", 100 - m, NOW - 60L * m));
        }
        try (RrdStorage s = storage(tmp)) {
            assertThat(s.write(buffered)).isEqualTo(new WriteResult(61, 0, List.of()));
            s.flush();
        }
        double[] v = Rrd4jFiles.minutes(file("buffered.gauge"), NOW - 3600, NOW);
        for (int m = 60; m >= 0; m--) {
            assertThat(v[60 - m]).as("minute -%d", m).isEqualTo(100 - m);
        }
    }

    @Test
    void aNewFileReachesBackNoFurtherThanItsFinestArchive() {
        try (RrdStorage s = storage(tmp)) {
            s.write(List.of(base("old.gauge", 1, NOW - 3 * 86_400L), base("old.gauge", 2, NOW - 86_400L),
                    base("old.gauge", 3, NOW - 86_400L + 60)));
            s.flush();
            assertThat(s.stats().samplesInFiles()).isEqualTo(2);
        }
        assertThat(Rrd4jFiles.lastUpdate(file("old.gauge"))).isEqualTo(NOW - 86_400L + 60);
        // the first sample after a day-long gap only starts the series, as rrdtool has it
        assertThat(Rrd4jFiles.minutes(file("old.gauge"), NOW - 86_400L, NOW - 86_400L + 60)).containsExactly(Double.NaN, 3);
    }

    @Test
    void eachKeyTypeBecomesItsDataSourceType() {
        try (RrdStorage s = storage(tmp)) {
            for (DataSourceType t : DataSourceType.values()) {
                MetricKey key = MetricKey.of("m", t);
                assertThat(s.write(List.of(new Sample(HOST, PluginRef.of("p"), key, 1, NOW + 60))).written()).isEqualTo(1);
            }
            s.flush();
            for (DataSourceType t : DataSourceType.values()) {
                DsType type = Rrd4jFiles.read(tmp.resolve(HOST + "/p/m." + t.suffix() + ".rrd"), db -> db.getDatasource(0).getType());
                assertThat(type).isEqualTo(RrdDefinitions.dsType(t)).hasToString(t.name());
            }
        }
    }

    @Test
    void skipsSamplesAtOrBeforeTheLastUpdateAndCountsThem() {
        try (RrdStorage s = storage(tmp)) {
            assertThat(s.write(List.of(base("x.gauge", 1, NOW + 120)))).isEqualTo(new WriteResult(1, 0, List.of()));
            WriteResult r = s.write(List.of(base("x.gauge", 2, NOW + 120), base("x.gauge", 3, NOW + 60),
                    base("x.gauge", 4, NOW + 180)));
            assertThat(r).isEqualTo(new WriteResult(1, 2, List.of()));
            SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("x.gauge"));
            assertThat(s.lastUpdate(ref)).hasValue(NOW + 180);
            s.flush();
            assertThat(s.write(List.of(base("x.gauge", 5, NOW + 180)))).isEqualTo(new WriteResult(0, 1, List.of()));
            assertThat(s.stats().skipped()).isEqualTo(3);
        }
    }

    @Test
    void lastUpdateIsEmptyWithoutAFile() {
        try (RrdStorage s = storage(tmp)) {
            assertThat(s.lastUpdate(new SeriesRef(HOST, "base", MetricKey.of("none.gauge")))).isEmpty();
        }
    }

    @Test
    void samplesWaitUntilFiveAreThereButEveryReadSeesThem() {
        SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("temp.gauge"));
        try (RrdStorage s = storage(tmp, 5)) {
            s.write(List.of(base("temp.gauge", 1, NOW + 60)));
            s.flush(); // the file now exists; its next write comes after one to five samples, to spread writes
            s.write(List.of(base("temp.gauge", 2, NOW + 120)));
            s.flush(); // from here on it is written five samples at a time
            for (int m = 3; m <= 5; m++) {
                s.write(List.of(base("temp.gauge", m, NOW + 60L * m)));
            }
            assertThat(Rrd4jFiles.lastUpdate(file("temp.gauge"))).isEqualTo(NOW + 120);
            assertThat(s.lastUpdate(ref)).hasValue(NOW + 300);
            assertThat(s.stats().waiting()).isEqualTo(3);

            SeriesData d = s.read(new SeriesQuery(ref, Consolidation.AVERAGE, Instant.ofEpochSecond(NOW),
                    Instant.ofEpochSecond(NOW + 360), Duration.ofSeconds(60))).orElseThrow();
            assertThat(d.value((int) ((NOW + 300 - d.start()) / 60))).isEqualTo(5.0);
            assertThat(Rrd4jFiles.lastUpdate(file("temp.gauge"))).isEqualTo(NOW + 120); // the read wrote nothing
            assertThat(s.stats().waiting()).isEqualTo(3);
        }
    }

    @Test
    void writtenValuesAreFetchedBackByRrd4j() {
        try (RrdStorage s = storage(tmp)) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                batch.add(base("temp.gauge", i == 5 ? Double.NaN : i * 1.5, NOW + 60L * i));
            }
            assertThat(s.write(batch).written()).isEqualTo(10);
        }
        double[] values = Rrd4jFiles.minutes(file("temp.gauge"), NOW + 60, NOW + 600);
        assertThat(values[0]).isEqualTo(1.5);
        assertThat(values[3]).isEqualTo(6.0);
        assertThat(values[4]).isNaN();
        assertThat(values[9]).isEqualTo(15.0);
    }

    @Test
    void readGivesWhatRrd4jFetchesOfTheSeries() {
        SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("temp.gauge"));
        try (RrdStorage s = storage(tmp)) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                batch.add(base("temp.gauge", i == 5 ? Double.NaN : i * 1.5, NOW + 60L * i));
            }
            s.write(batch);
            SeriesData d = s.read(new SeriesQuery(ref, Consolidation.MAX, Instant.ofEpochSecond(NOW),
                    Instant.ofEpochSecond(NOW + 900), Duration.ofSeconds(60))).orElseThrow();
            s.flush(); // the file as the writers leave it, which rrd4j reads
            FetchData expected = Rrd4jFiles.read(file("temp.gauge"),
                    db -> db.createFetchRequest(ConsolFun.MAX, NOW, NOW + 900, 60).fetchData());
            assertThat(d.step()).isEqualTo(60);
            assertThat(d.start()).isEqualTo(expected.getTimestamps()[0]);
            assertThat(d.values()).containsExactly(expected.getValues("n"));
            assertThat(d.value((int) ((NOW + 600 - d.start()) / 60))).isEqualTo(15.0);
            assertThat(d.value((int) ((NOW + 300 - d.start()) / 60))).isNaN();
            assertThat(d.value((int) ((NOW + 900 - d.start()) / 60))).isNaN();
        }
    }

    @Test
    void readOfASeriesNeverWrittenIsEmptyAndCreatesNothing() {
        try (RrdStorage s = storage(tmp)) {
            assertThat(s.read(new SeriesQuery(new SeriesRef(HOST, "base", MetricKey.of("none.gauge")), Consolidation.AVERAGE,
                    Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 600), Duration.ofSeconds(60)))).isEmpty();
        }
        assertThat(tmp.resolve(HOST)).doesNotExist();
        assertThat(tmp.resolve(Journal.DIRECTORY)).doesNotExist();
    }

    @Test
    void readOfAConsolidationTheFileDoesNotKeepSaysSoWithoutThePath() {
        try (RrdStorage s = storage(tmp)) {
            s.write(List.of(base("temp.gauge", 1, NOW + 60)));
            assertThatThrownBy(() -> s.read(new SeriesQuery(new SeriesRef(HOST, "base", MetricKey.of("temp.gauge")),
                    Consolidation.LAST, Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 600), Duration.ofSeconds(60))))
                    .isInstanceOf(KuradoException.class)
                    .hasMessageContaining("'temp.gauge' of plugin base on " + HOST).hasMessageContaining("no LAST")
                    .hasMessageNotContaining(tmp.toString());
        }
    }

    @Test
    void namesNeverLeaveTheDataDirectory() throws IOException {
        Path data = tmp.resolve("data");
        List<Sample> bad = List.of(
                sample("..", PluginRef.of("base"), "a.gauge", 1, NOW + 60),
                sample("../..", PluginRef.of(".."), "b.gauge", 1, NOW + 60),
                sample("/etc", PluginRef.of("base"), "c.gauge", 1, NOW + 60),
                sample("a/../../../b", PluginRef.of("base"), "d.gauge", 1, NOW + 60),
                sample("x\0y", PluginRef.of("base"), "e.gauge", 1, NOW + 60),
                sample(HOST, PluginRef.of("base"), "../../f.gauge", 1, NOW + 60),
                sample(HOST, PluginRef.of("base"), "...gauge", 1, NOW + 60),
                sample(HOST, PluginRef.of("base"), "x".repeat(300) + ".gauge", 1, NOW + 60),
                sample("y".repeat(300), PluginRef.of("base"), "g.gauge", 1, NOW + 60),
                sample(HOST, PluginRef.of("base"), "ok.gauge", 1, NOW + 60));
        WriteResult r;
        try (RrdStorage s = storage(data)) {
            r = s.write(bad);
        }
        assertThat(r.written() + r.skipped() + r.failed()).isEqualTo(bad.size());
        assertThat(r.failures()).hasSize(2).allSatisfy(m -> assertThat(m).contains("too long"));
        try (Stream<Path> all = Files.walk(tmp)) {
            List<Path> rrds = all.filter(p -> p.toString().endsWith(".rrd")).collect(Collectors.toList());
            assertThat(rrds).hasSize(bad.size() - 2)
                    .allSatisfy(p -> assertThat(p.toAbsolutePath().normalize()).startsWith(data));
        }
        try (Stream<Path> top = Files.list(tmp)) {
            assertThat(top).containsExactly(data);
        }
        assertThat(data.resolve(HOST + "/base/ok.gauge.rrd")).isRegularFile();
    }

    @Test
    void concurrentWritersToSameAndDifferentFilesLoseNothing() throws Exception {
        int threads = 4;
        int minutes = 50;
        try (RrdStorage s = storage(tmp, 3)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Callable<WriteResult>> jobs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    jobs.add(() -> {
                        int written = 0;
                        int skipped = 0;
                        List<String> failures = new ArrayList<>();
                        for (int m = 1; m <= minutes; m++) {
                            long ts = NOW + 60L * m;
                            // Every thread offers the same sample of the shared file; one write wins.
                            WriteResult r = s.write(List.of(base("shared.gauge", m, ts),
                                    base("own-" + id + ".gauge", id * 1000 + m, ts),
                                    base("other-" + (m % 5) + "-" + id + ".gauge", m, ts)));
                            written += r.written();
                            skipped += r.skipped();
                            failures.addAll(r.failures());
                        }
                        return new WriteResult(written, skipped, failures);
                    });
                }
                int written = 0;
                int skipped = 0;
                for (Future<WriteResult> f : pool.invokeAll(jobs)) {
                    WriteResult r = f.get();
                    assertThat(r.failures()).isEmpty();
                    written += r.written();
                    skipped += r.skipped();
                }
                assertThat(written + skipped).isEqualTo(threads * minutes * 3);
            } finally {
                pool.shutdown();
            }
            SeriesRef shared = new SeriesRef(HOST, "base", MetricKey.of("shared.gauge"));
            assertThat(s.lastUpdate(shared)).hasValue(NOW + 60L * minutes);
            assertThat(s.flush()).isZero();
            for (int t = 0; t < threads; t++) {
                double[] v = Rrd4jFiles.minutes(file("own-" + t + ".gauge"), NOW + 60, NOW + 60L * minutes);
                for (int m = 1; m <= minutes; m++) {
                    assertThat(v[m - 1]).isEqualTo(t * 1000 + m);
                }
            }
            assertThat(Rrd4jFiles.minutes(file("shared.gauge"), NOW + 60, NOW + 60L * minutes)).doesNotContain(Double.NaN);
            assertThat(s.stats().samplesInFiles()).isEqualTo(s.stats().accepted());
        }
    }

    /** Writes 30 minutes of 20 series, the files written for the first two only, and dies. */
    private void dieWithSamplesInTheJournal() {
        RrdStorage dying = storage(tmp, 1000);
        for (int m = 1; m <= 30; m++) {
            List<Sample> batch = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                batch.add(base("k" + k + ".gauge", k * 100 + m, NOW + 60L * m));
            }
            assertThat(dying.write(batch).written()).isEqualTo(20);
            if (m <= 2) {
                dying.flush(); // the files exist, written once more; later samples wait for the thousandth
            }
        }
        dying.abandon(); // dies: nothing more reaches the files
        assertThat(Rrd4jFiles.lastUpdate(file("k7.gauge"))).isEqualTo(NOW + 120);
    }

    /** A storage whose writer threads wait for {@link RrdStorage#startWriters()}. */
    private RrdStorage withoutWriters(Path dataDir) {
        return new RrdStorage(dataDir, new RrdStorageOptions(5, Duration.ofMinutes(5), 2, clock), RrdStorage.SEGMENT_BYTES, false);
    }

    private void assertEveryMinuteIsRead(RrdStorage s, int minutes) {
        for (int k = 0; k < 20; k++) {
            SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("k" + k + ".gauge"));
            assertThat(s.lastUpdate(ref)).hasValue(NOW + 60L * minutes);
            SeriesData d = s.read(new SeriesQuery(ref, Consolidation.AVERAGE, Instant.ofEpochSecond(NOW),
                    Instant.ofEpochSecond(NOW + 60L * minutes), Duration.ofMinutes(1))).orElseThrow();
            for (int m = 1; m <= minutes; m++) {
                assertThat(valueAt(d, NOW + 60L * m)).as("k%d minute %d", k, m).isEqualTo(k * 100 + m);
            }
        }
    }

    private static double valueAt(SeriesData d, long ts) {
        for (int i = 0; i < d.size(); i++) {
            if (d.timestamp(i) == ts) {
                return d.value(i);
            }
        }
        return Double.NaN;
    }

    private void assertEveryMinuteIsInItsFile(int minutes) {
        for (int k = 0; k < 20; k++) {
            double[] v = Rrd4jFiles.minutes(file("k" + k + ".gauge"), NOW + 60, NOW + 60L * minutes);
            for (int m = 1; m <= minutes; m++) {
                assertThat(v[m - 1]).as("k%d minute %d", k, m).isEqualTo(k * 100 + m);
            }
        }
    }

    @Test
    void afterTheProcessDiesEveryAcceptedSampleIsReadAtOnceAndPutIntoItsFileInTheBackground() throws Exception {
        dieWithSamplesInTheJournal();

        try (RrdStorage restarted = withoutWriters(tmp)) {
            // Started: every sample is read, and no file has been written for it.
            assertEveryMinuteIsRead(restarted, 30);
            assertThat(restarted.stats().filesWritten()).isZero();
            assertThat(restarted.stats().samplesInFiles()).isZero();
            // what the files hold already (minutes 1 and 2: a journaled write names them) is not kept
            assertThat(restarted.stats().waiting()).isEqualTo(20 * 28);
            assertThat(Rrd4jFiles.lastUpdate(file("k7.gauge"))).isEqualTo(NOW + 120);

            restarted.startWriters();
            Await.until("the replayed samples are in their files", () -> restarted.stats().waiting() == 0);
            assertThat(restarted.stats().samplesInFiles()).isEqualTo(20 * 28);
            assertEveryMinuteIsInItsFile(30);
            assertThat(restarted.flush()).isZero();
            assertThat(restarted.stats().journalSegments()).as("only the one being written stays").isLessThanOrEqualTo(1);
        }
        assertThat(tmp.resolve(Journal.DIRECTORY)).isDirectoryNotContaining("glob:**.journal");
    }

    @Test
    void replayedSamplesWhoseFileCannotBeWrittenStayReadableAndJournaledUntilItCanBe() throws Exception {
        SeriesRef ref = new SeriesRef(HOST, "blocked", MetricKey.of("m.gauge"));
        Path blocked = tmp.resolve(HOST + "/blocked");
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "a file where the plugin's directory should be"); // as a full disk, its file cannot be made
        RrdStorage dying = storage(tmp, 1000);
        for (int m = 1; m <= 3; m++) {
            dying.write(List.of(sample(HOST, PluginRef.of("blocked"), "m.gauge", m, NOW + 60L * m)));
        }
        dying.abandon();

        try (RrdStorage restarted = storage(tmp)) {
            Await.until("the write of the replayed samples failed", () -> !restarted.problems().isEmpty());
            assertThat(restarted.read(new SeriesQuery(ref, Consolidation.AVERAGE, Instant.ofEpochSecond(NOW),
                    Instant.ofEpochSecond(NOW + 180), Duration.ofMinutes(1))).orElseThrow().size()).isPositive();
            assertThat(restarted.lastUpdate(ref)).hasValue(NOW + 180);
            assertThat(restarted.stats().waiting()).isEqualTo(3);
            assertThat(tmp.resolve(Journal.DIRECTORY)).as("the journal keeps them")
                    .isDirectoryContaining("glob:**/0000000000000001.journal");

            Files.delete(blocked);
            Await.until("the replayed samples are in their file", () -> {
                now.incrementAndGet(); // the retries come on the storage's clock
                return restarted.stats().waiting() == 0;
            });
        }
        assertThat(Rrd4jFiles.minutes(tmp.resolve(HOST + "/blocked/m.gauge.rrd"), NOW + 60, NOW + 180)).containsExactly(1, 2, 3);
    }

    @Test
    void aSecondDeathBeforeTheReplayedSamplesAreInTheirFilesLosesNone() {
        dieWithSamplesInTheJournal();
        RrdStorage again = withoutWriters(tmp);
        List<Sample> batch = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            batch.add(base("k" + k + ".gauge", k * 100 + 31, NOW + 60L * 31));
            batch.add(base("k" + k + ".gauge", 0, NOW + 60L * 30)); // already there: skipped, as always
        }
        WriteResult r = again.write(batch);
        assertThat(r.written()).isEqualTo(20);
        assertThat(r.skipped()).isEqualTo(20);
        again.abandon(); // dies again, its replayed samples not yet in their files

        try (RrdStorage third = storage(tmp)) {
            assertEveryMinuteIsRead(third, 31);
        }
        assertEveryMinuteIsInItsFile(31);
        assertThat(tmp.resolve(Journal.DIRECTORY)).isDirectoryNotContaining("glob:**.journal");
    }

    @Test
    void aProcessThatOnlyReadsKeepsTheLockUntilTheSamplesItReplayedAreInTheirFilesThenHandsItOver() throws Exception {
        dieWithSamplesInTheJournal();
        try (RrdStorage reader = withoutWriters(tmp); RrdStorage writer = storage(tmp)) {
            assertEveryMinuteIsRead(reader, 30);
            assertThatThrownBy(writer::openForWriting).isInstanceOf(KuradoException.class)
                    .hasMessageContaining("another process writes into the data directory");

            reader.startWriters();
            Await.until("the reader hands the journal over", () -> {
                now.incrementAndGet(); // its housekeeping runs once a second of its clock
                try {
                    writer.openForWriting();
                    return true;
                } catch (KuradoException e) {
                    return false;
                }
            });
            assertEveryMinuteIsInItsFile(30);
            assertThat(reader.stats().journalSegments()).isZero();
            assertEveryMinuteIsRead(writer, 30);
        }
    }

    @Test
    void journalSegmentsGoOnceTheirSamplesAreInTheirFiles() throws Exception {
        try (RrdStorage s = new RrdStorage(tmp, new RrdStorageOptions(3, Duration.ofMinutes(5), 2, clock), 4096)) {
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                for (int m = 1; m <= 60; m++) {
                    long ts = NOW + 60L * m;
                    List<Callable<WriteResult>> jobs = new ArrayList<>();
                    for (int t = 0; t < 2; t++) {
                        int id = t;
                        jobs.add(() -> {
                            List<Sample> batch = new ArrayList<>();
                            for (int k = 0; k < 20; k++) {
                                batch.add(base("t" + id + "k" + k + ".gauge", k, ts));
                            }
                            return s.write(batch);
                        });
                    }
                    for (Future<WriteResult> f : pool.invokeAll(jobs)) {
                        assertThat(f.get().written()).isEqualTo(20);
                    }
                }
            } finally {
                pool.shutdown();
            }
            assertThat(s.stats().journalBytes()).as("enough for many segments").isGreaterThan(20 * 4096);
            assertThat(s.flush()).isZero();
            assertThat(s.stats().journalSegments()).as("only the one being written stays").isLessThanOrEqualTo(1);
        }
    }

    @Test
    void aWriteCutShortByTheDeathOfTheProcessIsFinishedOnTheNextStart() throws IOException {
        Path f = file("torn.gauge");
        try (RrdStorage s = storage(tmp, 1)) {
            s.write(List.of(base("torn.gauge", 1, NOW + 60)));
            s.flush();
        }
        byte[] before = Files.readAllBytes(f);
        // What five more minutes make of the file, and the write record that the journal keeps of it.
        Regions regions = new Regions();
        JournalRecords record = new JournalRecords();
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.READ)) {
            FileState st = FileState.read(ch);
            for (int m = 2; m <= 6; m++) {
                st.update(NOW + 60L * m, m);
            }
            st.changes(regions);
            record.write(tmp.relativize(f).toString(), NOW + 60, NOW + 360, regions);
        }
        // The process died after writing the rows and half the archive states, before the header.
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.WRITE)) {
            for (int i = 0; i < regions.count() / 2; i++) {
                ch.write(regions.bytes(i), regions.offset(i));
            }
        }
        assertThat(Rrd4jFiles.lastUpdate(f)).isEqualTo(NOW + 60);
        try (Journal j = Journal.open(tmp, RrdStorage.SEGMENT_BYTES)) {
            j.append(record.payload());
        }

        try (RrdStorage restarted = storage(tmp)) {
            assertThat(restarted.stats().accepted()).isZero();
        }
        assertThat(Rrd4jFiles.lastUpdate(f)).isEqualTo(NOW + 360);
        assertThat(Rrd4jFiles.minutes(f, NOW + 60, NOW + 360)).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(Files.readAllBytes(f)).isNotEqualTo(before);
    }

    @Test
    void aBrokenFileIsMovedAsideAndItsSeriesStartsANewFile() throws IOException {
        Path broken = file("broken.gauge");
        Files.createDirectories(broken.getParent());
        Files.writeString(broken, "not an rrd file");
        try (RrdStorage s = storage(tmp)) {
            WriteResult r = s.write(List.of(base("broken.gauge", 1, NOW + 60), base("fine.gauge", 1, NOW + 60),
                    base("broken.gauge", 2, NOW + 120)));
            assertThat(r).isEqualTo(new WriteResult(3, 0, List.of()));
            s.flush();
            List<StorageProblem> problems = s.problems();
            assertThat(problems).singleElement().satisfies(p -> {
                assertThat(p.ongoing()).isFalse();
                assertThat(p.series()).isEqualTo(new SeriesRef(HOST, "base", MetricKey.of("broken.gauge")));
                assertThat(p.message()).contains(HOST + "/base/broken.gauge.rrd was broken (")
                        .contains("moved it to " + HOST + "/base/broken.gauge.rrd.corrupt-")
                        .doesNotContain(tmp.toString());
            });
        }
        assertThat(Rrd4jFiles.minutes(broken, NOW + 60, NOW + 120)).containsExactly(1, 2);
        try (Stream<Path> aside = Files.list(broken.getParent())) {
            assertThat(aside.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("broken.gauge.rrd.corrupt-")))
                    .singleElement();
        }
    }

    @Test
    void aFileZeroedOrCutShortWhileTheServerRunsIsMovedAsideOnItsNextWrite() throws IOException {
        try (RrdStorage s = storage(tmp, 1)) {
            s.write(List.of(base("zeroed.gauge", 1, NOW + 60), base("cut.gauge", 1, NOW + 60)));
            s.flush();
            Files.write(file("zeroed.gauge"), new byte[(int) Files.size(file("zeroed.gauge"))]);
            try (var ch = java.nio.channels.FileChannel.open(file("cut.gauge"), java.nio.file.StandardOpenOption.WRITE)) {
                ch.truncate(4096);
            }
            s.write(List.of(base("zeroed.gauge", 2, NOW + 120), base("cut.gauge", 2, NOW + 120)));
            s.flush();
            assertThat(s.problems()).hasSize(2).allSatisfy(p -> assertThat(p.message()).contains("moved it to"));
            assertThat(s.problems()).anySatisfy(p -> assertThat(p.message()).contains("header is zeros"))
                    .anySatisfy(p -> assertThat(p.message()).contains("4096 bytes"));
        }
        assertThat(Rrd4jFiles.lastUpdate(file("zeroed.gauge"))).isEqualTo(NOW + 120);
        assertThat(Rrd4jFiles.lastUpdate(file("cut.gauge"))).isEqualTo(NOW + 120);
    }

    @Test
    void aFileThatCannotBeCreatedKeepsItsSamplesWhileOthersAreWrittenAndGetsThemOnceItCan() throws IOException {
        Path blocked = tmp.resolve(HOST + "/blocked");
        Files.createDirectories(blocked.getParent());
        Files.writeString(blocked, "a file where the plugin's directory should be");
        SeriesRef ref = new SeriesRef(HOST, "blocked", MetricKey.of("m.gauge"));
        try (RrdStorage s = storage(tmp, 1)) {
            for (int m = 1; m <= 3; m++) {
                WriteResult r = s.write(List.of(sample(HOST, PluginRef.of("blocked"), "m.gauge", m, NOW + 60L * m),
                        base("fine.gauge", m, NOW + 60L * m)));
                assertThat(r.written()).isEqualTo(2);
            }
            assertThat(s.flush()).isEqualTo(3);
            assertThat(s.problems()).singleElement().satisfies(p -> {
                assertThat(p.ongoing()).isTrue();
                assertThat(p.series()).isEqualTo(ref);
                assertThat(p.message()).startsWith("cannot create " + HOST + "/blocked/m.gauge.rrd: ");
            });
            assertThat(Rrd4jFiles.lastUpdate(file("fine.gauge"))).isEqualTo(NOW + 180);
            assertThat(s.lastUpdate(ref)).hasValue(NOW + 180);

            Files.delete(blocked);
            assertThat(s.flush()).isZero();
            assertThat(s.problems()).isEmpty();
        }
        assertThat(Rrd4jFiles.minutes(tmp.resolve(HOST + "/blocked/m.gauge.rrd"), NOW + 60, NOW + 180)).containsExactly(1, 2, 3);
    }

    @Test
    void aSecondWriterOfTheSameDataDirectoryIsRefusedWithAClearMessage() {
        try (RrdStorage first = storage(tmp); RrdStorage second = storage(tmp)) {
            first.write(List.of(base("a.gauge", 1, NOW + 60)));
            assertThatThrownBy(() -> second.write(List.of(base("b.gauge", 1, NOW + 60))))
                    .isInstanceOf(KuradoException.class).hasMessageContaining("another process writes into the data directory");
            first.flush();
            // but it reads
            assertThat(second.lastUpdate(new SeriesRef(HOST, "base", MetricKey.of("a.gauge")))).hasValue(NOW + 60);
        }
    }

    @Test
    void openingForWritingTakesTheLockAtOnceAndASecondWriterIsRefusedNamingTheProcessThatHoldsIt() throws IOException {
        try (RrdStorage first = storage(tmp); RrdStorage second = storage(tmp)) {
            first.openForWriting();
            assertThat(Files.readString(tmp.resolve(Journal.DIRECTORY).resolve("lock")))
                    .startsWith("process " + ProcessHandle.current().pid() + " on ");
            assertThatThrownBy(second::openForWriting).isInstanceOf(KuradoException.class)
                    .hasMessageStartingWith("another process writes into the data directory " + tmp.toAbsolutePath().normalize()
                            + ": it is held by process " + ProcessHandle.current().pid() + " on ")
                    .hasMessageContaining("; a data directory has one writer (its lock is ")
                    .hasMessageNotContaining("\n");
            first.openForWriting(); // again: nothing happens
        }
    }

    @Test
    void aPluginOfAHostGetsNoMoreSeriesThanTheLimitAndTheRestAreRefusedSayingWhy() throws IOException {
        Files.createDirectories(tmp.resolve(HOST + "/base"));
        Files.writeString(tmp.resolve(HOST + "/base/old.gauge.rrd"), "a file from before counts too");
        try (RrdStorage s = new RrdStorage(tmp, new RrdStorageOptions(5, Duration.ofMinutes(5), 1, 3, clock))) {
            List<Sample> flood = new ArrayList<>();
            for (int k = 0; k < 5; k++) {
                flood.add(base("k" + k + ".gauge", k, NOW + 60));
            }
            flood.add(sample(HOST, PluginRef.of("other"), "x.gauge", 1, NOW + 60));
            WriteResult r = s.write(flood);
            assertThat(r.written()).isEqualTo(3);
            assertThat(r.failures()).hasSize(3).allSatisfy(m -> assertThat(m)
                    .contains("plugin base of " + HOST + " has 3 series already, the limit (max_series_per_plugin)"));
            // series that have their file go on
            assertThat(s.write(List.of(base("k0.gauge", 1, NOW + 120), base("k1.gauge", 1, NOW + 120))).written())
                    .isEqualTo(flood.stream().filter(x -> x.key().name().equals("k0") || x.key().name().equals("k1"))
                            .filter(x -> r.failures().stream().noneMatch(m -> m.contains("'" + x.key() + "'"))).count());
        }
        try (Stream<Path> files = Files.list(tmp.resolve(HOST + "/base"))) {
            assertThat(files.filter(p -> p.toString().endsWith(".rrd"))).hasSize(3);
        }
    }

    @Test
    void writeAfterCloseFailsSayingSo() {
        RrdStorage s = storage(tmp);
        s.write(List.of(base("c.gauge", 1, NOW + 60)));
        s.close();
        assertThat(file("c.gauge")).isRegularFile();
        assertThatThrownBy(() -> s.write(List.of(base("c.gauge", 1, NOW + 120)))).hasMessageContaining("closed");
        s.close();
    }
}

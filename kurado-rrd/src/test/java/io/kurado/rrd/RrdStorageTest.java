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
import io.kurado.api.storage.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.ArcDef;
import org.rrd4j.core.DsDef;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;

class RrdStorageTest {
    private static final long NOW = 1_700_000_000L - 1_700_000_000L % 60;
    private static final String HOST = "192.168.51.10";

    @TempDir
    Path tmp;

    private final AtomicLong now = new AtomicLong(NOW);
    private final InstantSource clock = () -> Instant.ofEpochSecond(now.get());

    private RrdStorage storage(Path dataDir, int openFiles, RrdBackendKind backend) {
        return new RrdStorage(dataDir, new RrdStorageOptions(openFiles, Optional.of(backend), clock));
    }

    private static Sample sample(String address, PluginRef plugin, String key, double value, long ts) {
        return new Sample(address, plugin, MetricKey.of(key), value, ts);
    }

    private static Sample base(String key, double value, long ts) {
        return sample(HOST, PluginRef.of("base"), key, value, ts);
    }

    @Test
    void createsFilesInTheOriginalLayout() {
        Path data = tmp.resolve("data");
        try (RrdStorage s = storage(data, 16, RrdBackendKind.MMAP)) {
            WriteResult r = s.write(List.of(base("cpu-user.derive", 1, NOW + 60),
                    sample(HOST, PluginRef.parse("http:80"), "reqs.derive", 5, NOW + 60)));
            assertThat(r).isEqualTo(new WriteResult(2, 0, List.of()));
        }
        assertThat(data.resolve("192.168.51.10/base/cpu-user.derive.rrd")).isRegularFile();
        assertThat(data.resolve("192.168.51.10/http%3A80/reqs.derive.rrd")).isRegularFile();
    }

    @ParameterizedTest
    @EnumSource(RrdBackendKind.class)
    void createsTheOriginalDefinition(RrdBackendKind backend) {
        try (RrdStorage s = storage(tmp, 16, backend)) {
            assertThat(s.write(List.of(base("load-avg.gauge", 0.5, NOW - 10))).skipped()).isEqualTo(1);
            RrdDef def = s.files().withDb(tmp.resolve(HOST + "/base/load-avg.gauge.rrd"), db -> {
                try {
                    return db.getRrdDef();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(def.getStartTime()).isEqualTo(NOW - 10);
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
        }
    }

    @Test
    void eachKeyTypeBecomesItsDataSourceType() {
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.MMAP)) {
            for (DataSourceType t : DataSourceType.values()) {
                MetricKey key = MetricKey.of("m", t);
                assertThat(s.write(List.of(new Sample(HOST, PluginRef.of("p"), key, 1, NOW + 60))).written())
                        .isEqualTo(1);
                DsType type = s.files().withDb(tmp.resolve(HOST + "/p/m." + t.suffix() + ".rrd"),
                        db -> {
                            try {
                                return db.getDatasource(0).getType();
                            } catch (IOException e) {
                                throw new IllegalStateException(e);
                            }
                        });
                assertThat(type).isEqualTo(RrdDefinitions.dsType(t)).hasToString(t.name());
            }
        }
    }

    @Test
    void skipsSamplesAtOrBeforeTheLastUpdateAndCountsThem() {
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.MMAP)) {
            assertThat(s.write(List.of(base("x.gauge", 1, NOW - 10)))).isEqualTo(new WriteResult(0, 1, List.of()));
            assertThat(s.write(List.of(base("x.gauge", 1, NOW + 120)))).isEqualTo(new WriteResult(1, 0, List.of()));
            WriteResult r = s.write(List.of(base("x.gauge", 2, NOW + 120), base("x.gauge", 3, NOW + 60),
                    base("x.gauge", 4, NOW + 180)));
            assertThat(r).isEqualTo(new WriteResult(1, 2, List.of()));
            SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("x.gauge"));
            assertThat(s.lastUpdate(ref)).hasValue(NOW + 180);
        }
    }

    @Test
    void lastUpdateIsEmptyWithoutAFile() {
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.MMAP)) {
            assertThat(s.lastUpdate(new SeriesRef(HOST, "base", MetricKey.of("none.gauge")))).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(RrdBackendKind.class)
    void writtenValuesAreFetchedBack(RrdBackendKind backend) {
        Path file = tmp.resolve(HOST + "/base/temp.gauge.rrd");
        try (RrdStorage s = storage(tmp, 16, backend)) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                batch.add(base("temp.gauge", i == 5 ? Double.NaN : i * 1.5, NOW + 60L * i));
            }
            assertThat(s.write(batch).written()).isEqualTo(10);
            double[] values = s.files().withDb(file, db -> fetch(db, NOW + 60, NOW + 600));
            assertThat(values[0]).isEqualTo(1.5);
            assertThat(values[3]).isEqualTo(6.0);
            assertThat(values[4]).isNaN();
            assertThat(values[9]).isEqualTo(15.0);
        }
        // Also durable once closed: open the file afresh.
        try (RrdFiles files = new RrdFiles(1, backend)) {
            assertThat(files.withDb(file, db -> fetch(db, NOW + 60, NOW + 600))[9]).isEqualTo(15.0);
        }
    }

    @ParameterizedTest
    @EnumSource(RrdBackendKind.class)
    void readGivesWhatRrd4jFetchesOfTheSeriesIncludingUnwrittenMinutes(RrdBackendKind backend) throws IOException {
        SeriesRef ref = new SeriesRef(HOST, "base", MetricKey.of("temp.gauge"));
        try (RrdStorage s = storage(tmp, 16, backend)) {
            List<Sample> batch = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                batch.add(base("temp.gauge", i == 5 ? Double.NaN : i * 1.5, NOW + 60L * i));
            }
            s.write(batch);
            SeriesData d = s.read(new SeriesQuery(ref, Consolidation.MAX, Instant.ofEpochSecond(NOW),
                    Instant.ofEpochSecond(NOW + 900), Duration.ofSeconds(60))).orElseThrow();
            FetchData expected = s.files().withDb(tmp.resolve(HOST + "/base/temp.gauge.rrd"), db -> {
                try {
                    return db.createFetchRequest(ConsolFun.MAX, NOW, NOW + 900, 60).fetchData();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
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
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.FILE)) {
            assertThat(s.read(new SeriesQuery(new SeriesRef(HOST, "base", MetricKey.of("none.gauge")), Consolidation.AVERAGE,
                    Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 600), Duration.ofSeconds(60)))).isEmpty();
        }
        assertThat(tmp.resolve(HOST)).doesNotExist();
    }

    @Test
    void readOfAConsolidationTheFileDoesNotKeepSaysSoWithoutThePath() {
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.FILE)) {
            s.write(List.of(base("temp.gauge", 1, NOW + 60)));
            assertThatThrownBy(() -> s.read(new SeriesQuery(new SeriesRef(HOST, "base", MetricKey.of("temp.gauge")),
                    Consolidation.LAST, Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 600), Duration.ofSeconds(60))))
                    .isInstanceOf(KuradoException.class)
                    .hasMessageContaining("'temp.gauge' of plugin base on " + HOST).hasMessageContaining("no LAST")
                    .hasMessageNotContaining(tmp.toString());
        }
    }

    static double[] fetch(RrdDb db, long start, long end) {
        try {
            FetchData d = db.createFetchRequest(ConsolFun.AVERAGE, start, end, 60).fetchData();
            double[] all = d.getValues("n");
            long first = d.getTimestamps()[0];
            double[] out = new double[(int) ((end - start) / 60) + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = all[(int) ((start + 60L * i - first) / 60)];
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(e);
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
        try (RrdStorage s = storage(data, 16, RrdBackendKind.MMAP)) {
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
    void aCorruptFileFailsOnlyItsSamplesAndIsNamed() throws IOException {
        Path corrupt = tmp.resolve(HOST + "/base/broken.gauge.rrd");
        Files.createDirectories(corrupt.getParent());
        Files.writeString(corrupt, "not an rrd file");
        try (RrdStorage s = storage(tmp, 16, RrdBackendKind.MMAP)) {
            WriteResult r = s.write(List.of(base("broken.gauge", 1, NOW + 60), base("fine.gauge", 1, NOW + 60),
                    base("broken.gauge", 2, NOW + 120)));
            assertThat(r.written()).isEqualTo(1);
            assertThat(r.failures()).hasSize(2).allSatisfy(m -> assertThat(m).contains(corrupt.toString()));
        }
    }

    @ParameterizedTest
    @EnumSource(RrdBackendKind.class)
    void concurrentWritersToSameAndDifferentFilesLoseNothing(RrdBackendKind backend) throws Exception {
        int threads = 4;
        int minutes = 50;
        try (RrdStorage s = storage(tmp, 3, backend)) {
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
            for (int t = 0; t < threads; t++) {
                double[] v = s.files().withDb(tmp.resolve(HOST + "/base/own-" + t + ".gauge.rrd"),
                        db -> fetch(db, NOW + 60, NOW + 60L * minutes));
                for (int m = 1; m <= minutes; m++) {
                    assertThat(v[m - 1]).isEqualTo(t * 1000 + m);
                }
            }
            double[] sharedValues = s.files().withDb(tmp.resolve(HOST + "/base/shared.gauge.rrd"),
                    db -> fetch(db, NOW + 60, NOW + 60L * minutes));
            assertThat(sharedValues).doesNotContain(Double.NaN);
        }
    }

    @Test
    void aSmallCacheEvictsAndReopensWithoutLosingSamples() {
        try (RrdStorage s = storage(tmp, 2, RrdBackendKind.MMAP)) {
            for (int m = 1; m <= 3; m++) {
                for (int f = 0; f < 10; f++) {
                    WriteResult r = s.write(List.of(base("f" + f + ".gauge", f * 10 + m, NOW + 60L * m)));
                    assertThat(r).isEqualTo(new WriteResult(1, 0, List.of()));
                    assertThat(s.files().openFiles()).isLessThanOrEqualTo(2);
                }
            }
            assertThat(s.files().evictions()).isGreaterThanOrEqualTo(28);
            assertThat(s.files().opens()).isEqualTo(30);
            for (int f = 0; f < 10; f++) {
                double[] v = s.files().withDb(tmp.resolve(HOST + "/base/f" + f + ".gauge.rrd"),
                        db -> fetch(db, NOW + 60, NOW + 180));
                assertThat(v).containsExactly(f * 10 + 1, f * 10 + 2, f * 10 + 3);
            }
        }
    }

    @Test
    void closeClosesEveryFile() {
        RrdStorage s = storage(tmp, 16, RrdBackendKind.MMAP);
        for (int f = 0; f < 5; f++) {
            s.write(List.of(base("c" + f + ".gauge", 1, NOW + 60)));
        }
        List<RrdDb> seen = new ArrayList<>();
        for (int f = 0; f < 5; f++) {
            seen.add(s.files().withDb(tmp.resolve(HOST + "/base/c" + f + ".gauge.rrd"), db -> db));
        }
        assertThat(seen).noneMatch(RrdDb::isClosed);
        assertThat(s.files().openFiles()).isEqualTo(5);
        s.close();
        assertThat(seen).allMatch(RrdDb::isClosed);
        assertThat(s.files().openFiles()).isZero();
        WriteResult after = s.write(List.of(base("c0.gauge", 1, NOW + 120)));
        assertThat(after.failures()).singleElement().asString().contains("closed");
    }

    @Test
    void readingAMissingFileNamesIt() {
        Path missing = tmp.resolve("nowhere.gauge.rrd");
        try (RrdFiles files = new RrdFiles(4, RrdBackendKind.MMAP)) {
            assertThatThrownBy(() -> files.withDb(missing, RrdDb::getPath))
                    .isInstanceOf(KuradoException.class)
                    .hasMessageContaining(missing.toString());
            assertThat(files.openFiles()).isZero();
        }
    }
}

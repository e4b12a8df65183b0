package io.kurado.rrd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.DataSourceType;
import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.RrdMemoryBackendFactory;

/**
 * The read path against rrd4j's own fetch ({@link Rrd4jReads}, the storage's read path before):
 * the same points, to the bit, for every consolidation function, detail, term and image width of
 * the UI, windows ending anywhere in a file's history, windows whose start straddles each
 * archive's reach, custom windows, over files with gaps and archives that have wrapped around.
 */
class SeriesReaderTest {
    private static final long T0 = 1_700_000_000L - 1_700_000_000L % 86_400;
    /** The terms of the UI (kurado-core's {@code Terms}) and the widths its images are drawn at. */
    private static final Map<String, Duration> TERMS = Map.of("year", Duration.ofDays(400), "month", Duration.ofDays(35),
            "week", Duration.ofDays(8), "day", Duration.ofHours(33), "3days", Duration.ofDays(3),
            "8hours", Duration.ofHours(8), "4hours", Duration.ofHours(4), "1hour", Duration.ofMinutes(70));
    private static final int[] WIDTHS = {400, 420, 460, 500, 1100};
    private static final SeriesRef REF = new SeriesRef("192.0.2.9", "base", MetricKey.of("m.gauge"));

    @TempDir
    Path tmp;

    @Test
    void kuradoFilesWithGapsReadAsRrd4jFetchesThem() throws IOException {
        // 70 days of minutes with gaps from minutes to two days: every archive holds rows, the
        // minute, five-minute and hourly archives have wrapped around
        Random random = new Random(7);
        RrdDef def = RrdDefinitions.kurado(Path.of("kurado.rrd"), DataSourceType.GAUGE, T0);
        byte[] bytes = write(def, T0, T0 + 70 * 86_400L, 60, random);
        checkAll(bytes, random, 200);
    }

    @Test
    void otherDefinitionsReadAsRrd4jFetchesThem() throws IOException {
        // an rrdtool-like file: a 5-minute step, archives of every function out of step order,
        // steps that tie for closeness to a resolution (600 and 900 s around 750 s), 14 months
        Random random = new Random(11);
        RrdDef def = new RrdDef("other.rrd", T0 - 10, 300);
        def.addDatasource("v", DsType.GAUGE, 600, Double.NaN, Double.NaN);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 24, 775);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 1, 600);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 3, 500);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 2, 700);
        def.addArchive(ConsolFun.AVERAGE, 0.5, 4, 350); // reaches as far back as the one before
        def.addArchive(ConsolFun.AVERAGE, 0.5, 288, 797);
        def.addArchive(ConsolFun.MIN, 0.5, 6, 700);
        def.addArchive(ConsolFun.MIN, 0.5, 1, 600);
        def.addArchive(ConsolFun.MAX, 0.9, 1, 600);
        def.addArchive(ConsolFun.MAX, 0.1, 24, 775);
        def.addArchive(ConsolFun.LAST, 0.5, 1, 600);
        def.addArchive(ConsolFun.LAST, 0.5, 2, 600); // reaches as far back as the next: a week ties
        def.addArchive(ConsolFun.LAST, 0.5, 3, 400);
        def.addArchive(ConsolFun.FIRST, 0.5, 1, 10);
        byte[] bytes = write(def, T0, T0 + 425 * 86_400L, 300, random);
        checkAll(bytes, random, 200);
    }

    @Test
    void aFileOfOneMinuteReadsAsRrd4jFetchesIt() throws IOException {
        Random random = new Random(3);
        RrdDef def = RrdDefinitions.kurado(Path.of("young.rrd"), DataSourceType.GAUGE, T0);
        byte[] bytes = write(def, T0, T0 + 60, 60, random);
        checkAll(bytes, random, 20);
    }

    @Test
    void filesTheStorageWritesReadAsRrd4jFetchesThemWithSamplesStillWaitingMergedIn() throws IOException {
        Random random = new Random(5);
        AtomicLong now = new AtomicLong(T0);
        InstantSource clock = () -> Instant.ofEpochSecond(now.get());
        Path file = RrdLayout.file(tmp, REF);
        try (RrdStorage storage = new RrdStorage(tmp, new RrdStorageOptions(10, Duration.ofMinutes(10), 1, clock))) {
            long t = T0;
            for (int round = 0; round < 40; round++) {
                List<Sample> batch = new ArrayList<>();
                int minutes = 1 + random.nextInt(300);
                for (int i = 0; i < minutes; i++, t += 60) {
                    batch.add(new Sample(REF.address(), PluginRef.of("base"), REF.key(), random.nextGaussian() * 100, t));
                }
                t += 60L * (random.nextInt(4) == 0 ? random.nextInt(600) : 0); // a gap
                now.set(t);
                storage.write(batch);
                Consolidation cf = Consolidation.values()[random.nextInt(3)];
                Detail detail = Detail.values()[random.nextInt(2)];
                String term = List.copyOf(TERMS.keySet()).get(random.nextInt(TERMS.size()));
                SeriesQuery q = query(cf, t - random.nextInt(120), TERMS.get(term), WIDTHS[random.nextInt(WIDTHS.length)], detail);

                SeriesData read = storage.read(q).orElseThrow(); // the waiting samples merged in, nothing written
                storage.flush();

                assertThat(read).as("round %d: %s", round, q).isEqualTo(Rrd4jReads.read(Files.readAllBytes(file), q));
            }
            checkAll(Files.readAllBytes(file), random, 50);
        }
    }

    @Test
    void aReadTouchesTheHeaderAndTheRowsItDrawsOnly() throws IOException {
        Random random = new Random(1);
        byte[] bytes = write(RrdDefinitions.kurado(Path.of("k.rrd"), DataSourceType.GAUGE, T0), T0, T0 + 3 * 86_400L, 60, random);
        long last = ByteBuffer.wrap(bytes).getLong(FileLayout.OFF_LAST_UPDATE);
        long[] read = new long[1];
        FileLayout.Reader counting = (into, position) -> {
            int n = Math.min(into.remaining(), bytes.length - (int) position);
            into.put(bytes, (int) position, n);
            read[0] += n;
            return n;
        };
        long header = FileLayout.HEAD_BYTES + 11L * FileLayout.ARC_HEADER_BYTES;

        SeriesReader.read(bytes.length, counting, query(Consolidation.AVERAGE, last, Duration.ofHours(33), 500, Detail.FINEST));
        assertThat(read[0]).as("a day: 1,981 minute rows").isEqualTo(header + 8L * 1981);

        read[0] = 0;
        SeriesReader.read(bytes.length, counting, query(Consolidation.MAX, last, Duration.ofDays(400), 400, Detail.RESOLUTION));
        assertThat(read[0]).as("a year: 401 daily rows").isEqualTo(header + 8L * 401);
        assertThat(read[0]).isLessThan(bytes.length / 40);
    }

    @Test
    void lastUpdateReadsTheHeaderOnly() throws IOException {
        byte[] bytes = write(RrdDefinitions.kurado(Path.of("k.rrd"), DataSourceType.GAUGE, T0), T0, T0 + 3600, 60, new Random(2));
        long[] read = new long[1];
        long last = FileLayout.lastUpdate(bytes.length, (into, position) -> {
            int n = Math.min(into.remaining(), bytes.length - (int) position);
            into.put(bytes, (int) position, n);
            read[0] += n;
            return n;
        });
        try (RrdDb db = RrdDb.getBuilder().setPath("/k.rrd").setReadOnly(true).setBackendFactory(new SnapshotBackendFactory(bytes))
                .build()) {
            assertThat(last).isEqualTo(db.getLastUpdateTime());
        }
        assertThat(read[0]).isEqualTo(FileLayout.OFF_LAST_UPDATE + 8);
    }

    /** Compares every kind of query on one file, both paths. */
    private void checkAll(byte[] bytes, Random random, int customWindows) throws IOException {
        long last = ByteBuffer.wrap(bytes).getLong(FileLayout.OFF_LAST_UPDATE);
        long first = firstRow(bytes);
        List<Long> ends = new ArrayList<>(List.of(last, last + 1, last + 37, last + 3600, last - 60, last - 86_400 - 17,
                first + 30, first - 86_400, last + 50 * 86_400L));
        for (int i = 0; i < 4; i++) {
            ends.add(first + (long) (random.nextDouble() * (last - first)));
        }
        int compared = 0;
        for (Consolidation cf : Consolidation.values()) {
            for (Detail detail : Detail.values()) {
                for (long end : ends) {
                    for (Map.Entry<String, Duration> term : TERMS.entrySet()) {
                        if (detail == Detail.FINEST && term.getValue().compareTo(Duration.ofDays(8)) > 0) {
                            continue; // month and year are read at one step (RrdGraphRenderer.detail)
                        }
                        for (int width : WIDTHS) {
                            compared += compare(bytes, query(cf, end, term.getValue(), width, detail));
                        }
                    }
                }
                // windows whose start lies about where each archive reaches
                for (long reach : reaches(bytes)) {
                    for (long d : new long[] {-86_400, -301, -60, -1, 0, 1, 59, 60, 299, 300, 3600}) {
                        long start = reach + d;
                        long end = detail == Detail.FINEST ? start + 60 + random.nextInt(3 * 86_400) // minutes: days
                                : Math.max(start + 60, last - random.nextInt(7200));
                        for (int width : WIDTHS) {
                            compared += compare(bytes, new SeriesQuery(REF, cf, Instant.ofEpochSecond(start),
                                    Instant.ofEpochSecond(end), Duration.ofSeconds(Math.max(1, (end - start) / width)), detail));
                        }
                    }
                }
                // resolutions halfway between two steps: rrd4j takes the first archive in the file
                for (long mid : midSteps(bytes)) {
                    for (long span : detail == Detail.FINEST ? new long[] {3600, 86_400} : new long[] {3600, 86_400, 20 * 86_400L,
                        500 * 86_400L}) {
                        compared += compare(bytes, new SeriesQuery(REF, cf, Instant.ofEpochSecond(last - span),
                                Instant.ofEpochSecond(last), Duration.ofSeconds(mid), detail));
                    }
                }
                for (int i = 0; i < customWindows; i++) {
                    long start = first - 86_400 + (long) (random.nextDouble() * (last - first + 2 * 86_400));
                    long longest = detail == Detail.FINEST ? 45 * 86_400L : last - first; // minutes: weeks
                    long end = start + 1 + (long) (Math.pow(random.nextDouble(), 3) * longest);
                    compared += compare(bytes, new SeriesQuery(REF, cf, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end),
                            Duration.ofSeconds(1 + random.nextInt(200_000)), detail));
                }
            }
        }
        assertThat(compared).isGreaterThan(100);
    }

    /** @return 1 when both paths read the same points, 0 when both refuse alike (no archive of the function) */
    private static int compare(byte[] bytes, SeriesQuery q) throws IOException {
        SeriesData expected;
        try {
            expected = Rrd4jReads.read(bytes, q);
        } catch (KuradoException e) {
            assertThatThrownBy(() -> SeriesReader.read(bytes.length, reader(bytes), q)).as("%s", q)
                    .isInstanceOf(KuradoException.class).hasMessage(e.getMessage());
            return 0;
        }
        SeriesData actual = SeriesReader.read(bytes.length, reader(bytes), q);
        assertThat(actual).as("%s over %d s", q, q.end().getEpochSecond() - q.start().getEpochSecond()).isEqualTo(expected);
        return 1;
    }

    private static FileLayout.Reader reader(byte[] bytes) {
        return (into, position) -> {
            int n = Math.min(into.remaining(), bytes.length - (int) position);
            into.put(bytes, (int) position, n);
            return n;
        };
    }

    private static SeriesQuery query(Consolidation cf, long end, Duration span, int width, Detail detail) {
        Instant e = Instant.ofEpochSecond(end);
        return new SeriesQuery(REF, cf, e.minus(span), e, Duration.ofSeconds(Math.max(1, span.toSeconds() / width)), detail);
    }

    /** @return where each archive reaches back to: one step before its oldest row */
    private static List<Long> reaches(byte[] bytes) throws IOException {
        byte[][] states = new byte[FileLayout.MAX_ARCHIVES][];
        FileLayout layout = FileLayout.read(bytes.length, reader(bytes), new byte[FileLayout.HEAD_BYTES], states);
        long last = ByteBuffer.wrap(bytes).getLong(FileLayout.OFF_LAST_UPDATE);
        List<Long> out = new ArrayList<>();
        for (FileLayout.Arc a : layout.archives) {
            long step = layout.step * a.steps();
            out.add(last - last % step - (long) a.rows() * step);
        }
        return out;
    }

    /** @return the seconds halfway between the steps of any two archives */
    private static List<Long> midSteps(byte[] bytes) throws IOException {
        FileLayout layout = FileLayout.read(bytes.length, reader(bytes), new byte[FileLayout.HEAD_BYTES],
                new byte[FileLayout.MAX_ARCHIVES][]);
        List<Long> out = new ArrayList<>();
        for (FileLayout.Arc a : layout.archives) {
            for (FileLayout.Arc b : layout.archives) {
                long sum = layout.step * (a.steps() + b.steps());
                if (a.steps() < b.steps() && sum % 2 == 0 && !out.contains(sum / 2)) {
                    out.add(sum / 2);
                }
            }
        }
        return out;
    }

    private static long firstRow(byte[] bytes) throws IOException {
        return reaches(bytes).stream().mapToLong(Long::longValue).min().orElseThrow();
    }

    /**
     * Writes a file with rrd4j: a sample every step from {@code from} to {@code to}, with gaps of a
     * few steps to two days, values random, a few of them unknown; over a day, the last one on the hour.
     *
     * @return the file's bytes
     */
    private static byte[] write(RrdDef def, long from, long to, long step, Random random) throws IOException {
        def.setPath(java.net.URI.create("memory:/kurado-" + random.nextLong()));
        def.setStartTime(from - 10);
        try (RrdDb db = RrdDb.getBuilder().setRrdDef(def).setBackendFactory(new RrdMemoryBackendFactory()).build()) {
            double level = 100;
            long t = from;
            for (; t <= to; t += step) {
                if (random.nextInt(500) == 0) {
                    t += step * (random.nextInt(10) == 0 ? random.nextInt((int) (2 * 86_400 / step)) : 1 + random.nextInt(30));
                }
                level = Math.max(0, level + random.nextGaussian() * 5);
                double v = random.nextInt(200) == 0 ? Double.NaN : level;
                db.createSample(t + random.nextInt(20)).setValue(0, v).update();
            }
            if (to - from > 86_400) { // the last update on the hour: archives of different steps end together
                db.createSample(t - t % 3600 + 3600).setValue(0, level).update();
            }
            return db.getBytes();
        }
    }
}

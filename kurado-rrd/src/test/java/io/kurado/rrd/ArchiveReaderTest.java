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
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;

/** Reads at {@link Detail#FINEST}: minutes wherever the minute archive reaches, coarser points only before. */
class ArchiveReaderTest {
    private static final long T0 = 1_700_000_000L - 1_700_000_000L % 60;
    private static final String HOST = "192.0.2.7";
    private static final SeriesRef TEMP = new SeriesRef(HOST, "base", MetricKey.of("temp.gauge"));

    @TempDir
    Path tmp;

    private final AtomicLong now = new AtomicLong(T0);
    private final InstantSource clock = () -> Instant.ofEpochSecond(now.get());

    private RrdStorage storage() {
        return new RrdStorage(tmp, RrdStorageOptions.defaults(clock));
    }

    private void write(RrdStorage s, long ts, double value) {
        now.set(ts);
        assertThat(s.write(List.of(new Sample(HOST, PluginRef.of("base"), TEMP.key(), value, ts))).written()).isEqualTo(1);
    }

    private static SeriesQuery query(long end, Duration span, Detail detail) {
        Instant e = Instant.ofEpochSecond(end);
        return new SeriesQuery(TEMP, Consolidation.AVERAGE, e.minus(span), e, Duration.ofSeconds(span.toSeconds() / 500), detail);
    }

    private static long known(SeriesData d) {
        return Arrays.stream(d.values()).filter(v -> !Double.isNaN(v)).count();
    }

    @Test
    void aSeriesWrittenForTheFirstTimeAMinuteAgoHasThatMinuteInA33HourWindow() {
        try (RrdStorage s = storage()) {
            write(s, T0, 42);
            write(s, T0 + 60, 42);
            long graphTime = T0 + 65;

            SeriesData finest = s.read(query(graphTime, Duration.ofHours(33), Detail.FINEST)).orElseThrow();
            assertThat(finest.step()).isEqualTo(60);
            assertThat(finest.value((int) ((T0 + 60 - finest.start()) / 60))).isEqualTo(42.0);
            assertThat(known(finest)).isBetween(1L, 2L);

            // what the original drew: the five-minute archive, empty for the first minutes
            SeriesData closest = s.read(query(graphTime, Duration.ofHours(33), Detail.RESOLUTION)).orElseThrow();
            assertThat(closest.step()).isEqualTo(300);
            assertThat(known(closest)).isZero();
        }
    }

    @Test
    void aWeekHasMinutesWhereTheMinuteArchiveReachesAndFiveMinutePointsBeforeIt() {
        int minutes = 3 * 1440;
        long first = T0;
        long last = first + 60L * (minutes - 1);
        try (RrdStorage s = storage()) {
            now.set(first);
            List<Sample> batch = new ArrayList<>(minutes);
            for (int i = 0; i < minutes; i++) {
                batch.add(new Sample(HOST, PluginRef.of("base"), TEMP.key(), (double) i * i, first + 60L * i));
            }
            assertThat(s.write(batch).written()).isEqualTo(minutes);
            long graphTime = last + 30;

            SeriesData d = s.read(query(graphTime, Duration.ofDays(8), Detail.FINEST)).orElseThrow();

            assertThat(d.step()).isEqualTo(60);
            assertThat(d.start()).isEqualTo(graphTime - Duration.ofDays(8).toSeconds() - 30);
            assertThat(d.timestamp(d.size() - 1)).isEqualTo(last + 60);
            long reach = last - 2879 * 60L; // the oldest row of the minute archive
            double[] oneMinute = fetch(s, 60, reach, last + 60, d.start());
            double[] fiveMinutes = fetch(s, 300, d.start(), last + 60, d.start());
            int fromFiveMinutes = 0;
            for (int i = 0; i < d.size(); i++) {
                long t = d.timestamp(i);
                double expected = t >= reach ? oneMinute[i] : fiveMinutes[(int) ((t + 299) / 300 * 300 - d.start()) / 60];
                assertThat(Double.valueOf(d.value(i))).as("point ending at %d", t).isEqualTo(Double.valueOf(expected));
                if (t < reach && !Double.isNaN(expected)) {
                    fromFiveMinutes++;
                }
            }
            assertThat(fromFiveMinutes).as("the day before the minute archive reaches").isBetween(1435, 1445);
            assertThat(d.value((int) ((reach - d.start()) / 60))).isEqualTo(valueAt(reach - first));
            assertThat(d.value((int) ((last - d.start()) / 60))).isEqualTo(valueAt(last - first));
            assertThat(d.value((int) ((reach - 60 - d.start()) / 60))).as("a five-minute mean").isNotEqualTo(valueAt(reach - 60 - first));
        }
    }

    @Test
    void aWindowBeforeTheMinuteArchiveReachesIsReadFromTheFinestArchiveThatReachesIt() {
        try (RrdStorage s = storage()) {
            now.set(T0);
            List<Sample> batch = new ArrayList<>();
            for (int i = 0; i < 5 * 1440; i++) {
                batch.add(new Sample(HOST, PluginRef.of("base"), TEMP.key(), 5.0, T0 + 60L * i));
            }
            s.write(batch);
            long end = T0 + 86_400;
            Instant e = Instant.ofEpochSecond(end);
            SeriesData d = s.read(new SeriesQuery(TEMP, Consolidation.AVERAGE, e.minus(Duration.ofHours(6)), e,
                    Duration.ofSeconds(60), Detail.FINEST)).orElseThrow();

            assertThat(d.step()).isEqualTo(60);
            assertThat(Arrays.stream(d.values()).filter(v -> v == 5.0).count()).isEqualTo(d.size());
        }
    }

    /** The value written at a minute: its index squared, so that no mean of five equals one of them. */
    private static double valueAt(long secondsAfterFirst) {
        double i = secondsAfterFirst / 60;
        return i * i;
    }

    /** What rrd4j fetches from the archive of that step, one value per minute from {@code origin}. */
    private double[] fetch(RrdStorage s, long step, long start, long end, long origin) {
        s.flush();
        return Rrd4jFiles.read(tmp.resolve(HOST + "/base/temp.gauge.rrd"), db -> {
            {
                FetchData f = db.createFetchRequest(ConsolFun.AVERAGE, start, end, step).fetchData();
                assertThat(f.getArcStep()).isEqualTo(step);
                double[] out = new double[(int) ((end - origin) / 60) + 1];
                Arrays.fill(out, Double.NaN);
                long[] ts = f.getTimestamps();
                double[] v = f.getValues(0);
                for (int i = 0; i < ts.length; i++) {
                    int at = (int) ((ts[i] - origin) / 60);
                    if (at >= 0 && at < out.length) {
                        out[at] = v[i];
                    }
                }
                return out;
            }
        });
    }
}

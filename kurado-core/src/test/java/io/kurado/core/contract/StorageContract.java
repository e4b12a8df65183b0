package io.kurado.core.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.Consolidation;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Storage} promises: what is written is read back at once, as values (gauges) or
 * per-second rates (counters, derives, absolutes); samples at or before a series' last update are
 * skipped and counted; a series never written reads as absent. A test class of an implementation
 * extends this and supplies {@link #newStorage(Path)}. Samples are an hour old, one a minute, on
 * the minute, so every implementation keeps them at one-minute steps.
 */
public abstract class StorageContract {
    /** Where the samples start: an hour ago, on a minute. */
    protected final long t0 = (Instant.now().getEpochSecond() / 60 - 60) * 60;

    @TempDir
    protected Path dir;

    protected Storage storage;

    /**
     * @param dir a directory of the test's own, for a storage that keeps files
     * @return a new storage; closed after each test
     */
    protected abstract Storage newStorage(Path dir);

    @BeforeEach
    void open() {
        storage = newStorage(dir);
    }

    @AfterEach
    void closeStorage() {
        storage.close();
    }

    private static final PluginRef PLUGIN = PluginRef.parse("contract:80");

    private static List<Sample> minutes(String address, MetricKey key, long from, int n, DoubleUnaryOperator valueAtMinute) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Sample(address, PLUGIN, key, valueAtMinute.applyAsDouble(i), from + 60L * i));
        }
        return out;
    }

    private Optional<SeriesData> read(String address, MetricKey key, long from, long to) {
        return storage.read(new SeriesQuery(SeriesRef.of(address, PLUGIN, key), Consolidation.AVERAGE,
                Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), Duration.ofMinutes(1), Detail.RESOLUTION));
    }

    /** @return the value of the point that ends at a time, NaN when there is none */
    private static double at(SeriesData d, long time) {
        for (int i = 0; i < d.size(); i++) {
            if (d.timestamp(i) == time) {
                return d.value(i);
            }
        }
        return Double.NaN;
    }

    @Test
    void gaugesAreReadBackAsWrittenAtOnce() {
        MetricKey key = MetricKey.of("load.gauge");
        WriteResult r = storage.write(minutes("10.9.0.1", key, t0, 20, i -> 1.5 + i));
        assertThat(r.written()).isEqualTo(20);
        assertThat(r.failed()).isZero();

        SeriesData d = read("10.9.0.1", key, t0 - 600, t0 + 30 * 60).orElseThrow();
        assertThat(d.step()).isEqualTo(60);
        for (int i = 1; i < 20; i++) {
            assertThat(at(d, t0 + 60L * i)).as("minute %d", i).isEqualTo(1.5 + i);
        }
        assertThat(at(d, t0 + 60L * 25)).as("after the last sample").isNaN();
    }

    @Test
    void countersAndDerivesAreReadAsPerSecondRates() {
        MetricKey derive = MetricKey.of("reqs.derive");
        MetricKey counter = MetricKey.of("bytes.counter");
        storage.write(minutes("10.9.0.2", derive, t0, 15, i -> 1_000 + 600.0 * i));      // 10/s
        storage.write(minutes("10.9.0.2", counter, t0, 15, i -> 5_000 + 1_200.0 * i));   // 20/s
        SeriesData d = read("10.9.0.2", derive, t0, t0 + 20 * 60).orElseThrow();
        SeriesData c = read("10.9.0.2", counter, t0, t0 + 20 * 60).orElseThrow();
        for (int i = 2; i < 15; i++) {
            assertThat(at(d, t0 + 60L * i)).as("derive at minute %d", i).isCloseTo(10.0, org.assertj.core.data.Offset.offset(1e-9));
            assertThat(at(c, t0 + 60L * i)).as("counter at minute %d", i).isCloseTo(20.0, org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void theLastUpdateIsTheNewestSampleAndOlderSamplesAreSkippedAndCounted() {
        MetricKey key = MetricKey.of("users.gauge");
        SeriesRef ref = SeriesRef.of("10.9.0.3", PLUGIN, key);
        assertThat(storage.lastUpdate(ref)).isEmpty();
        storage.write(minutes("10.9.0.3", key, t0, 5, i -> i));
        assertThat(storage.lastUpdate(ref)).hasValue(t0 + 240);

        WriteResult again = storage.write(List.of(new Sample("10.9.0.3", PLUGIN, key, 99, t0 + 240),
                new Sample("10.9.0.3", PLUGIN, key, 98, t0 + 120), new Sample("10.9.0.3", PLUGIN, key, 7, t0 + 300)));
        assertThat(again.written()).isEqualTo(1);
        assertThat(again.skipped()).isEqualTo(2);
        assertThat(storage.lastUpdate(ref)).hasValue(t0 + 300);
        SeriesData d = read("10.9.0.3", key, t0, t0 + 600).orElseThrow();
        assertThat(at(d, t0 + 240)).as("the skipped sample changed nothing").isEqualTo(4.0);
        assertThat(at(d, t0 + 300)).isEqualTo(7.0);
    }

    @Test
    void unknownValuesAreReadAsUnknown() {
        MetricKey key = MetricKey.of("temp.gauge");
        storage.write(minutes("10.9.0.4", key, t0, 10, i -> i == 5 ? Double.NaN : 20));
        SeriesData d = read("10.9.0.4", key, t0, t0 + 600).orElseThrow();
        assertThat(at(d, t0 + 300)).isNaN();
        assertThat(at(d, t0 + 360)).isEqualTo(20.0);
    }

    @Test
    void aSeriesNeverWrittenReadsAsAbsent() {
        storage.write(minutes("10.9.0.5", MetricKey.of("a.gauge"), t0, 3, i -> 1));
        assertThat(read("10.9.0.5", MetricKey.of("b.gauge"), t0, t0 + 600)).isEmpty();
        assertThat(read("10.9.0.6", MetricKey.of("a.gauge"), t0, t0 + 600)).isEmpty();
        assertThat(storage.lastUpdate(SeriesRef.of("10.9.0.6", PLUGIN, MetricKey.of("a.gauge")))).isEmpty();
    }

    @Test
    void seriesWrittenFromManyThreadsAreAllKept() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<WriteResult>> writes = new ArrayList<>();
            for (int h = 0; h < 8; h++) {
                String address = "10.9.1." + h;
                writes.add(pool.submit(() -> storage.write(minutes(address, MetricKey.of("x.gauge"), t0, 10, i -> i))));
            }
            int written = 0;
            for (Future<WriteResult> f : writes) {
                written += f.get(60, TimeUnit.SECONDS).written();
            }
            assertThat(written).isEqualTo(80);
            for (int h = 0; h < 8; h++) {
                assertThat(storage.lastUpdate(SeriesRef.of("10.9.1." + h, PLUGIN, MetricKey.of("x.gauge")))).hasValue(t0 + 540);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.kurado.core.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.queue.Delivery;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.SeriesRef;
import io.kurado.core.config.IngestLimits;
import io.kurado.core.memory.InMemoryMetaStore;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.core.testing.ManualClock;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch delivered again after a crash (the queue is at least once; a router or an updater that
 * dies before it acknowledges leaves its batches to be delivered again) is a harmless duplicate on
 * the RRD storage: its samples are skipped as already written, nothing is reported, and the series
 * takes the next minute as usual.
 */
class RedeliveryTest {
    private static final long T = 1_700_000_040L;

    @TempDir
    Path data;

    private static Delivery batch(long ts, double value) {
        return new Delivery(Topic.UPDATE, "10.9.0.1\tbase.metrics.loadavg-1.gauge\t" + value + "\t" + ts + "\n"
                + "10.9.0.1\tbase.metrics.cpu-user.derive\t" + (long) (value * 100) + "\t" + ts + "\n");
    }

    @Test
    void batchesDeliveredAgainAreSkippedQuietlyAndTheSeriesGoesOn() {
        ManualClock clock = ManualClock.atEpochSecond(T + 300);
        List<String> reports = new ArrayList<>();
        EngineCounters counters = new EngineCounters();
        try (RrdStorage storage = new RrdStorage(data, RrdStorageOptions.immediate(clock)); InMemoryQueue q = new InMemoryQueue()) {
            Updater u = new Updater(q, storage, new InMemoryMetaStore(clock, ZoneId.of("UTC")), clock, data, counters,
                    IngestLimits.DEFAULT, reports::add);
            List<Delivery> taken = List.of(batch(T, 1), batch(T + 60, 2));
            assertThat(u.write(taken)).isEqualTo(4);
            // the same batches again, as a crash before the acknowledgement brings them
            assertThat(u.write(taken)).isZero();
            assertThat(u.write(List.of(batch(T + 60, 2)))).isZero();
            assertThat(counters.snapshot(0, 0).samplesSkipped()).isEqualTo(6);
            assertThat(counters.snapshot(0, 0).samplesFailed()).isZero();
            assertThat(reports).as("nothing is reported of duplicates").isEmpty();
            assertThat(storage.problems()).isEmpty();
            // the series is not poisoned: the next minute is written
            assertThat(u.write(List.of(batch(T + 120, 3)))).isEqualTo(2);
            SeriesRef load = SeriesRef.of("10.9.0.1", PluginRef.of("base"), MetricKey.of("loadavg-1.gauge"));
            assertThat(storage.lastUpdate(load)).hasValue(T + 120);
            assertThat(reports).isEmpty();
        }
    }
}

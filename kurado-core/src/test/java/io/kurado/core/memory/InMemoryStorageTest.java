package io.kurado.core.memory;

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
import io.kurado.core.contract.StorageContract;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest extends StorageContract {
    @Override
    protected Storage newStorage(Path dir) {
        return new InMemoryStorage();
    }

    private static final PluginRef P = PluginRef.of("p");

    @Test
    void keepsABoundedNumberOfPointsAndConsolidatesCoarserReads() {
        InMemoryStorage small = new InMemoryStorage(30);
        MetricKey k = MetricKey.of("v.gauge");
        long base = t0 / 300 * 300; // five-minute points end on multiples of 300 s
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            samples.add(new Sample("h", P, k, i, base + 60L * i));
        }
        small.write(samples);
        SeriesRef ref = SeriesRef.of("h", P, k);
        SeriesData fine = small.read(new SeriesQuery(ref, Consolidation.AVERAGE, Instant.ofEpochSecond(base),
                Instant.ofEpochSecond(base + 3540), Duration.ofMinutes(1), Detail.FINEST)).orElseThrow();
        assertThat(fine.value(0)).as("older than the 30 points kept").isNaN();
        assertThat(fine.value(59)).isEqualTo(59.0);

        SeriesData five = small.read(new SeriesQuery(ref, Consolidation.MAX, Instant.ofEpochSecond(base),
                Instant.ofEpochSecond(base + 3600), Duration.ofMinutes(5))).orElseThrow();
        assertThat(five.step()).isEqualTo(300);
        assertThat(five.timestamp(five.size() - 1)).isEqualTo(base + 3600);
        assertThat(five.value(five.size() - 1)).as("minutes 56 to 59 known, 60 not: four of five").isEqualTo(59.0);
        assertThat(five.value(five.size() - 2)).isEqualTo(55.0);
    }

    @Test
    void aCounterThatGoesDownWrappedAt32Bits() {
        MetricKey k = MetricKey.of("octets.counter");
        storage.write(List.of(new Sample("h", P, k, 4294967000.0, t0), new Sample("h", P, k, 4294967000.0, t0 + 60),
                new Sample("h", P, k, 304, t0 + 120)));
        SeriesData d = storage.read(new SeriesQuery(SeriesRef.of("h", P, k), Consolidation.AVERAGE, Instant.ofEpochSecond(t0),
                Instant.ofEpochSecond(t0 + 180), Duration.ofMinutes(1))).orElseThrow();
        assertThat(d.value((int) ((t0 + 120 - d.start()) / 60))).isEqualTo(10.0); // (2^32 - 4294967000 + 304) / 60
    }
}

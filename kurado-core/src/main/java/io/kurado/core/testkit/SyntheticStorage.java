package io.kurado.core.testkit;

import io.kurado.api.DataSourceType;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A storage that has every series and makes its points up: smooth daily waves, different for each
 * key, so that every graph of a viewer can be drawn without any data. Counters read as rates, as
 * an RRD file gives them back. Writes are ignored.
 */
public final class SyntheticStorage implements Storage {
    private final InstantSource clock;

    /** @param clock tells the last update of every series */
    public SyntheticStorage(InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        return new WriteResult(0, samples.size(), List.of());
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        return OptionalLong.of(clock.instant().getEpochSecond());
    }

    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        long step = Math.max(60, query.resolution().getSeconds() / 60 * 60);
        long start = (query.start().getEpochSecond() / step + 1) * step;
        long end = query.end().getEpochSecond();
        int n = (int) Math.max(1, (end - start) / step + 1);
        double[] values = new double[n];
        int h = Math.abs(query.series().key().toString().hashCode());
        double scale = Math.pow(10, 1 + h % 4);
        double phase = (h % 360) * Math.PI / 180;
        boolean counter = query.series().key().type() != DataSourceType.GAUGE;
        for (int i = 0; i < n; i++) {
            double t = (start + i * step) / 86400.0 * 2 * Math.PI;
            double wave = 0.55 + 0.3 * Math.sin(t + phase) + 0.1 * Math.sin(7 * t + phase);
            values[i] = (counter ? 0.5 : 1) * scale * wave;
        }
        return Optional.of(new SeriesData(start, step, values));
    }

    @Override
    public void close() {}
}

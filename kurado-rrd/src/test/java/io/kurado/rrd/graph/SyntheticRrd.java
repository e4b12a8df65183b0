package io.kurado.rrd.graph;

import io.kurado.api.MetricKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongToDoubleFunction;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdDef;
import org.rrd4j.core.Sample;

/** Writes RRD files in the original's definition with synthetic data, for graph tests. */
final class SyntheticRrd {
    static final long STEP = 60;

    private SyntheticRrd() {}

    /**
     * Creates a file (step 60, DS {@code n}, heartbeat 120, AVERAGE/MIN/MAX × 1×2880, 5×2880,
     * 60×960, 1440×1100) and writes one sample a minute for {@code minutes} minutes up to {@code end}.
     *
     * @param file the file
     * @param key the metric key, whose type is the data source type
     * @param end the last sample time, a multiple of 60
     * @param minutes how many samples
     * @param value the value written at minute index i (0 = the oldest)
     */
    static void write(Path file, MetricKey key, long end, int minutes, LongToDoubleFunction value) {
        try {
            Files.createDirectories(file.getParent());
            long first = end - (minutes - 1) * STEP;
            RrdDef def = new RrdDef(file.toString(), first - 10, STEP);
            def.addDatasource("n", DsType.valueOf(key.type().name()), 120, Double.NaN, Double.NaN);
            for (ConsolFun cf : new ConsolFun[] {ConsolFun.AVERAGE, ConsolFun.MIN, ConsolFun.MAX}) {
                def.addArchive(cf, 0.5, 1, 2880);
                def.addArchive(cf, 0.5, 5, 2880);
                def.addArchive(cf, 0.5, 60, 960);
                def.addArchive(cf, 0.5, 1440, 1100);
            }
            try (RrdDb db = RrdDb.getBuilder().setRrdDef(def).build()) {
                Sample s = db.createSample();
                for (int i = 0; i < minutes; i++) {
                    s.setTime(first + i * STEP);
                    s.setValue("n", value.applyAsDouble(i));
                    s.update();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

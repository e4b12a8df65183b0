package io.kurado.examples.cli;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.rrd.RrdDefinitions;
import io.kurado.rrd.RrdLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * The end of {@code bench ingest}: a sample of the files the run wrote, each compared byte for byte
 * with the file plain rrd4j writes from the same samples (created at the same time, updated minute
 * by minute while kept open).
 */
final class IngestFileCheck {
    private IngestFileCheck() {}

    /** The outcome: files compared, and the names of those that differ. */
    record Outcome(int compared, List<String> different) {}

    /**
     * @param data the run's data directory
     * @param hosts hosts of the run
     * @param t0 the time of the first minute's samples
     * @param minutes minutes of samples
     * @param scratch where rrd4j's files go
     */
    static Outcome compare(Path data, int hosts, long t0, int minutes, Path scratch) throws IOException {
        Files.createDirectories(scratch);
        int[] sampleHosts = {0, hosts / 3, hosts / 2, hosts - 1};
        int[] sampleMetrics = {0, 1, 2, 22, 44};
        RrdRandomAccessFileBackendFactory raf = new RrdRandomAccessFileBackendFactory();
        List<String> different = new ArrayList<>();
        int compared = 0;
        for (int h : sampleHosts) {
            for (int i : sampleMetrics) {
                String type = BenchIngestCommand.type(i);
                MetricKey key = MetricKey.of(BenchIngestCommand.name(i) + "." + type);
                Path ours = RrdLayout.file(data, BenchIngestCommand.address(h), "base", key);
                Path theirs = scratch.resolve(h + "-" + i + ".rrd");
                DataSourceType dsType = type.equals("gauge") ? DataSourceType.GAUGE : DataSourceType.DERIVE;
                try (RrdDb db = RrdDb.getBuilder().setRrdDef(RrdDefinitions.kurado(theirs, dsType, t0)).setBackendFactory(raf).build()) {
                    for (int m = 0; m < minutes; m++) {
                        db.createSample(t0 + 60L * m).setValue(0, BenchIngestCommand.value(h, i, m)).update();
                    }
                }
                compared++;
                if (!Files.exists(ours) || Files.mismatch(ours, theirs) != -1) {
                    different.add(data.relativize(ours).toString());
                }
                Files.delete(theirs);
            }
        }
        return new Outcome(compared, different);
    }
}

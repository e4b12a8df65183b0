package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;

/**
 * The rrd4j {@link Storage}: one RRD file per series in the original's layout
 * ({@link RrdLayout}), created on first write with the original's definition
 * ({@link RrdDefinitions}), kept open in {@link RrdFiles} and updated in place without a sync.
 *
 * <p>Samples of one batch are grouped by file and written in time order under the file's lock,
 * so several threads may call {@link #write(List)} at once. A sample at or before its file's last
 * update is skipped and counted; any other problem fails that sample only, with a message naming
 * the file. Reads ({@link #read}, {@link #lastUpdate}) go through the same open files and so see
 * every accepted sample.
 *
 * @since 0.1
 */
public final class RrdStorage implements Storage {
    private static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::timestamp);

    private final Path dataDir;
    private final RrdStorageOptions options;
    private final RrdFiles files;

    /**
     * @param dataDir the data directory; created on the first write when missing
     * @param options the cache size, backend and clock
     */
    public RrdStorage(Path dataDir, RrdStorageOptions options) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.files = RrdFiles.withinLimits(options.openFiles(), options.backend());
    }

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return the open files, shared with readers such as the graph renderer */
    public RrdFiles files() {
        return files;
    }

    /**
     * @param series a series
     * @return the file that holds it
     * @throws KuradoException when a name cannot be a file name
     */
    public Path fileOf(SeriesRef series) {
        return RrdLayout.file(dataDir, series);
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        Map<SeriesRef, List<Sample>> bySeries = new HashMap<>();
        for (Sample s : samples) {
            bySeries.computeIfAbsent(SeriesRef.of(s.address(), s.plugin(), s.key()), k -> new ArrayList<>(2)).add(s);
        }
        Counts counts = new Counts();
        for (Map.Entry<SeriesRef, List<Sample>> e : bySeries.entrySet()) {
            writeSeries(e.getKey(), e.getValue(), counts);
        }
        return new WriteResult(counts.written, counts.skipped, counts.failures);
    }

    private void writeSeries(SeriesRef series, List<Sample> samples, Counts counts) {
        Path file;
        try {
            file = fileOf(series);
        } catch (KuradoException e) {
            for (int i = 0; i < samples.size(); i++) {
                counts.failures.add("cannot store " + series.address() + " " + series.escapedPlugin() + " "
                        + series.key() + ": " + e.getMessage());
            }
            return;
        }
        if (samples.size() > 1) {
            samples.sort(BY_TIME);
        }
        int before = counts.written + counts.skipped + counts.failures.size();
        try {
            files.access(file, Optional.of(() -> RrdDefinitions.kurado(file, series.key().type(), now())),
                    db -> {
                        update(db, file, samples, counts);
                        return null;
                    });
        } catch (IOException | RuntimeException e) {
            int done = counts.written + counts.skipped + counts.failures.size() - before;
            for (int i = done; i < samples.size(); i++) {
                counts.failures.add("cannot update RRD file " + file + ": " + describe(e));
            }
        }
    }

    private static void update(RrdDb db, Path file, List<Sample> samples, Counts counts) throws IOException {
        long last = db.getLastUpdateTime();
        for (Sample s : samples) {
            if (s.timestamp() <= last) {
                counts.skipped++;
                continue;
            }
            try {
                org.rrd4j.core.Sample rs = db.createSample(s.timestamp());
                rs.setValue(0, s.value());
                rs.update();
                last = s.timestamp();
                counts.written++;
            } catch (IOException | RuntimeException e) {
                counts.failures.add("cannot update RRD file " + file + " at " + s.timestamp() + ": " + describe(e));
            }
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private long now() {
        return options.clock().instant().getEpochSecond();
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        Path file = fileOf(series);
        if (!Files.isRegularFile(file)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(files.access(file, Optional.empty(), RrdDb::getLastUpdateTime));
        } catch (IOException e) {
            throw new KuradoException("cannot read RRD file " + file + ": " + describe(e), e);
        }
    }

    /**
     * Reads a series as rrd4j fetches it: from the archive of the consolidation function whose step
     * matches the resolution best among those that cover the window (else the one that covers most
     * of it).
     */
    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        Path file = fileOf(query.series());
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ConsolFun cf = ConsolFun.valueOf(query.function().name());
        long start = query.start().getEpochSecond();
        long end = query.end().getEpochSecond();
        long resolution = Math.max(1, query.resolution().toSeconds());
        try {
            FetchData data = files.access(file, Optional.empty(), db -> {
                if (!hasArchive(db, cf)) {
                    throw new KuradoException("series " + query.series() + " keeps no " + cf + " points");
                }
                return db.createFetchRequest(cf, start, end, resolution).fetchData();
            });
            long[] ts = data.getTimestamps();
            long step = ts.length > 1 ? ts[1] - ts[0] : data.getStep();
            return Optional.of(new SeriesData(ts.length > 0 ? ts[0] : start, step, data.getValues(0)));
        } catch (IOException e) {
            throw new KuradoException("cannot read " + query.series() + ": " + describe(e), e);
        }
    }

    private static boolean hasArchive(RrdDb db, ConsolFun cf) throws IOException {
        for (int i = 0; i < db.getArcCount(); i++) {
            if (db.getArchive(i).getConsolFun() == cf) {
                return true;
            }
        }
        return false;
    }


    /** Closes every open file. */
    @Override
    public void close() {
        files.close();
    }

    /** What one write call did. */
    private static final class Counts {
        int written;
        int skipped;
        final List<String> failures = new ArrayList<>();
    }
}

package io.kurado.rrd;

import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The series the storage keeps in memory, by reference: looked up and locked, a new one counted
 * against its plugin's limit of files, an idle one forgotten (its file stays). Thread-safe.
 */
final class SeriesTable {
    private final Path dataDir;
    private final RrdStorageOptions options;
    private final ConcurrentHashMap<SeriesRef, Series> table = new ConcurrentHashMap<>(1 << 12);
    /** Files per plugin directory, counted the first time a new series wants one there. */
    private final ConcurrentHashMap<Path, int[]> filesPerPlugin = new ConcurrentHashMap<>();

    SeriesTable(Path dataDir, RrdStorageOptions options) {
        this.dataDir = dataDir;
        this.options = options;
    }

    /** Looks a series up, creating its entry, and locks it. */
    Series lock(SeriesRef ref) {
        while (true) {
            Series s = table.get(ref);
            if (s == null) {
                Series fresh = new Series(ref, RrdLayout.file(dataDir, ref));
                fresh.writeAt = 1 + ThreadLocalRandom.current().nextInt(options.samplesPerWrite());
                s = table.putIfAbsent(ref, fresh);
                if (s == null) {
                    s = fresh;
                }
            }
            s.lock.lock();
            if (!s.removed) {
                return s;
            }
            s.lock.unlock();
        }
    }

    /** Forgets a series whose lock the caller holds; whoever holds it looks it up again. */
    void remove(Series s) {
        s.removed = true;
        table.remove(s.ref, s);
    }

    /** @return the series, as the table holds them now */
    Collection<Series> all() {
        return table.values();
    }

    /** @return how many series the table holds */
    int size() {
        return table.size();
    }

    /**
     * Counts a new series against its plugin's limit of files.
     *
     * @return why it is refused, or empty when it may have a file
     */
    Optional<String> admit(Series s) {
        Path dir = s.file.getParent();
        int[] count = filesPerPlugin.computeIfAbsent(dir, SeriesTable::countFiles);
        synchronized (count) {
            if (count[0] >= options.maxSeriesPerPlugin()) {
                return Optional.of("cannot store " + s.ref + ": plugin " + s.ref.escapedPlugin() + " of " + s.ref.address()
                        + " has " + count[0] + " series already, the limit (" + RrdStorageOptions.MAX_SERIES_PER_PLUGIN + ")");
            }
            count[0]++;
        }
        s.counted = true;
        return Optional.empty();
    }

    private static int[] countFiles(Path dir) {
        int n = 0;
        try (var ds = Files.newDirectoryStream(dir, "*.rrd")) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (IOException e) {
            // none yet
        }
        return new int[] {n};
    }
}

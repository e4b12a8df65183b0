package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.Archive;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.Util;

/**
 * The read path the storage had before {@link SeriesReader}, kept as the oracle of its tests: rrd4j
 * parses a copy of the whole file and fetches from it. Reads one series out of an open RRD file,
 * from the archives of the query's consolidation function, as its {@link Detail} asks.
 *
 * <p>{@link Detail#RESOLUTION}: rrd4j's choice, one archive for the whole window (the one whose
 * step is closest to the resolution among those that reach back to the window's start, else the
 * one that reaches furthest back).
 *
 * <p>{@link Detail#FINEST}: the answer is at the step of the finest archive, over the window
 * aligned to that step as rrd4j aligns a fetch. Each point takes its value from the finest archive
 * that reaches back to the start of the point's interval; an archive reaches back one step before
 * its oldest row. So a file that has one minute of data shows that minute in a 33-hour window, and
 * a week's window has minutes for the last two days and five-minute points before. A coarser
 * archive never fills the points of a finer one, not even unknown ones: where the finer one
 * reaches, it is the truth. A coarser point covers several finer steps and is repeated over each;
 * a finer step that straddles two coarser rows takes the row its end falls in.
 *
 */
final class Rrd4jReads {
    private Rrd4jReads() {}

    /**
     * @param bytes a whole RRD file
     * @param query the query
     * @return what rrd4j reads from a copy of the file
     */
    static SeriesData read(byte[] bytes, SeriesQuery query) throws IOException {
        try (RrdDb db = RrdDb.getBuilder().setPath("/oracle.rrd").setReadOnly(true)
                .setBackendFactory(new SnapshotBackendFactory(bytes)).build()) {
            return read(db, query);
        }
    }

    /**
     * @param db the open file
     * @param query the series, consolidation, window, resolution and detail
     * @return the points
     * @throws IOException when the file cannot be read
     * @throws KuradoException when the file keeps no archive of the consolidation function
     */
    static SeriesData read(RrdDb db, SeriesQuery query) throws IOException {
        ConsolFun cf = ConsolFun.valueOf(query.function().name());
        List<Rra> archives = archives(db, cf);
        if (archives.isEmpty()) {
            throw new KuradoException("series " + query.series() + " keeps no " + cf + " points");
        }
        long start = query.start().getEpochSecond();
        long end = query.end().getEpochSecond();
        if (query.detail() == Detail.FINEST) {
            return finest(archives, start, end);
        }
        FetchData data = db.createFetchRequest(cf, start, end, Math.max(1, query.resolution().toSeconds())).fetchData();
        long[] ts = data.getTimestamps();
        long step = ts.length > 1 ? ts[1] - ts[0] : data.getStep();
        return new SeriesData(ts.length > 0 ? ts[0] : start, step, data.getValues(0));
    }

    /** @return the archives of a consolidation function, finest first */
    private static List<Rra> archives(RrdDb db, ConsolFun cf) throws IOException {
        List<Rra> out = new ArrayList<>();
        for (int i = 0; i < db.getArcCount(); i++) {
            Archive a = db.getArchive(i);
            if (a.getConsolFun() == cf) {
                out.add(new Rra(a, a.getArcStep(), a.getStartTime(), a.getEndTime()));
            }
        }
        out.sort(Comparator.comparingLong(Rra::step));
        return out;
    }

    private static SeriesData finest(List<Rra> archives, long start, long end) throws IOException {
        long fine = archives.get(0).step();
        long first = Util.normalize(start, fine);
        long last = Util.normalize(end, fine);
        if (last < end) {
            last += fine;
        }
        int count = (int) ((last - first) / fine + 1);
        double[] values = new double[count];
        Arrays.fill(values, Double.NaN);
        // points [0, open) are still open to a coarser archive: finer archives take the newest points
        int open = count;
        for (Rra a : archives) {
            if (open == 0) {
                break;
            }
            // the first point whose interval (t - fine, t] starts where the archive reaches
            long from = Math.max(0, ceilDiv(a.reach() + fine - first, fine));
            if (from < open) {
                fill(a, values, first, fine, (int) from, open);
                open = (int) from;
            }
        }
        return new SeriesData(first, fine, values);
    }

    /** Sets points [from, to) from an archive's rows: each takes the row its end falls in. */
    private static void fill(Rra a, double[] values, long first, long fine, int from, int to) throws IOException {
        long step = a.step();
        long firstRow = Math.max(a.oldestRow(), rowOf(first + from * fine, step));
        long lastRow = Math.min(a.newestRow(), rowOf(first + (to - 1) * fine, step));
        if (firstRow > lastRow) {
            return;
        }
        double[] rows = a.archive().getRobin(0).getValues((int) ((firstRow - a.oldestRow()) / step),
                (int) ((lastRow - firstRow) / step) + 1);
        for (int i = from; i < to; i++) {
            long row = rowOf(first + i * fine, step);
            if (row >= firstRow && row <= lastRow) {
                values[i] = rows[(int) ((row - firstRow) / step)];
            }
        }
    }

    /** @return the end of the row, of an archive of that step, whose interval holds the instant */
    private static long rowOf(long t, long step) {
        return ceilDiv(t, step) * step;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /**
     * An archive with the times of its oldest and newest rows, read once.
     *
     * @param archive the archive
     * @param step seconds per row
     * @param oldestRow the end of its oldest row's interval
     * @param newestRow the end of its newest row's interval
     */
    private record Rra(Archive archive, long step, long oldestRow, long newestRow) {
        /** @return the start of its oldest row's interval: how far back it reaches */
        long reach() {
            return oldestRow - step;
        }
    }
}

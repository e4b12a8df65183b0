package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * Reads one series out of an RRD file with positioned reads: the header and the archives'
 * definitions (about a kilobyte), then only the rows of the archive(s) the query draws. The answer
 * is what rrd4j's fetch gives for the same file and query, point for point.
 *
 * <p>{@link Detail#RESOLUTION}: one archive for the whole window, chosen as rrd4j's {@code
 * RrdDb.findMatchingArchive} chooses: among the archives of the function that reach back to the
 * window's start (an archive reaches one step before its oldest row), the one whose step is
 * closest to the resolution, the first in the file on a tie; when none does, the one that covers
 * most of the window, the first on a tie. Its points are those of {@code Archive.fetchData}: the
 * window's start and end aligned down to the archive's step (the end up when it is not on a step),
 * unknown where the archive holds no row.
 *
 * <p>{@link Detail#FINEST}: the answer is at the step of the finest archive, over the window
 * aligned to that step as rrd4j aligns a fetch. Each point takes its value from the finest archive
 * that reaches back to the start of the point's interval. So a file that has one minute of data
 * shows that minute in a 33-hour window, and a week's window has minutes for the last two days and
 * five-minute points before. A coarser archive never fills the points of a finer one, not even
 * unknown ones: where the finer one reaches, it is the truth. A coarser point covers several finer
 * steps and is repeated over each; a finer step that straddles two coarser rows takes the row its
 * end falls in.
 *
 * <p>Stateless; the caller holds the file's lock.
 */
final class SeriesReader {
    private SeriesReader() {}

    /**
     * @param ch the file, open for reading
     * @param query the series, consolidation, window, resolution and detail
     * @return the points
     * @throws BrokenFileException when the file is not a sound rrd4j file of one data source
     * @throws KuradoException when the file keeps no archive of the consolidation function
     * @throws IOException when the file cannot be read
     */
    static SeriesData read(FileChannel ch, SeriesQuery query) throws IOException {
        return read(ch.size(), ch::read, query);
    }

    /**
     * @param size the file's size
     * @param in reads the file at a position
     * @param query the query
     * @return the points
     */
    static SeriesData read(long size, FileLayout.Reader in, SeriesQuery query) throws IOException {
        byte[] head = new byte[FileLayout.HEAD_BYTES];
        byte[][] states = new byte[FileLayout.MAX_ARCHIVES][];
        FileLayout layout = FileLayout.read(size, in, head, states);
        long lastUpdate = ByteBuffer.wrap(head).order(FileLayout.ORDER).getLong(FileLayout.OFF_LAST_UPDATE);
        return read(layout, lastUpdate,
                i -> ByteBuffer.wrap(states[i]).order(FileLayout.ORDER).getInt(FileLayout.pointerIn(layout.version)), in, query);
    }

    /**
     * Reads a series whose layout and state are known already (held in memory): only the rows the
     * query draws are read.
     *
     * @param layout the file's layout
     * @param lastUpdate the file's last update time
     * @param pointers each archive's pointer (the row its next value goes into), by archive index
     * @param in reads the file's rows at a position
     * @param query the query
     * @return the points
     */
    static SeriesData read(FileLayout layout, long lastUpdate, IntUnaryOperator pointers, FileLayout.Reader in,
            SeriesQuery query) throws IOException {
        String cf = query.function().name();
        List<Rra> archives = archives(layout, pointers, lastUpdate, cf);
        if (archives.isEmpty()) {
            throw new KuradoException("series " + query.series() + " keeps no " + cf + " points");
        }
        long start = query.start().getEpochSecond();
        long end = query.end().getEpochSecond();
        if (query.detail() == Detail.FINEST) {
            archives.sort(Comparator.comparingLong(Rra::step));
            return finest(in, archives, start, end);
        }
        return fetch(in, match(archives, start, end, Math.max(1, query.resolution().toSeconds())), start, end);
    }

    /**
     * Reads the time of a file's last update from its header alone.
     *
     * @param ch the file, open for reading
     * @return the epoch second of its last update
     * @throws BrokenFileException when it does not begin as an rrd4j file
     */
    static long lastUpdate(FileChannel ch) throws IOException {
        return FileLayout.lastUpdate(ch.size(), ch::read);
    }

    /** @return the archives of a consolidation function, in the file's order */
    private static List<Rra> archives(FileLayout layout, IntUnaryOperator pointers, long lastUpdate, String cf) {
        List<Rra> out = new ArrayList<>();
        for (int i = 0; i < layout.archives.length; i++) {
            FileLayout.Arc a = layout.archives[i];
            if (FileLayout.FUNCTIONS[a.function()].equals(cf)) {
                int pointer = pointers.applyAsInt(i);
                long step = layout.step * a.steps();
                long newestRow = lastUpdate - lastUpdate % step;
                out.add(new Rra(a, pointer, step, newestRow - (a.rows() - 1L) * step, newestRow));
            }
        }
        return out;
    }

    /** rrd4j's {@code RrdDb.findMatchingArchive}, rule for rule. */
    private static Rra match(List<Rra> archives, long start, long end, long resolution) {
        Rra bestFull = null;
        Rra bestPartial = null;
        long bestStepDiff = 0;
        long bestMatch = 0;
        for (Rra a : archives) {
            long stepDiff = Math.abs(a.step() - resolution);
            if (a.reach() <= start) {
                if (bestFull == null || stepDiff < bestStepDiff) {
                    bestStepDiff = stepDiff;
                    bestFull = a;
                }
            } else {
                long match = end - start - (a.reach() - start);
                // rrd4j compares with the best full match's difference here, which is 0 when none.
                if (bestPartial == null || bestMatch < match || bestMatch == match && stepDiff < bestStepDiff) {
                    bestPartial = a;
                    bestMatch = match;
                }
            }
        }
        return bestFull != null ? bestFull : bestPartial;
    }

    /** rrd4j's {@code Archive.fetchData} of one archive. */
    private static SeriesData fetch(FileLayout.Reader in, Rra a, long start, long end) throws IOException {
        long step = a.step();
        long first = start - start % step;
        long last = end - end % step;
        if (last < end) {
            last += step;
        }
        int count = (int) ((last - first) / step + 1);
        double[] values = new double[count];
        Arrays.fill(values, Double.NaN);
        long matchStart = Math.max(first, a.oldestRow());
        long matchEnd = Math.min(last, a.newestRow());
        if (matchStart <= matchEnd) {
            double[] rows = a.rows(in, (int) ((matchStart - a.oldestRow()) / step), (int) ((matchEnd - matchStart) / step + 1));
            System.arraycopy(rows, 0, values, (int) ((matchStart - first) / step), rows.length);
        }
        return new SeriesData(first, step, values);
    }

    private static SeriesData finest(FileLayout.Reader in, List<Rra> archives, long start, long end) throws IOException {
        long fine = archives.get(0).step();
        long first = start - start % fine;
        long last = end - end % fine;
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
                fill(in, a, values, first, fine, (int) from, open);
                open = (int) from;
            }
        }
        return new SeriesData(first, fine, values);
    }

    /** Sets points [from, to) from an archive's rows: each takes the row its end falls in. */
    private static void fill(FileLayout.Reader in, Rra a, double[] values, long first, long fine, int from, int to)
            throws IOException {
        long step = a.step();
        long firstRow = Math.max(a.oldestRow(), rowOf(first + from * fine, step));
        long lastRow = Math.min(a.newestRow(), rowOf(first + (to - 1) * fine, step));
        if (firstRow > lastRow) {
            return;
        }
        double[] rows = a.rows(in, (int) ((firstRow - a.oldestRow()) / step), (int) ((lastRow - firstRow) / step) + 1);
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
     * An archive of the file with the times of its oldest and newest rows.
     *
     * @param arc where it lies
     * @param pointer the row its next value goes into: its oldest row
     * @param step seconds per row
     * @param oldestRow the end of its oldest row's interval
     * @param newestRow the end of its newest row's interval
     */
    private record Rra(FileLayout.Arc arc, int pointer, long step, long oldestRow, long newestRow) {
        /** @return the start of its oldest row's interval: how far back it reaches */
        long reach() {
            return oldestRow - step;
        }

        /**
         * Reads rows in time order, as rrd4j's {@code Robin.getValues} does: at most two reads, the
         * ring's tail and then its start.
         *
         * @param index the first row, 0 being the oldest
         * @param count how many
         */
        double[] rows(FileLayout.Reader in, int index, int count) throws IOException {
            int rows = arc.rows();
            int at = (pointer + index) % rows;
            int tail = Math.min(rows - at, count);
            ByteBuffer b = ByteBuffer.allocate(8 * count).order(FileLayout.ORDER);
            b.limit(8 * tail);
            readFully(in, b, arc.rowOffset(at));
            if (tail < count) {
                b.limit(8 * count);
                readFully(in, b, arc.rowOffset(0));
            }
            double[] out = new double[count];
            b.flip().asDoubleBuffer().get(out);
            return out;
        }

        private static void readFully(FileLayout.Reader in, ByteBuffer b, long position) throws IOException {
            long p = position;
            while (b.hasRemaining()) {
                int n = in.read(b, p);
                if (n < 0) {
                    throw new BrokenFileException("the file ends at " + p + " bytes, inside its rows");
                }
                p += n;
            }
        }
    }
}

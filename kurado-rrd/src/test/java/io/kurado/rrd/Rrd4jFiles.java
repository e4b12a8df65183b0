package io.kurado.rrd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/** Reads RRD files with plain rrd4j, as any other program would, for tests to check files. */
final class Rrd4jFiles {
    private static final RrdRandomAccessFileBackendFactory RAF = new RrdRandomAccessFileBackendFactory();

    private Rrd4jFiles() {}

    /** Something read from an open file. */
    @FunctionalInterface
    interface Reader<T> {
        T read(RrdDb db) throws IOException;
    }

    /** Opens a file read-only with rrd4j, reads, closes. */
    static <T> T read(Path file, Reader<T> reader) {
        try (RrdDb db = RrdDb.getBuilder().setPath(file.toString()).setReadOnly(true).setBackendFactory(RAF).build()) {
            return reader.read(db);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the AVERAGE values at each minute from start to end, as rrd4j fetches them */
    static double[] minutes(Path file, long start, long end) {
        return read(file, db -> {
            FetchData d = db.createFetchRequest(ConsolFun.AVERAGE, start, end, 60).fetchData();
            double[] all = d.getValues("n");
            long first = d.getTimestamps()[0];
            double[] out = new double[(int) ((end - start) / 60) + 1];
            for (int i = 0; i < out.length; i++) {
                out[i] = all[(int) ((start + 60L * i - first) / 60)];
            }
            return out;
        });
    }

    /** @return the last update time rrd4j reads from the file */
    static long lastUpdate(Path file) {
        return read(file, RrdDb::getLastUpdateTime);
    }
}

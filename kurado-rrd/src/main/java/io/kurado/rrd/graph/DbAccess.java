package io.kurado.rrd.graph;

import java.nio.file.Path;
import java.util.function.Function;
import org.rrd4j.core.RrdDb;

/**
 * Reads an RRD file through whoever holds it open, so that a graph never opens a second
 * {@link RrdDb} on a file the storage is writing. {@code RrdFiles::withDb} is one.
 */
@FunctionalInterface
public interface DbAccess {
    /**
     * Runs a function on an open file. The function must not close the database nor keep it.
     *
     * @param file an existing RRD file
     * @param reader reads what it needs
     * @param <T> what it reads
     * @return what the function returned
     * @throws io.kurado.api.KuradoException when the file cannot be opened
     */
    <T> T withDb(Path file, Function<RrdDb, T> reader);
}

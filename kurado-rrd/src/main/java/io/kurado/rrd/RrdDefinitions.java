package io.kurado.rrd;

import io.kurado.api.DataSourceType;
import java.nio.file.Path;
import org.rrd4j.ConsolFun;
import org.rrd4j.DsType;
import org.rrd4j.core.RrdDef;

/**
 * The definition of a new Kurado RRD file, as the original creates it: one data source {@code n}
 * of the key's type, a 60-second step, a 120-second heartbeat, no bounds, and averages, minima
 * and maxima kept for 2 days at 1 minute, 10 days at 5 minutes, 40 days at 1 hour and about
 * 3 years at 1 day.
 *
 * @since 0.1
 */
public final class RrdDefinitions {
    /** The name of the single data source. */
    public static final String DS_NAME = "n";
    /** Seconds between primary data points. */
    public static final long STEP = 60;
    /** Seconds without an update after which the value is unknown. */
    public static final long HEARTBEAT = 120;
    /** A new file starts this many seconds before the clock's now. */
    public static final long START_OFFSET = 10;
    /** The fraction of unknown points a consolidated point may be made of. */
    public static final double XFF = 0.5;

    /** Steps per row and rows of each archive, the same for every consolidation function. */
    private static final int[][] ARCHIVES = {{1, 2880}, {5, 2880}, {60, 960}, {1440, 1100}};
    private static final ConsolFun[] FUNCTIONS = {ConsolFun.AVERAGE, ConsolFun.MIN, ConsolFun.MAX};

    private RrdDefinitions() {}

    /**
     * @return the archives in the order of the file: function (index in AVERAGE, MIN, MAX), steps
     *     per row, rows
     */
    static int[][] archives() {
        int[][] out = new int[FUNCTIONS.length * ARCHIVES.length][];
        int i = 0;
        for (int f = 0; f < FUNCTIONS.length; f++) {
            for (int[] a : ARCHIVES) {
                out[i++] = new int[] {f, a[0], a[1]};
            }
        }
        return out;
    }

    /**
     * @param file where the file will be written
     * @param type the data-source type
     * @param nowEpochSecond the clock's now; the file starts 10 seconds before
     * @return the definition
     */
    public static RrdDef kurado(Path file, DataSourceType type, long nowEpochSecond) {
        RrdDef def = new RrdDef(file.toString(), nowEpochSecond - START_OFFSET, STEP);
        def.addDatasource(DS_NAME, dsType(type), HEARTBEAT, Double.NaN, Double.NaN);
        for (ConsolFun cf : FUNCTIONS) {
            for (int[] a : ARCHIVES) {
                def.addArchive(cf, XFF, a[0], a[1]);
            }
        }
        return def;
    }

    /**
     * @param type a Kurado data-source type
     * @return the rrd4j type of the same name
     */
    public static DsType dsType(DataSourceType type) {
        switch (type) {
            case GAUGE:
                return DsType.GAUGE;
            case COUNTER:
                return DsType.COUNTER;
            case DERIVE:
                return DsType.DERIVE;
            case ABSOLUTE:
                return DsType.ABSOLUTE;
            default:
                throw new IllegalArgumentException("unknown data-source type " + type);
        }
    }
}

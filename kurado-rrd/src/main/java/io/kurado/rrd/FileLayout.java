package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.Locale;

/**
 * Where everything lies in an rrd4j file of one data source, read from its header and checked.
 *
 * <p>rrd4j lays a file out as its primitives are allocated, big-endian, strings as 20 UTF-16
 * characters padded with spaces:
 * <pre>
 *   0  signature "RRD4J, version 0.2"   40  step (long)   48  data sources (int)   52  archives (int)
 *  56  last update time (long)
 *  64  data source: name, type (strings), heartbeat (long), min, max, last value, accumulated value
 *      (doubles), unknown seconds (long)                                              = 128 bytes
 * 192  archive: function (string), xff (double), steps, rows (ints), then its state, 20 bytes:
 *      version 2: pointer (int), accumulated value (double), unknown steps (long)
 *      version 1: accumulated value, unknown steps, pointer
 *      then rows doubles; the next archive follows.
 * </pre>
 * The mutable part of each archive is the 20 bytes at {@link Arc#stateOffset()}; the header's
 * mutable part (last update time, data-source state) lies within the first {@link #HEAD_BYTES}
 * bytes, which also hold the first archive's state. Kurado's files have one data source named
 * {@code n} and the twelve archives of {@link RrdDefinitions}; any single-source rrd4j file with
 * archives of rrd4j's consolidation functions is read.
 */
final class FileLayout {
    static final ByteOrder ORDER = ByteOrder.BIG_ENDIAN;
    static final int STRING_CHARS = 20;
    static final int STRING_BYTES = 2 * STRING_CHARS;
    static final int OFF_STEP = 40;
    static final int OFF_DS_COUNT = 48;
    static final int OFF_ARC_COUNT = 52;
    static final int OFF_LAST_UPDATE = 56;
    static final int DS_OFFSET = 64;
    static final int OFF_DS_NAME = DS_OFFSET;
    static final int OFF_DS_TYPE = DS_OFFSET + 40;
    static final int OFF_HEARTBEAT = DS_OFFSET + 80;
    static final int OFF_MIN = DS_OFFSET + 88;
    static final int OFF_MAX = DS_OFFSET + 96;
    static final int OFF_LAST_VALUE = DS_OFFSET + 104;
    static final int OFF_ACCUM = DS_OFFSET + 112;
    static final int OFF_NAN_SECONDS = DS_OFFSET + 120;
    static final int ARCHIVES_OFFSET = DS_OFFSET + 128;
    /** Bytes of an archive before its state: function, xff, steps, rows. */
    static final int ARC_DEF_BYTES = STRING_BYTES + 16;
    static final int ARC_STATE_BYTES = 20;
    static final int ARC_HEADER_BYTES = ARC_DEF_BYTES + ARC_STATE_BYTES;
    /** The header, the data source and the first archive's definition and state. */
    static final int HEAD_BYTES = ARCHIVES_OFFSET + ARC_HEADER_BYTES;
    static final int MAX_ARCHIVES = 64;

    /** Data-source types, by their index here. */
    static final String[] DS_TYPES = {"GAUGE", "COUNTER", "DERIVE", "ABSOLUTE"};
    static final int GAUGE = 0;
    static final int COUNTER = 1;
    static final int DERIVE = 2;
    static final int ABSOLUTE = 3;
    /** Consolidation functions, by their index here. */
    static final String[] FUNCTIONS = {"AVERAGE", "MIN", "MAX", "LAST", "FIRST", "TOTAL"};
    static final int AVERAGE = 0;
    static final int MIN = 1;
    static final int MAX = 2;
    static final int LAST = 3;
    static final int FIRST = 4;
    static final int TOTAL = 5;

    final int version;
    final long step;
    final int dsType;
    final long heartbeat;
    final double minValue;
    final double maxValue;
    /** rrd4j's convention: a data source whose name ends in '!' stores zeros instead of unknowns. */
    final boolean zerosForUnknown;
    final Arc[] archives;
    final long size;

    /**
     * One archive.
     *
     * @param function the consolidation function's index in {@link #FUNCTIONS}
     * @param xff the fraction of unknown steps a row may be made of
     * @param steps primary steps per row
     * @param rows rows kept
     * @param offset where the archive starts
     * @param stateOffset where its 20 bytes of state start
     * @param valuesOffset where its rows start
     */
    record Arc(int function, double xff, int steps, int rows, long offset, long stateOffset, long valuesOffset) {
        long rowOffset(int row) {
            return valuesOffset + 8L * row;
        }
    }

    private FileLayout(int version, long step, int dsType, long heartbeat, double minValue, double maxValue,
            boolean zerosForUnknown, Arc[] archives, long size) {
        this.version = version;
        this.step = step;
        this.dsType = dsType;
        this.heartbeat = heartbeat;
        this.minValue = minValue;
        this.maxValue = maxValue;
        this.zerosForUnknown = zerosForUnknown;
        this.archives = archives;
        this.size = size;
    }

    /**
     * Reads and checks the layout of an open file, and its first {@link #HEAD_BYTES} bytes.
     *
     * @param ch the file
     * @param head receives the file's first {@link #HEAD_BYTES} bytes
     * @param archiveStates receives each archive's 20 bytes of state, {@link #ARC_STATE_BYTES} apart
     * @return the layout
     * @throws BrokenFileException when the file is not a sound rrd4j file of one data source
     * @throws IOException when it cannot be read
     */
    static FileLayout read(FileChannel ch, byte[] head, byte[][] archiveStates) throws IOException {
        return read(ch.size(), ch::read, head, archiveStates);
    }

    /** Reads bytes at a position, as {@link FileChannel#read(ByteBuffer, long)} does. */
    @FunctionalInterface
    interface Reader {
        int read(ByteBuffer into, long position) throws IOException;
    }

    /**
     * @param size the file's size
     * @param ch reads the file
     * @param head receives the file's first {@link #HEAD_BYTES} bytes
     * @param archiveStates receives each archive's 20 bytes of state
     * @return the layout
     */
    static FileLayout read(long size, Reader ch, byte[] head, byte[][] archiveStates) throws IOException {
        if (size < HEAD_BYTES) {
            throw new BrokenFileException(size == 0 ? "the file is empty"
                    : "the file is " + size + " bytes, shorter than an RRD header");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ORDER);
        readFully(ch, h, 0);
        int version = version(head);
        long step = h.getLong(OFF_STEP);
        int dsCount = h.getInt(OFF_DS_COUNT);
        int arcCount = h.getInt(OFF_ARC_COUNT);
        if (step <= 0 || step > 86_400 * 366L) {
            throw new BrokenFileException("its step is " + step + " seconds");
        }
        if (dsCount != 1) {
            throw new BrokenFileException("it has " + dsCount + " data sources; Kurado's files have one");
        }
        if (arcCount < 1 || arcCount > MAX_ARCHIVES) {
            throw new BrokenFileException("it says it has " + arcCount + " archives");
        }
        String dsName = string(head, OFF_DS_NAME);
        int dsType = indexOf(DS_TYPES, string(head, OFF_DS_TYPE));
        if (dsType < 0) {
            throw new BrokenFileException("its data source has the unknown type '" + printable(string(head, OFF_DS_TYPE)) + "'");
        }
        long heartbeat = h.getLong(OFF_HEARTBEAT);
        if (heartbeat <= 0) {
            throw new BrokenFileException("its heartbeat is " + heartbeat);
        }
        Arc[] arcs = new Arc[arcCount];
        ByteBuffer arcHead = ByteBuffer.allocate(ARC_HEADER_BYTES).order(ORDER);
        long offset = ARCHIVES_OFFSET;
        for (int i = 0; i < arcCount; i++) {
            if (offset + ARC_HEADER_BYTES > size) {
                throw new BrokenFileException("the file is " + size + " bytes and ends inside archive " + (i + 1)
                        + " of " + arcCount);
            }
            if (i == 0) {
                arcHead.clear().put(head, ARCHIVES_OFFSET, ARC_HEADER_BYTES).flip();
            } else {
                arcHead.clear();
                readFully(ch, arcHead, offset);
            }
            byte[] a = arcHead.array();
            int function = indexOf(FUNCTIONS, string(a, 0));
            if (function < 0) {
                throw new BrokenFileException("archive " + (i + 1) + " has the unknown function '"
                        + printable(string(a, 0)) + "'");
            }
            double xff = arcHead.getDouble(STRING_BYTES);
            int steps = arcHead.getInt(STRING_BYTES + 8);
            int rows = arcHead.getInt(STRING_BYTES + 12);
            if (steps < 1 || rows < 1 || !(xff >= 0 && xff < 1)) {
                throw new BrokenFileException("archive " + (i + 1) + " has steps " + steps + ", rows " + rows + ", xff " + xff);
            }
            long stateOffset = offset + ARC_DEF_BYTES;
            Arc arc = new Arc(function, xff, steps, rows, offset, stateOffset, stateOffset + ARC_STATE_BYTES);
            int pointer = arcHead.getInt(ARC_DEF_BYTES + pointerIn(version));
            if (pointer < 0 || pointer >= rows) {
                throw new BrokenFileException("archive " + (i + 1) + " points at row " + pointer + " of " + rows);
            }
            arcs[i] = arc;
            archiveStates[i] = java.util.Arrays.copyOfRange(a, ARC_DEF_BYTES, ARC_HEADER_BYTES);
            offset = arc.valuesOffset() + 8L * rows;
        }
        if (offset != size) {
            throw new BrokenFileException("the file is " + size + " bytes but its header describes " + offset);
        }
        return new FileLayout(version, step, dsType, heartbeat, h.getDouble(OFF_MIN), h.getDouble(OFF_MAX),
                dsName.endsWith("!"), arcs, size);
    }

    /**
     * Reads the time of a file's last update from its first bytes alone, after checking its
     * signature.
     *
     * @param size the file's size
     * @param ch reads the file
     * @return the epoch second of its last update
     * @throws BrokenFileException when the file is too short for a header or has no rrd4j signature
     */
    static long lastUpdate(long size, Reader ch) throws IOException {
        if (size < HEAD_BYTES) {
            throw new BrokenFileException(size == 0 ? "the file is empty"
                    : "the file is " + size + " bytes, shorter than an RRD header");
        }
        ByteBuffer h = ByteBuffer.allocate(OFF_LAST_UPDATE + 8).order(ORDER);
        readFully(ch, h, 0);
        version(h.array());
        return h.getLong(OFF_LAST_UPDATE);
    }

    /** @return the format version its signature names */
    private static int version(byte[] head) throws BrokenFileException {
        String signature = string(head, 0);
        if (signature.startsWith("RRD4J, version 0.2")) {
            return 2;
        } else if (signature.startsWith("RRD4J, version 0.1") || signature.startsWith("JR")) {
            return 1;
        } else if (allZero(head, 0, STRING_BYTES)) {
            throw new BrokenFileException("its header is zeros (no rrd4j signature)");
        }
        throw new BrokenFileException("it has no rrd4j signature (it begins '" + printable(signature) + "')");
    }

    /** @return where the pointer lies within an archive's 20 bytes of state */
    static int pointerIn(int version) {
        return version == 2 ? 0 : 16;
    }

    /** @return where the accumulated value lies within an archive's 20 bytes of state */
    static int accumIn(int version) {
        return version == 2 ? 4 : 0;
    }

    /** @return where the unknown steps lie within an archive's 20 bytes of state */
    static int nanStepsIn(int version) {
        return version == 2 ? 12 : 8;
    }

    /**
     * @param expected the layout a file should have
     * @return true when this file has the same definition (type aside, which the name fixes)
     */
    boolean sameShape(FileLayout expected) {
        if (step != expected.step || archives.length != expected.archives.length) {
            return false;
        }
        for (int i = 0; i < archives.length; i++) {
            Arc a = archives[i];
            Arc b = expected.archives[i];
            if (a.function() != b.function() || a.steps() != b.steps() || a.rows() != b.rows()) {
                return false;
            }
        }
        return true;
    }

    static void readFully(Reader ch, ByteBuffer b, long position) throws IOException {
        long p = position;
        while (b.hasRemaining()) {
            int n = ch.read(b, p);
            if (n < 0) {
                throw new BrokenFileException("the file ends at " + p + " bytes, inside its header");
            }
            p += n;
        }
    }

    /** Reads one of rrd4j's 20-character strings, without its padding. */
    static String string(byte[] b, int offset) {
        char[] c = new char[STRING_CHARS];
        for (int i = 0; i < STRING_CHARS; i++) {
            c[i] = (char) (((b[offset + 2 * i] & 0xff) << 8) | (b[offset + 2 * i + 1] & 0xff));
        }
        return new String(c).strip();
    }

    /** Writes one of rrd4j's 20-character strings, padded with spaces. */
    static void putString(ByteBuffer b, int offset, String s) {
        for (int i = 0; i < STRING_CHARS; i++) {
            b.putChar(offset + 2 * i, i < s.length() ? s.charAt(i) : ' ');
        }
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
            if (sb.length() >= STRING_CHARS) {
                break;
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "rrd4j v%d, step %d, %s, %d archives, %d bytes", version, step,
                DS_TYPES[dsType], archives.length, size);
    }
}

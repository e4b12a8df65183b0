package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The state of one RRD file held in memory, updated sample by sample exactly as rrd4j updates it,
 * with every byte it changes remembered until {@link #writeTo} puts them into the file.
 *
 * <p>The arithmetic is rrd4j's ({@code Datasource.process}, {@code Archive.archive}), operation for
 * operation, so the file ends byte for byte as rrd4j would have left it after the same samples.
 * One thing rrd4j keeps only in memory, the last rate of the current step that the MIN and MAX
 * archives consolidate, is kept here too while the state stays in memory, as it is for an rrd4j
 * file kept open; a state read from disk starts without it, as a file rrd4j opens does.
 *
 * <p>Changes are written rows first, then the archives' states, and last, in one write, the header
 * with the last update time: a file whose last update time has changed has every change of that
 * update. Not thread-safe; its owner serialises access.
 */
final class FileState {
    private static final double MAX_32_BIT = Math.pow(2, 32);
    private static final double MAX_64_BIT = Math.pow(2, 64);

    final FileLayout layout;
    /** The file's first {@link FileLayout#HEAD_BYTES} bytes, kept current. */
    private final byte[] head;
    private final ByteBuffer headBuf;
    private long lastUpdate;
    private double lastValue;
    private double accumValue;
    private long nanSeconds;
    private double accumLastValue = Double.NaN;
    private final double[] arcAccum;
    private final long[] arcNanSteps;
    private final int[] arcPointer;

    // Changes not yet written.
    private long writtenLastUpdate;
    private final boolean[] stateDirty;
    private final int[] dirtyStart;
    private final int[] dirtyLength;
    private final double[][] dirtyRows;
    private boolean headDirty;

    private FileState(FileLayout layout, byte[] head, byte[][] archiveStates) {
        this.layout = layout;
        this.head = head;
        this.headBuf = ByteBuffer.wrap(head).order(FileLayout.ORDER);
        int n = layout.archives.length;
        arcAccum = new double[n];
        arcNanSteps = new long[n];
        arcPointer = new int[n];
        stateDirty = new boolean[n];
        dirtyStart = new int[n];
        dirtyLength = new int[n];
        dirtyRows = new double[n][];
        lastUpdate = headBuf.getLong(FileLayout.OFF_LAST_UPDATE);
        writtenLastUpdate = lastUpdate;
        lastValue = headBuf.getDouble(FileLayout.OFF_LAST_VALUE);
        accumValue = headBuf.getDouble(FileLayout.OFF_ACCUM);
        nanSeconds = headBuf.getLong(FileLayout.OFF_NAN_SECONDS);
        for (int i = 0; i < n; i++) {
            ByteBuffer s = ByteBuffer.wrap(archiveStates[i]).order(FileLayout.ORDER);
            arcPointer[i] = s.getInt(FileLayout.pointerIn(layout.version));
            arcAccum[i] = s.getDouble(FileLayout.accumIn(layout.version));
            arcNanSteps[i] = s.getLong(FileLayout.nanStepsIn(layout.version));
        }
    }

    /** A copy of another state, to be updated apart from it. */
    private FileState(FileState o) {
        this.layout = o.layout;
        this.head = o.head.clone();
        this.headBuf = ByteBuffer.wrap(head).order(FileLayout.ORDER);
        this.lastUpdate = o.lastUpdate;
        this.lastValue = o.lastValue;
        this.accumValue = o.accumValue;
        this.nanSeconds = o.nanSeconds;
        this.accumLastValue = o.accumLastValue;
        this.arcAccum = o.arcAccum.clone();
        this.arcNanSteps = o.arcNanSteps.clone();
        this.arcPointer = o.arcPointer.clone();
        this.writtenLastUpdate = o.writtenLastUpdate;
        this.stateDirty = o.stateDirty.clone();
        this.dirtyStart = o.dirtyStart.clone();
        this.dirtyLength = o.dirtyLength.clone();
        this.dirtyRows = new double[o.dirtyRows.length][];
        for (int i = 0; i < dirtyRows.length; i++) {
            dirtyRows[i] = o.dirtyRows[i] == null ? null : o.dirtyRows[i].clone();
        }
        this.headDirty = o.headDirty;
    }

    /**
     * @return a copy that can be updated, and its changes taken, without touching this state: what
     *     the file will hold once more samples are written, for reading it before they are
     */
    FileState copy() {
        return new FileState(this);
    }

    /**
     * Reads a file's layout and state.
     *
     * @param ch the open file
     * @return its state
     * @throws BrokenFileException when the file is not sound
     * @throws IOException when it cannot be read
     */
    static FileState read(FileChannel ch) throws IOException {
        return read(ch.size(), ch::read);
    }

    /**
     * @param size the file's size
     * @param in reads the file at a position
     * @return its state
     */
    static FileState read(long size, FileLayout.Reader in) throws IOException {
        byte[] head = new byte[FileLayout.HEAD_BYTES];
        byte[][] states = new byte[FileLayout.MAX_ARCHIVES][];
        FileLayout layout = FileLayout.read(size, in, head, states);
        return new FileState(layout, head, states);
    }

    /**
     * The state of a new file, as its image describes it.
     *
     * @param type the file's data-source type
     * @param image a complete new file (see {@link NewFiles})
     * @return its state
     */
    static FileState ofNewFile(io.kurado.api.DataSourceType type, ByteBuffer image) {
        FileLayout layout = NewFiles.layout(type);
        byte[] head = new byte[FileLayout.HEAD_BYTES];
        image.get(0, head);
        byte[][] states = new byte[layout.archives.length][FileLayout.ARC_STATE_BYTES];
        for (int i = 0; i < states.length; i++) {
            image.get((int) layout.archives[i].stateOffset(), states[i]);
        }
        return new FileState(layout, head, states);
    }

    /**
     * @param archive an archive's index
     * @return the row its next value goes into (its oldest row), including updates not yet written
     */
    int pointer(int archive) {
        return arcPointer[archive];
    }

    /** @return the time of the last update, including updates not yet written */
    long lastUpdate() {
        return lastUpdate;
    }

    /** @return the last update time the file itself holds (before unwritten changes) */
    long writtenLastUpdate() {
        return writtenLastUpdate;
    }

    /** @return true when there are changes not yet written */
    boolean dirty() {
        return lastUpdate != writtenLastUpdate || headDirty;
    }

    /**
     * Updates the state with one sample, as {@code RrdDb.store} does.
     *
     * @param newTime the sample's time, after {@link #lastUpdate()}
     * @param newValue its value
     */
    void update(long newTime, double newValue) {
        if (newTime <= lastUpdate) {
            throw new IllegalArgumentException("sample at " + newTime + " is not after the last update " + lastUpdate);
        }
        long step = layout.step;
        long oldTime = lastUpdate;
        long startTime = oldTime - oldTime % step;
        long endTime = startTime + step;
        double updateValue = updateValue(oldTime, lastValue, newTime, newValue);
        lastValue = newValue;
        if (newTime < endTime) {
            accumulate(oldTime, newTime, updateValue);
        } else {
            long boundaryTime = newTime - newTime % step;
            accumulate(oldTime, boundaryTime, updateValue);
            double value = total(startTime, boundaryTime, accumValue / (boundaryTime - startTime - nanSeconds));
            double lastCalculated = total(startTime, boundaryTime, accumLastValue);
            long numSteps = (boundaryTime - endTime) / step + 1L;
            for (int i = 0; i < layout.archives.length; i++) {
                archive(i, layout.archives[i].function() == FileLayout.AVERAGE ? value : lastCalculated, numSteps, oldTime);
            }
            nanSeconds = 0;
            accumValue = 0.0;
            accumLastValue = Double.NaN;
            accumulate(boundaryTime, newTime, updateValue);
        }
        lastUpdate = newTime;
        headDirty = true;
    }

    /**
     * Updates the state with the samples after its last update, in order; older ones are dropped.
     *
     * @param times the samples' times, ascending
     * @param values their values
     * @param n how many samples the arrays hold
     * @return how many were newer and taken
     */
    int updateNewer(long[] times, double[] values, int n) {
        int taken = 0;
        for (int i = 0; i < n; i++) {
            if (times[i] > lastUpdate) {
                update(times[i], values[i]);
                taken++;
            }
        }
        return taken;
    }

    private double updateValue(long oldTime, double oldValue, long newTime, double newValue) {
        double updateValue = Double.NaN;
        if (newTime - oldTime <= layout.heartbeat) {
            switch (layout.dsType) {
                case FileLayout.GAUGE:
                    updateValue = newValue;
                    break;
                case FileLayout.COUNTER:
                    if (!Double.isNaN(newValue) && !Double.isNaN(oldValue)) {
                        double diff = newValue - oldValue;
                        if (diff < 0) {
                            diff += MAX_32_BIT;
                        }
                        if (diff < 0) {
                            diff += MAX_64_BIT - MAX_32_BIT;
                        }
                        if (diff >= 0) {
                            updateValue = diff / (newTime - oldTime);
                        }
                    }
                    break;
                case FileLayout.ABSOLUTE:
                    if (!Double.isNaN(newValue)) {
                        updateValue = newValue / (newTime - oldTime);
                    }
                    break;
                case FileLayout.DERIVE:
                    if (!Double.isNaN(newValue) && !Double.isNaN(oldValue)) {
                        updateValue = (newValue - oldValue) / (newTime - oldTime);
                    }
                    break;
                default:
                    throw new IllegalStateException("data-source type " + layout.dsType);
            }
            if (!Double.isNaN(updateValue)) {
                if (!Double.isNaN(layout.minValue) && updateValue < layout.minValue) {
                    updateValue = Double.NaN;
                }
                if (!Double.isNaN(layout.maxValue) && updateValue > layout.maxValue) {
                    updateValue = Double.NaN;
                }
            }
        }
        return updateValue;
    }

    private void accumulate(long oldTime, long newTime, double updateValue) {
        if (Double.isNaN(updateValue)) {
            nanSeconds = nanSeconds + (newTime - oldTime);
        } else {
            accumValue = accumValue + updateValue * (newTime - oldTime);
            accumLastValue = updateValue;
        }
    }

    /** rrd4j's calculateTotal and calculateLastTotal: the candidate counts when enough of the step was known. */
    private double total(long startTime, long boundaryTime, double candidate) {
        double totalValue = Double.NaN;
        long validSeconds = boundaryTime - startTime - nanSeconds;
        if (nanSeconds <= layout.heartbeat && validSeconds > 0) {
            totalValue = candidate;
        }
        if (Double.isNaN(totalValue) && layout.zerosForUnknown) {
            totalValue = 0D;
        }
        return totalValue;
    }

    private void archive(int i, double value, long numUpdates, long lastUpdateTime) {
        FileLayout.Arc arc = layout.archives[i];
        long step = layout.step;
        long updateTime = lastUpdateTime - lastUpdateTime % step + step;
        long arcStep = step * arc.steps();
        stateDirty[i] = true;
        while (numUpdates > 0) {
            accumulate(i, arc, value);
            numUpdates--;
            if (updateTime % arcStep == 0) {
                finalizeStep(i, arc);
                break;
            } else {
                updateTime += step;
            }
        }
        int bulkUpdateCount = (int) Math.min(numUpdates / arc.steps(), arc.rows());
        bulkStore(i, arc, value, bulkUpdateCount);
        long remainingUpdates = numUpdates % arc.steps();
        for (long k = 0; k < remainingUpdates; k++) {
            accumulate(i, arc, value);
        }
    }

    private void accumulate(int i, FileLayout.Arc arc, double value) {
        if (Double.isNaN(value)) {
            arcNanSteps[i] = arcNanSteps[i] + 1;
            return;
        }
        double accum = arcAccum[i];
        switch (arc.function()) {
            case FileLayout.MIN:
                arcAccum[i] = Double.isNaN(accum) ? value : Double.isNaN(value) ? accum : Math.min(accum, value);
                break;
            case FileLayout.MAX:
                arcAccum[i] = Double.isNaN(accum) ? value : Double.isNaN(value) ? accum : Math.max(accum, value);
                break;
            case FileLayout.FIRST:
                if (Double.isNaN(accum)) {
                    arcAccum[i] = value;
                }
                break;
            case FileLayout.LAST:
                arcAccum[i] = value;
                break;
            default: // AVERAGE, TOTAL
                arcAccum[i] = Double.isNaN(accum) ? value : Double.isNaN(value) ? accum : accum + value;
                break;
        }
    }

    private void finalizeStep(int i, FileLayout.Arc arc) {
        long arcSteps = arc.steps();
        double arcXff = arc.xff();
        long nanSteps = arcNanSteps[i];
        double accum = arcAccum[i];
        if (nanSteps <= arcXff * arcSteps && !Double.isNaN(accum)) {
            if (arc.function() == FileLayout.AVERAGE) {
                accum /= (arcSteps - nanSteps);
            }
            store(i, arc, accum);
        } else {
            store(i, arc, Double.NaN);
        }
        arcAccum[i] = Double.NaN;
        arcNanSteps[i] = 0;
    }

    private void store(int i, FileLayout.Arc arc, double value) {
        int position = arcPointer[i];
        setRow(i, arc, position, value);
        arcPointer[i] = (position + 1) % arc.rows();
    }

    private void bulkStore(int i, FileLayout.Arc arc, double value, int bulkCount) {
        int rows = arc.rows();
        int position = arcPointer[i];
        int tail = Math.min(rows - position, bulkCount);
        for (int k = 0; k < tail; k++) {
            setRow(i, arc, position + k, value);
        }
        arcPointer[i] = (position + tail) % rows;
        int headCount = bulkCount - tail;
        for (int k = 0; k < headCount; k++) {
            setRow(i, arc, k, value);
        }
        if (headCount > 0) {
            arcPointer[i] = headCount;
        }
    }

    /** Remembers a row write. Rows are always written in ring order from the pointer. */
    private void setRow(int i, FileLayout.Arc arc, int row, double value) {
        int rows = arc.rows();
        double[] buf = dirtyRows[i];
        if (dirtyLength[i] == 0) {
            dirtyStart[i] = row;
        }
        int offset = Math.floorMod(row - dirtyStart[i], rows);
        if (buf == null || offset >= buf.length) {
            buf = Arrays.copyOf(buf == null ? new double[0] : buf, Math.min(rows, Math.max(8, Math.max(offset + 1, 2 * (buf == null ? 0 : buf.length)))));
            dirtyRows[i] = buf;
        }
        buf[offset] = value;
        if (offset >= dirtyLength[i]) {
            dirtyLength[i] = offset + 1;
        }
    }

    /**
     * The changes not yet written, as regions of the file, in the order they must be written:
     * rows, archive states, then the header region that holds the last update time.
     *
     * @param out receives the regions
     */
    void changes(Regions out) {
        FileLayout.Arc[] arcs = layout.archives;
        for (int i = 0; i < arcs.length; i++) {
            FileLayout.Arc arc = arcs[i];
            int length = dirtyLength[i];
            if (length > 0) {
                int start = dirtyStart[i];
                int first = Math.min(length, arc.rows() - start);
                out.doubles(arc.rowOffset(start), dirtyRows[i], 0, first);
                if (first < length) {
                    out.doubles(arc.rowOffset(0), dirtyRows[i], first, length - first);
                }
            }
        }
        int v = layout.version;
        for (int i = 1; i < arcs.length; i++) {
            if (stateDirty[i]) {
                ByteBuffer b = out.region(arcs[i].stateOffset(), FileLayout.ARC_STATE_BYTES);
                int p = b.position();
                b.putInt(p + FileLayout.pointerIn(v), arcPointer[i]);
                b.putDouble(p + FileLayout.accumIn(v), arcAccum[i]);
                b.putLong(p + FileLayout.nanStepsIn(v), arcNanSteps[i]);
                b.position(p + FileLayout.ARC_STATE_BYTES);
            }
        }
        if (dirty()) {
            patchHead();
            ByteBuffer b = out.region(FileLayout.OFF_LAST_UPDATE, FileLayout.HEAD_BYTES - FileLayout.OFF_LAST_UPDATE);
            b.put(head, FileLayout.OFF_LAST_UPDATE, FileLayout.HEAD_BYTES - FileLayout.OFF_LAST_UPDATE);
        }
    }

    private void patchHead() {
        headBuf.putLong(FileLayout.OFF_LAST_UPDATE, lastUpdate);
        headBuf.putDouble(FileLayout.OFF_LAST_VALUE, lastValue);
        headBuf.putDouble(FileLayout.OFF_ACCUM, accumValue);
        headBuf.putLong(FileLayout.OFF_NAN_SECONDS, nanSeconds);
        int s = FileLayout.ARCHIVES_OFFSET + FileLayout.ARC_DEF_BYTES;
        int v = layout.version;
        headBuf.putInt(s + FileLayout.pointerIn(v), arcPointer[0]);
        headBuf.putDouble(s + FileLayout.accumIn(v), arcAccum[0]);
        headBuf.putLong(s + FileLayout.nanStepsIn(v), arcNanSteps[0]);
    }

    /** Forgets the changes: they are in the file now. */
    void written() {
        Arrays.fill(stateDirty, false);
        Arrays.fill(dirtyLength, 0);
        Arrays.fill(dirtyRows, null); // kept only while changes wait: most states wait with none
        headDirty = false;
        writtenLastUpdate = lastUpdate;
    }

    /**
     * Writes the changes into the file, in order (see {@link #changes}).
     *
     * @param ch the file, open for writing
     * @param regions a scratch buffer
     * @throws IOException when a write fails; the state then still holds the changes
     */
    void writeTo(FileChannel ch, Regions regions) throws IOException {
        regions.clear();
        changes(regions);
        regions.writeTo(ch);
        written();
    }

    /** @return the file's first bytes as last read or written (the constant part is what counts) */
    byte[] headBytes() {
        return head;
    }

    /** The bytes at the start of the file, current (for tests and for checking the file). */
    byte[] head() {
        patchHead();
        return head.clone();
    }
}

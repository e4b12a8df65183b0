package io.kurado.rrd;

import io.kurado.api.DataSourceType;
import java.nio.ByteBuffer;

/**
 * Images of new Kurado RRD files: the bytes rrd4j writes when it creates a file of the original's
 * definition ({@link RrdDefinitions}), built once and patched for each file's type and start.
 */
final class NewFiles {
    private static final ByteBuffer TEMPLATE;
    /** The layout of new files, by data-source type. */
    private static final FileLayout[] LAYOUTS = new FileLayout[DataSourceType.values().length];

    static {
        TEMPLATE = build().asReadOnlyBuffer();
        for (DataSourceType type : DataSourceType.values()) {
            ByteBuffer t = ByteBuffer.allocate(TEMPLATE.capacity()).order(FileLayout.ORDER);
            image(t, type, RrdDefinitions.STEP);
            try {
                LAYOUTS[type.ordinal()] = FileLayout.read(t.capacity(), (into, position) -> {
                    int n = Math.min(into.remaining(), t.capacity() - (int) position);
                    into.put(t.slice((int) position, n));
                    return n;
                }, new byte[FileLayout.HEAD_BYTES], new byte[FileLayout.MAX_ARCHIVES][]);
            } catch (java.io.IOException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    /**
     * @param type a data-source type
     * @return the layout of a new file of that type
     */
    static FileLayout layout(DataSourceType type) {
        return LAYOUTS[type.ordinal()];
    }

    private NewFiles() {}

    /** @return the size of a new file in bytes */
    static int size() {
        return TEMPLATE.capacity();
    }

    /**
     * Writes the image of a new file into a buffer.
     *
     * @param into a buffer of at least {@link #size()} bytes; filled from 0 to the size and flipped
     * @param type the data source's type
     * @param start the file's start, its first last-update time
     */
    static void image(ByteBuffer into, DataSourceType type, long start) {
        into.clear();
        into.put(TEMPLATE.duplicate().clear());
        into.flip();
        patch(into, type, start);
    }

    private static ByteBuffer build() {
        int[][] arcs = RrdDefinitions.archives();
        int size = FileLayout.ARCHIVES_OFFSET;
        for (int[] a : arcs) {
            size += FileLayout.ARC_HEADER_BYTES + 8 * a[2];
        }
        ByteBuffer b = ByteBuffer.allocate(size).order(FileLayout.ORDER);
        FileLayout.putString(b, 0, "RRD4J, version 0.2");
        b.putLong(FileLayout.OFF_STEP, RrdDefinitions.STEP);
        b.putInt(FileLayout.OFF_DS_COUNT, 1);
        b.putInt(FileLayout.OFF_ARC_COUNT, arcs.length);
        FileLayout.putString(b, FileLayout.OFF_DS_NAME, RrdDefinitions.DS_NAME);
        b.putLong(FileLayout.OFF_HEARTBEAT, RrdDefinitions.HEARTBEAT);
        b.putDouble(FileLayout.OFF_MIN, Double.NaN);
        b.putDouble(FileLayout.OFF_MAX, Double.NaN);
        b.putDouble(FileLayout.OFF_LAST_VALUE, Double.NaN);
        b.putDouble(FileLayout.OFF_ACCUM, 0.0);
        int offset = FileLayout.ARCHIVES_OFFSET;
        for (int[] a : arcs) {
            FileLayout.putString(b, offset, FileLayout.FUNCTIONS[a[0]]);
            b.putDouble(offset + FileLayout.STRING_BYTES, RrdDefinitions.XFF);
            b.putInt(offset + FileLayout.STRING_BYTES + 8, a[1]);
            b.putInt(offset + FileLayout.STRING_BYTES + 12, a[2]);
            int state = offset + FileLayout.ARC_DEF_BYTES;
            b.putInt(state + FileLayout.pointerIn(2), 0);
            b.putDouble(state + FileLayout.accumIn(2), Double.NaN);
            int values = state + FileLayout.ARC_STATE_BYTES;
            for (int r = 0; r < a[2]; r++) {
                b.putDouble(values + 8 * r, Double.NaN);
            }
            offset = values + 8 * a[2];
        }
        patch(b, DataSourceType.GAUGE, RrdDefinitions.STEP);
        return b;
    }

    /** Sets what depends on the type and the start, as rrd4j sets it on creation. */
    /**
     * Makes an image of a new file from one that was a new file's image before, changed only in
     * {@code changed} since: those ranges are put back as the template has them, and what depends on
     * the type and the start is set. Cheaper than {@link #image}, which copies the whole template.
     *
     * @param image a buffer that {@link #image} filled once
     * @param changed the ranges changed since (the regions applied to the previous file)
     */
    static void reuse(ByteBuffer image, Regions changed, DataSourceType type, long start) {
        for (int i = 0; i < changed.count(); i++) {
            int offset = (int) changed.offset(i);
            image.put(offset, TEMPLATE, offset, changed.length(i));
        }
        patch(image, type, start);
    }

    private static void patch(ByteBuffer b, DataSourceType type, long start) {
        long step = RrdDefinitions.STEP;
        b.putLong(FileLayout.OFF_LAST_UPDATE, start);
        FileLayout.putString(b, FileLayout.OFF_DS_TYPE, RrdDefinitions.dsType(type).name());
        b.putLong(FileLayout.OFF_NAN_SECONDS, start % step);
        int offset = FileLayout.ARCHIVES_OFFSET;
        for (int[] a : RrdDefinitions.archives()) {
            long arcStep = step * a[1];
            long nanSteps = ((start - start % step) - (start - start % arcStep)) / step;
            b.putLong(offset + FileLayout.ARC_DEF_BYTES + FileLayout.nanStepsIn(2), nanSteps);
            offset += FileLayout.ARC_HEADER_BYTES + 8 * a[2];
        }
    }
}

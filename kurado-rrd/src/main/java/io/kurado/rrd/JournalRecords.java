package io.kurado.rrd;

import io.kurado.api.DataSourceType;
import io.kurado.api.MetricKey;
import io.kurado.api.storage.SeriesRef;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The two kinds of journal record. SAMPLES: samples accepted, by series. WRITE: the bytes a file
 * is about to receive, with its last update time before and after, so that a write the process
 * did not finish can be finished on the next start.
 */
final class JournalRecords {
    static final byte SAMPLES = 1;
    static final byte WRITE = 2;

    private ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    private int groups;
    private int groupCountAt = -1;
    private int samples;

    JournalRecords() {
        clear();
    }

    /** Starts afresh. */
    void clear() {
        buf.clear();
        groups = 0;
        groupCountAt = -1;
        samples = 0;
    }

    /** @return the samples added since {@link #clear()} */
    int samples() {
        return samples;
    }

    /** @return true when nothing was added since {@link #clear()} */
    boolean isEmpty() {
        return buf.position() == 0;
    }

    /** @return how a SAMPLES record names a series: address, plugin, key name and type */
    static byte[] seriesKey(SeriesRef ref) {
        String name = ref.key().name();
        ByteBuffer b = ByteBuffer.allocate(7 + 3 * (ref.address().length() + ref.escapedPlugin().length() + name.length()));
        Journal.putString(b, ref.address());
        Journal.putString(b, ref.escapedPlugin());
        Journal.putString(b, name);
        b.put((byte) ref.key().type().ordinal());
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** Adds the samples of one series to a SAMPLES record. */
    void samples(SeriesRef ref, long[] times, double[] values, int from, int count) {
        samples(seriesKey(ref), times, values, from, count);
    }

    /** Adds the samples of one series, named by its {@link #seriesKey}, to a SAMPLES record. */
    void samples(byte[] seriesKey, long[] times, double[] values, int from, int count) {
        if (groupCountAt < 0) {
            ensure(5);
            buf.put(SAMPLES);
            groupCountAt = buf.position();
            buf.putInt(0);
        }
        ensure(seriesKey.length + 4 + 16 * count);
        buf.put(seriesKey);
        buf.putInt(count);
        for (int i = 0; i < count; i++) {
            buf.putLong(times[from + i]);
            buf.putDouble(values[from + i]);
        }
        groups++;
        samples += count;
        buf.putInt(groupCountAt, groups);
    }

    /** Adds a WRITE record: the file, its last update before and after, and the regions. */
    void write(String relativeFile, long before, long after, Regions regions) {
        if (groupCountAt >= 0) {
            throw new IllegalStateException("a WRITE record follows a SAMPLES record in one append");
        }
        ensure(1 + 2 + 3 * relativeFile.length() + 20 + regions.count() * 12 + regions.bytes());
        buf.put(WRITE);
        Journal.putString(buf, relativeFile);
        buf.putLong(before).putLong(after).putInt(regions.count());
        for (int i = 0; i < regions.count(); i++) {
            buf.putLong(regions.offset(i)).putInt(regions.length(i));
            buf.put(regions.bytes(i));
        }
    }

    /** @return the record(s) added, to append as one journal record */
    ByteBuffer payload() {
        return buf.duplicate().flip();
    }

    private void ensure(int more) {
        if (buf.remaining() < more) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more));
            buf.flip();
            bigger.put(buf);
            buf = bigger;
        }
    }

    /** Receives what a record holds. */
    interface Visitor {
        void samples(SeriesRef ref, long[] times, double[] values, int count);

        void write(String relativeFile, long before, long after, long[] offsets, byte[][] bytes);
    }

    /**
     * Reads one appended payload: a SAMPLES record, or one or more WRITE records.
     *
     * @throws RuntimeException when the payload is not well formed
     */
    static void read(ByteBuffer b, Visitor v) {
        read(b, v, true, true);
    }

    /**
     * Reads one appended payload, giving the visitor only what it asks for.
     *
     * @param samples false to skip SAMPLES records
     * @param writeBytes false to give WRITE records without their regions (null offsets and bytes)
     * @throws RuntimeException when the payload is not well formed
     */
    static void read(ByteBuffer b, Visitor v, boolean samples, boolean writeBytes) {
        while (b.hasRemaining()) {
            byte kind = b.get();
            if (kind == SAMPLES && !samples) {
                int groups = b.getInt();
                for (int g = 0; g < groups; g++) {
                    for (int k = 0; k < 3; k++) {
                        int length = Short.toUnsignedInt(b.getShort());
                        b.position(b.position() + length);
                    }
                    b.get();
                    int n = b.getInt();
                    b.position(b.position() + 16 * n);
                }
            } else if (kind == WRITE && !writeBytes) {
                String file = Journal.getString(b);
                long before = b.getLong();
                long after = b.getLong();
                int n = b.getInt();
                for (int i = 0; i < n; i++) {
                    b.getLong();
                    int length = b.getInt();
                    b.position(b.position() + length);
                }
                v.write(file, before, after, null, null);
            } else if (kind == SAMPLES) {
                int groups = b.getInt();
                for (int g = 0; g < groups; g++) {
                    String address = Journal.getString(b);
                    String plugin = Journal.getString(b);
                    String name = Journal.getString(b);
                    DataSourceType type = DataSourceType.values()[b.get()];
                    int n = b.getInt();
                    long[] times = new long[n];
                    double[] values = new double[n];
                    for (int i = 0; i < n; i++) {
                        times[i] = b.getLong();
                        values[i] = b.getDouble();
                    }
                    v.samples(new SeriesRef(address, plugin, MetricKey.of(name, type)), times, values, n);
                }
            } else if (kind == WRITE) {
                String file = Journal.getString(b);
                long before = b.getLong();
                long after = b.getLong();
                int n = b.getInt();
                long[] offsets = new long[n];
                byte[][] bytes = new byte[n][];
                for (int i = 0; i < n; i++) {
                    offsets[i] = b.getLong();
                    bytes[i] = new byte[b.getInt()];
                    b.get(bytes[i]);
                }
                v.write(file, before, after, offsets, bytes);
            } else {
                throw new IllegalStateException("unknown journal record kind " + kind + " at " + (b.position() - 1)
                        + "; after it: " + Arrays.toString(new int[] {b.remaining()}));
            }
        }
    }
}

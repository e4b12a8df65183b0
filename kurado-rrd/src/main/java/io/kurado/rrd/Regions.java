package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Byte ranges to write into one file, each with its offset, gathered in one buffer and written in
 * the order they were added. A scratch object: cleared and reused by one thread.
 */
final class Regions {
    private ByteBuffer data = ByteBuffer.allocateDirect(16 * 1024).order(FileLayout.ORDER);
    private long[] offsets = new long[32];
    private int[] starts = new int[32];
    private int[] lengths = new int[32];
    private int count;

    void clear() {
        data.clear();
        count = 0;
    }

    /** @return the number of regions */
    int count() {
        return count;
    }

    long offset(int i) {
        return offsets[i];
    }

    int length(int i) {
        return lengths[i];
    }

    /** @return the total number of bytes */
    int bytes() {
        return data.position();
    }

    /**
     * Adds a region; the caller puts exactly {@code length} bytes into the returned buffer at its
     * position.
     */
    ByteBuffer region(long fileOffset, int length) {
        if (data.remaining() < length) {
            int capacity = data.capacity();
            while (capacity - data.position() < length) {
                capacity *= 2;
            }
            ByteBuffer bigger = ByteBuffer.allocateDirect(capacity).order(FileLayout.ORDER);
            data.flip();
            bigger.put(data);
            data = bigger;
        }
        if (count == offsets.length) {
            offsets = Arrays.copyOf(offsets, count * 2);
            starts = Arrays.copyOf(starts, count * 2);
            lengths = Arrays.copyOf(lengths, count * 2);
        }
        offsets[count] = fileOffset;
        starts[count] = data.position();
        lengths[count] = length;
        count++;
        return data;
    }

    /** Adds a region of doubles. */
    void doubles(long fileOffset, double[] values, int from, int n) {
        ByteBuffer b = region(fileOffset, 8 * n);
        for (int k = 0; k < n; k++) {
            b.putDouble(values[from + k]);
        }
    }

    /** @return region {@code i}'s bytes, as a read-only view */
    ByteBuffer bytes(int i) {
        return data.asReadOnlyBuffer().limit(starts[i] + lengths[i]).position(starts[i]);
    }

    /** Writes every region at its offset, in order. */
    void writeTo(FileChannel ch) throws IOException {
        ByteBuffer view = data.duplicate();
        for (int i = 0; i < count; i++) {
            view.limit(starts[i] + lengths[i]).position(starts[i]);
            long position = offsets[i];
            while (view.hasRemaining()) {
                position += ch.write(view, position);
            }
        }
    }

    /** Puts every region into an image of the whole file. */
    void applyTo(ByteBuffer image) {
        for (int i = 0; i < count; i++) {
            image.put((int) offsets[i], data, starts[i], lengths[i]);
        }
    }
}

package io.kurado.rrd;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import org.rrd4j.core.ByteBufferBackend;

/**
 * An RRD file mapped into memory whose file descriptor is closed right after mapping, so that an
 * open file holds one kernel mapping and no descriptor. Nothing is forced to disk on update or on
 * close; the kernel writes dirty pages back as it does for any shared mapping.
 */
final class MappedRrdBackend extends ByteBufferBackend {
    private static final Object UNSAFE;
    private static final Method INVOKE_CLEANER;

    static {
        Object unsafe = null;
        Method invokeCleaner = null;
        try {
            Class<?> c = Class.forName("sun.misc.Unsafe");
            Field f = c.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            unsafe = f.get(null);
            invokeCleaner = c.getMethod("invokeCleaner", ByteBuffer.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Without an explicit unmap the mapping is released when the buffer is collected.
        }
        UNSAFE = unsafe;
        INVOKE_CLEANER = invokeCleaner;
    }

    private final boolean readOnly;
    private MappedByteBuffer buffer;
    private long length;

    MappedRrdBackend(String path, boolean readOnly) throws IOException {
        super(path);
        this.readOnly = readOnly;
        try (RandomAccessFile raf = new RandomAccessFile(path, readOnly ? "r" : "rw")) {
            map(raf);
        }
    }

    private void map(RandomAccessFile raf) throws IOException {
        length = raf.length();
        if (length > Integer.MAX_VALUE) {
            throw new IOException(getPath() + " is too large to map (" + length + " bytes)");
        }
        if (length > 0) {
            buffer = raf.getChannel().map(readOnly ? FileChannel.MapMode.READ_ONLY : FileChannel.MapMode.READ_WRITE,
                    0, length);
            setByteBuffer(buffer);
        }
    }

    @Override
    protected synchronized void setLength(long newLength) throws IOException {
        if (readOnly) {
            throw new IOException(getPath() + " is open read-only");
        }
        unmap();
        try (RandomAccessFile raf = new RandomAccessFile(getPath(), "rw")) {
            raf.setLength(newLength);
            map(raf);
        }
    }

    @Override
    public synchronized long getLength() {
        return length;
    }

    @Override
    protected synchronized void close() throws IOException {
        super.close();
        unmap();
    }

    private void unmap() {
        MappedByteBuffer b = buffer;
        buffer = null;
        if (b != null && UNSAFE != null) {
            try {
                INVOKE_CLEANER.invoke(UNSAFE, b);
            } catch (ReflectiveOperationException e) {
                // Released when the buffer is collected.
            }
        }
    }
}

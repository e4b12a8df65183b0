package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.rrd4j.core.ByteBufferBackend;
import org.rrd4j.core.RrdBackend;
import org.rrd4j.core.RrdBackendAnnotation;
import org.rrd4j.core.RrdFileBackendFactory;

/**
 * Lets rrd4j read a copy of an RRD file held in memory: the storage reads the whole file in one
 * call and rrd4j parses and fetches from the copy, read-only. No descriptor or mapping outlives
 * the read, and a file cut short on disk meanwhile cannot fault the reader.
 */
@RrdBackendAnnotation(name = "KURADO_SNAPSHOT", scheme = "file", shouldValidateHeader = true)
final class SnapshotBackendFactory extends RrdFileBackendFactory {
    private final byte[] bytes;

    /** @param bytes the whole file */
    SnapshotBackendFactory(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The copy exists whatever the path says: a test may name no file on disk. */
    @Override
    protected boolean exists(String path) {
        return true;
    }

    @Override
    protected RrdBackend open(String path, boolean readOnly) throws IOException {
        if (!readOnly) {
            throw new IOException(path + ": a snapshot is read-only");
        }
        return new Snapshot(path, bytes);
    }

    /** A read-only backend over the copy. */
    private static final class Snapshot extends ByteBufferBackend {
        private final long length;

        Snapshot(String path, byte[] bytes) {
            super(path);
            this.length = bytes.length;
            setByteBuffer(ByteBuffer.wrap(bytes).asReadOnlyBuffer());
        }

        @Override
        protected void setLength(long length) throws IOException {
            throw new IOException(getPath() + ": a snapshot is read-only");
        }

        @Override
        public long getLength() {
            return length;
        }
    }
}

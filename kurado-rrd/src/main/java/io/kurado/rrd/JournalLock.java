package io.kurado.rrd;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The lock that makes one process the writer of a data directory: {@code .journal/lock}, held while it writes. */
final class JournalLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private JournalLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param journalDir the journal's directory
     * @param dataDir the data directory, for the message
     * @return the lock, held
     * @throws KuradoException when another process holds it
     * @throws IOException when the lock file cannot be made
     */
    static JournalLock take(Path journalDir, Path dataDir) throws IOException {
        Path file = journalDir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            ch.close();
            throw new KuradoException("another process writes into the data directory " + dataDir + " (it holds "
                    + file + "); a data directory has one writer");
        }
        return new JournalLock(ch, l);
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}

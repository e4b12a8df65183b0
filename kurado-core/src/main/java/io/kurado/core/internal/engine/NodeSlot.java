package io.kurado.core.internal.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A number that tells apart the processes of one machine that share a node name and hold no data
 * directory (a fetch-only server): the lowest free of {@code <dir>/<name>.<n>.lock}, held while the
 * process runs. A restarted process finds its number free again, and takes back what its
 * consumers held; two at once get two numbers.
 */
public final class NodeSlot implements AutoCloseable {
    /** More processes of one name on one machine than this share the last number. */
    static final int MAX = 64;

    private final int number;
    private final Optional<FileChannel> channel;
    private final Optional<FileLock> lock;

    private NodeSlot(int number, Optional<FileChannel> channel, Optional<FileLock> lock) {
        this.number = number;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * @param dir where the lock files go (the machine's temporary directory)
     * @param name the node name
     * @return the lowest number free, held; 1 (not held) when no lock file can be made
     */
    public static NodeSlot take(Path dir, String name) {
        for (int n = 1; n <= MAX; n++) {
            Path file = dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + "." + n + ".lock");
            FileChannel ch;
            try {
                Files.createDirectories(dir);
                ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (IOException e) {
                return new NodeSlot(1, Optional.empty(), Optional.empty());
            }
            try {
                FileLock l = ch.tryLock();
                if (l != null) {
                    return new NodeSlot(n, Optional.of(ch), Optional.of(l));
                }
            } catch (IOException | OverlappingFileLockException e) {
                // taken: the next one
            }
            try {
                ch.close();
            } catch (IOException ignored) {
                // next
            }
        }
        return new NodeSlot(MAX, Optional.empty(), Optional.empty());
    }

    /** @return the number */
    public int number() {
        return number;
    }

    @Override
    public void close() {
        try {
            if (lock.isPresent()) {
                lock.get().release();
            }
            if (channel.isPresent()) {
                channel.get().close();
            }
        } catch (IOException e) {
            // released with the process anyway
        }
    }
}

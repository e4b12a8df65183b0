package io.kurado.rrd;

import io.kurado.api.KuradoException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;

/**
 * The lock that makes one process the writer of a data directory: {@code .journal/lock}, held while
 * it writes. The file says who holds it ({@code process 1234 on host-a since 2026-12-07T17:00:00Z}),
 * so that a process refused can name the holder.
 */
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
     * @param clock dates the holder's line in the lock file
     * @return the lock, held
     * @throws KuradoException when another process holds it, naming the directory and that process
     * @throws IOException when the lock file cannot be made
     */
    static JournalLock take(Path journalDir, Path dataDir, InstantSource clock) throws IOException {
        Path file = journalDir.resolve("lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        if (l == null) {
            ch.close();
            throw new KuradoException("another process writes into the data directory " + dataDir + ": " + holder(file)
                    + "; a data directory has one writer (its lock is " + file + ")");
        }
        try {
            byte[] me = (self(clock) + "\n").getBytes(StandardCharsets.UTF_8);
            ch.truncate(0);
            ByteBuffer b = ByteBuffer.wrap(me);
            while (b.hasRemaining()) {
                ch.write(b, b.position());
            }
        } catch (IOException e) {
            // the lock holds; only the name of its holder is missing
        }
        return new JournalLock(ch, l);
    }

    /** @return who this process is, as the lock file says it */
    static String self(InstantSource clock) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "an unknown host";
        }
        return "process " + ProcessHandle.current().pid() + " on " + host + " since "
                + clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    private static String holder(Path file) {
        try {
            String s = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (s.startsWith("process ") && s.length() < 300 && s.lines().count() == 1) {
                return "it is held by " + s;
            }
        } catch (IOException | RuntimeException e) {
            // said below
        }
        return "it is held by a process that does not say which";
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

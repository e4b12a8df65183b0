package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of a data directory's journal: opened, its lock taken, by the first write (or
 * {@link RrdStorage#openForWriting()}); replayed when a process that stopped left samples in it;
 * appended to; its segments deleted once no waiting sample needs them ({@link SegmentPins}); closed,
 * and emptied when every sample is in its file. A journal that cannot be opened or appended to is
 * reported once a minute, and the storage writes samples straight into their files meanwhile
 * ({@link JournalFallback}).
 */
final class JournalKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);

    private final Path dataDir;
    private final long segmentBytes;
    private final InstantSource clock;
    private final StorageCounters counters;
    private final FileWriter writer;
    private final SeriesTable table;
    private final Runnable flushAll;
    private final SegmentPins pins = new SegmentPins();
    /** Parts of the journal that replay could not read. */
    private final AtomicInteger damages = new AtomicInteger();
    private final List<String> losses = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Journal journal;
    private JournalLock fileLock;
    private long failureLogged = Long.MIN_VALUE / 2;

    /** @param flushAll writes every waiting sample into its file (after a replay) */
    JournalKeeper(Path dataDir, long segmentBytes, InstantSource clock, StorageCounters counters, FileWriter writer,
            SeriesTable table, Runnable flushAll) {
        this.dataDir = dataDir;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.counters = counters;
        this.writer = writer;
        this.table = table;
        this.flushAll = flushAll;
    }

    /** @return the journal when open, else null (nothing written yet, or a process that only reads) */
    Journal current() {
        return journal;
    }

    /** @return the journal, opened (and the lock taken) on the first write; null when it cannot be used */
    Journal open() {
        Journal j = journal;
        if (j != null) {
            return j;
        }
        synchronized (lock) {
            if (journal == null) {
                try {
                    openJournal();
                } catch (IOException e) {
                    long now = clock.millis();
                    if (now - failureLogged >= 60_000) {
                        failureLogged = now;
                        LOG.warn("Cannot open the journal in {}: {}; writing samples straight into their files",
                                dataDir.resolve(Journal.DIRECTORY), FileWriter.describe(e));
                    }
                }
            }
            return journal;
        }
    }

    /** Takes the lock and opens the journal, replaying what a process that died left in it. */
    private void openJournal() throws IOException {
        Path dir = dataDir.resolve(Journal.DIRECTORY);
        Files.createDirectories(dir);
        fileLock = JournalLock.take(dir, dataDir, clock);
        try {
            Journal j = Journal.open(dataDir, segmentBytes, clock);
            if (!j.earlierSegments().isEmpty()) {
                replay(j);
            }
            journal = j;
        } catch (IOException | RuntimeException e) {
            fileLock.close();
            fileLock = null;
            throw e;
        }
    }

    /**
     * Appends records, or reports (once a minute) why it cannot.
     *
     * @param j the journal, or null when there is none
     * @return true when appended
     */
    boolean append(Journal j, JournalRecords records) {
        if (j == null) {
            return false;
        }
        try {
            j.append(records.payload(), records.samples());
            return true;
        } catch (IOException e) {
            long now = clock.millis();
            synchronized (lock) {
                if (now - failureLogged >= 60_000) {
                    failureLogged = now;
                    LOG.warn("Cannot append to the journal in {}: {}; writing samples straight into their files until it works again",
                            j.directory(), FileWriter.describe(e));
                }
            }
            return false;
        }
    }

    /** At start: if a process left samples in the journal, writes them into their files now. */
    void recoverLeftovers() {
        Path dir = dataDir.resolve(Journal.DIRECTORY);
        boolean leftovers;
        try (var ds = Files.newDirectoryStream(dir, "*.journal")) {
            leftovers = ds.iterator().hasNext();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException e) {
            LOG.warn("Cannot read the journal directory {}: {}", dir, FileWriter.describe(e));
            return;
        }
        if (!leftovers) {
            return;
        }
        synchronized (lock) {
            try {
                openJournal();
            } catch (KuradoException e) {
                LOG.debug("The journal in {} belongs to another process; it replays it", dir);
                return;
            } catch (IOException e) {
                LOG.warn("Cannot replay the journal in {}: {}", dir, FileWriter.describe(e));
                return;
            }
            if (pins.oldest() == Long.MAX_VALUE) {
                // Everything is in its files: let whichever process writes first take the journal.
                if (journal != null) {
                    journal.deleteBefore(journal.currentSegment());
                }
                closeJournal();
            }
        }
    }

    private void replay(Journal j) throws IOException {
        long t0 = System.nanoTime();
        LOG.info("Replaying the journal in {}: {} segment(s) left by a process that stopped without writing them",
                j.directory(), j.earlierSegments().size());
        long[] counts = new long[3];
        JournalReplay read = j.replay((segment, payload) -> JournalRecords.read(payload, new JournalRecords.Visitor() {
            @Override
            public void samples(SeriesRef ref, long[] times, double[] values, int count) {
                // second pass
            }

            @Override
            public void write(String relativeFile, long before, long after, long[] offsets, byte[][] bytes) {
                Path file = dataDir.resolve(relativeFile).normalize();
                if (file.startsWith(dataDir) && writer.finishWrite(file, before, offsets, bytes)
                        == FileWriter.FinishResult.FINISHED) {
                    counts[0]++;
                }
            }
        }));
        j.replay((segment, payload) -> JournalRecords.read(payload, new JournalRecords.Visitor() {
            @Override
            public void samples(SeriesRef ref, long[] times, double[] values, int count) {
                counts[1] += count;
                counts[2] += replaySamples(ref, times, values, count, segment);
            }

            @Override
            public void write(String relativeFile, long before, long after, long[] offsets, byte[][] bytes) {
                // first pass
            }
        }));
        counters.replayed.add(counts[2]);
        flushAll.run();
        retireSegmentsOf(j);
        String done = String.format(Locale.ROOT, "Replayed the journal in %s in %d ms: %,d samples (%,d of them not yet"
                + " in their files), %,d file writes cut short finished", j.directory(), (System.nanoTime() - t0) / 1_000_000,
                counts[1], counts[2], counts[0]);
        if (read.damages().isEmpty()) {
            LOG.info(done);
        } else {
            counters.journalLost.add(read.samplesLost());
            damages.addAndGet(read.damages().size());
            read.damages().forEach(d -> losses.add(d.describe()));
            LOG.warn("{}; {}", done, read.describeLosses());
        }
    }

    /** Accepts replayed samples newer than what their files hold; @return how many */
    private int replaySamples(SeriesRef ref, long[] times, double[] values, int count, long segment) {
        Series s;
        try {
            s = table.lock(ref);
        } catch (KuradoException e) {
            return 0;
        }
        try {
            if (!s.looked) {
                writer.look(s);
            }
            int from = s.waiting;
            for (int i = 0; i < count; i++) {
                if (times[i] > s.lastAccepted) {
                    s.add(times[i], values[i]);
                }
            }
            int added = s.waiting - from;
            if (added > 0) {
                counters.waiting.add(added);
                if (from == 0) {
                    s.pin = segment;
                    pin(segment, 1);
                    s.waitingSince = clock.millis();
                }
            }
            return added;
        } finally {
            s.lock.unlock();
        }
    }

    /** Counts series whose oldest waiting sample is in a segment (a negative segment means none). */
    void pin(long segment, int series) {
        pins.pin(segment, series);
    }

    /** Counts series fewer at a segment. */
    void unpin(long segment, int series) {
        pins.unpin(segment, series);
    }

    /** Deletes journal segments that no waiting sample needs. */
    void retireSegments() {
        Journal j = journal;
        if (j != null) {
            retireSegmentsOf(j);
        }
    }

    private void retireSegmentsOf(Journal j) {
        j.deleteBefore(Math.min(pins.oldest(), j.currentSegment()));
    }

    /**
     * Closes the journal and releases its lock: emptied when no sample waits, else kept for the
     * next start.
     *
     * @param samplesLeft samples not in their files
     */
    void close(long samplesLeft) {
        synchronized (lock) {
            Journal j = journal;
            if (j != null) {
                retireSegmentsOf(j);
            }
            closeJournal();
            if (j != null && samplesLeft == 0) {
                j.deleteBefore(Long.MAX_VALUE);
                j.deleteSpares();
            }
        }
    }

    /** Closes the journal as it is, as a process that dies leaves it, and releases its lock. */
    void abandon() {
        synchronized (lock) {
            closeJournal();
        }
    }

    /** Closes the journal and releases its lock; the caller holds {@link #lock}. */
    private void closeJournal() {
        try {
            if (journal != null) {
                journal.close();
            }
            if (fileLock != null) {
                fileLock.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing the journal in {} failed: {}", dataDir.resolve(Journal.DIRECTORY), FileWriter.describe(e));
        }
        journal = null;
        fileLock = null;
    }

    /** @return the parts of the journal that replay at start could not read */
    int damages() {
        return damages.get();
    }

    /** @return what replay at start could not read, in the words it logged */
    List<String> losses() {
        return List.copyOf(losses);
    }
}

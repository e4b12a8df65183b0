package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.storage.SeriesRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life cycle of a data directory's journal: opened, its lock taken, by the first write (or
 * {@link RrdStorage#openForWriting()}); replayed when a process that stopped left samples in it;
 * appended to; its segments deleted once no waiting sample needs them ({@link SegmentPins}); closed,
 * and emptied when every sample is in its file. A journal that cannot be opened or appended to is
 * reported once a minute, and the storage writes samples straight into their files meanwhile
 * ({@link JournalFallback}).
 *
 * <p>A replay puts the samples that wait back into memory, as if just accepted, and finishes the file
 * writes the journal says were cut short, before anything reads those files; it reads no other file.
 * Reads see the samples at once, the writers write them in the background, and the segments they
 * came from stay until they are in their files (so a process that dies again meanwhile loses none). A replay by a process that has not opened the storage for writing
 * (one that only reads) keeps the lock until those samples are in their files, then hands the journal
 * over ({@link #handOver()}) to whichever process writes first.
 */
final class JournalKeeper {
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);

    private final Path dataDir;
    private final long segmentBytes;
    private final InstantSource clock;
    private final StorageCounters counters;
    private final FileWriter writer;
    private final SeriesTable table;
    private final Consumer<List<Series>> replayed;
    private final SegmentPins pins = new SegmentPins();
    /** Parts of the journal that replay could not read. */
    private final AtomicInteger damages = new AtomicInteger();
    private final List<String> losses = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Journal journal;
    private JournalLock fileLock;
    /** True once this process writes: {@link #open()} was called (by a write, or to take the lock at once). */
    private volatile boolean writing;
    private long failureLogged = Long.MIN_VALUE / 2;

    /**
     * @param replayed receives, after a replay, the series that have samples waiting from it (their
     *     locks not held), to have them written
     */
    JournalKeeper(Path dataDir, long segmentBytes, InstantSource clock, StorageCounters counters, FileWriter writer,
            SeriesTable table, Consumer<List<Series>> replayed) {
        this.dataDir = dataDir;
        this.segmentBytes = segmentBytes;
        this.clock = clock;
        this.counters = counters;
        this.writer = writer;
        this.table = table;
        this.replayed = replayed;
    }

    /** @return the journal when open, else null (nothing written yet, or a process that only reads) */
    Journal current() {
        return journal;
    }

    /** @return the journal, opened (and the lock taken) on the first write; null when it cannot be used */
    Journal open() {
        Journal j = journal;
        if (j != null && writing) {
            return j;
        }
        synchronized (lock) {
            writing = true; // before the journal is returned: no hand-over from now on
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
        List<Series> waiting;
        try {
            Journal j = Journal.open(dataDir, segmentBytes, clock);
            waiting = j.earlierSegments().isEmpty() ? List.of() : replay(j);
            journal = j;
        } catch (IOException | RuntimeException e) {
            fileLock.close();
            fileLock = null;
            throw e;
        }
        if (!waiting.isEmpty()) {
            replayed.accept(waiting); // now that the journal takes the writers' records
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

    /**
     * At start: if a process left samples in the journal, replays it (taking its lock), so that
     * reads see them and the writers write them. When nothing waits after the replay, the lock is
     * released at once; else {@link #handOver()} releases it later, unless this process writes.
     */
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

    /**
     * A process that replayed the journal at start without writing (one that only reads) gives the
     * journal up once every replayed sample is in its file: it deletes the segments and releases the
     * lock, for the process that writes. Does nothing in a process that writes.
     */
    void handOver() {
        if (writing || journal == null) {
            return;
        }
        synchronized (lock) {
            Journal j = journal;
            if (writing || j == null || pins.oldest() != Long.MAX_VALUE) {
                return;
            }
            closeJournal();
            j.deleteBefore(Long.MAX_VALUE);
            j.deleteSpares();
            LOG.info("The samples replayed from the journal in {} are in their files; its lock is free for the process that writes",
                    j.directory());
        }
    }

    /** @return the series that have samples waiting from the replay */
    private List<Series> replay(Journal j) throws IOException {
        long t0 = System.nanoTime();
        LOG.info("Replaying the journal in {}: {} segment(s) left by a process that stopped without writing them",
                j.directory(), j.earlierSegments().size());
        long[] counts = new long[3];
        List<Series> waiting = new ArrayList<>();
        // 1. The samples, into memory; and the files that WRITE records name.
        Map<String, long[]> named = new HashMap<>();
        JournalReplay read = j.replay((segment, payload) -> JournalRecords.read(payload, new JournalRecords.Visitor() {
            @Override
            public void samples(SeriesRef ref, long[] times, double[] values, int count) {
                counts[1] += count;
                counts[2] += replaySamples(ref, times, values, count, segment, waiting);
            }

            @Override
            public void write(String relativeFile, long before, long after, long[] offsets, byte[][] bytes) {
                named.computeIfAbsent(relativeFile, k -> new long[] {Long.MIN_VALUE});
            }
        }, true, false));
        long t1 = System.nanoTime();
        // 2. The last update time each of those files holds, read many at a time: after a crash most
        // are not in memory, and a disk answers many reads at once sooner than one after another.
        readLastUpdates(named);
        long t2 = System.nanoTime();
        // 3. In the journal's order, the writes whose file still holds the last update from before them
        // were cut short: written again (the file's own check decides), before anything reads the file.
        j.replay((segment, payload) -> JournalRecords.read(payload, new JournalRecords.Visitor() {
            @Override
            public void samples(SeriesRef ref, long[] times, double[] values, int count) {
                // taken in 1 (and skipped here)
            }

            @Override
            public void write(String relativeFile, long before, long after, long[] offsets, byte[][] bytes) {
                long[] last = named.get(relativeFile);
                if (last == null || last[0] != before) {
                    return; // finished (the file holds a later update), or no such file
                }
                Path file = dataDir.resolve(relativeFile).normalize();
                if (file.startsWith(dataDir) && writer.finishWrite(file, before, offsets, bytes)
                        == FileWriter.FinishResult.FINISHED) {
                    counts[0]++;
                    last[0] = after;
                }
            }
        }, false, true));
        // 4. What a file holds already (its last update, as just read) is not kept in memory.
        for (var it = waiting.iterator(); it.hasNext(); ) {
            Series s = it.next();
            long[] last = named.get(s.relativeName(dataDir));
            if (last == null || last[0] == Long.MIN_VALUE) {
                continue;
            }
            s.lock.lock();
            try {
                int dropped = s.dropUpTo(last[0]);
                counters.waiting.add(-dropped);
                counts[2] -= dropped;
                if (s.waiting == 0) {
                    unpin(s.pin, 1);
                    s.pin = -1;
                    it.remove();
                }
            } finally {
                s.lock.unlock();
            }
        }
        long t3 = System.nanoTime();
        LOG.debug("Replay: samples into memory {} ms, {} files' last updates read {} ms, writes cut short finished {} ms",
                (t1 - t0) / 1_000_000, named.size(), (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        counters.replayed.add(counts[2]);
        retireSegmentsOf(j);
        String done = String.format(Locale.ROOT, "Replayed the journal in %s in %d ms: %,d samples (%,d of them not yet"
                + " in their files: they wait in memory for %,d files, where reads see them, and the writers write them),"
                + " %,d file writes cut short finished (%,d files checked in %d ms)",
                j.directory(), (System.nanoTime() - t0) / 1_000_000, counts[1], counts[2], waiting.size(), counts[0],
                named.size(), (t3 - t1) / 1_000_000);
        if (read.damages().isEmpty()) {
            LOG.info(done);
        } else {
            counters.journalLost.add(read.samplesLost());
            damages.addAndGet(read.damages().size());
            read.damages().forEach(d -> losses.add(d.describe()));
            LOG.warn("{}; {}", done, read.describeLosses());
        }
        return waiting;
    }

    /** Threads that read files' last update times at a replay. */
    private static final int CHECK_THREADS = 16;

    /** Reads the last update time of each named file into its entry ({@link Long#MIN_VALUE} when none can be read). */
    private void readLastUpdates(Map<String, long[]> named) {
        List<Map.Entry<String, long[]>> all = new ArrayList<>(named.entrySet());
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                Path file = dataDir.resolve(all.get(i).getKey()).normalize();
                if (file.startsWith(dataDir)) {
                    all.get(i).getValue()[0] = FileWriter.lastUpdateOf(file);
                }
            }
        };
        int n = Math.min(CHECK_THREADS, all.size() / 256);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            Thread th = new Thread(work, "kurado-rrd-replay-" + (t + 1));
            th.setDaemon(true);
            threads.add(th);
            th.start();
        }
        work.run();
        for (Thread th : threads) {
            try {
                th.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KuradoException("interrupted while replaying the journal in " + dataDir.resolve(Journal.DIRECTORY), e);
            }
        }
    }

    /**
     * Accepts replayed samples newer than those accepted before them, without reading the file: a
     * sample the file already holds is dropped once its last update is known (at the end of the
     * replay for a file a WRITE record names, else when the file is written, as {@link
     * FileState#updateNewer} does).
     *
     * @param waiting receives the series that start waiting
     * @return how many were accepted
     */
    private int replaySamples(SeriesRef ref, long[] times, double[] values, int count, long segment, List<Series> waiting) {
        Series s;
        try {
            s = table.lock(ref);
        } catch (KuradoException e) {
            return 0;
        }
        try {
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
                    waiting.add(s);
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

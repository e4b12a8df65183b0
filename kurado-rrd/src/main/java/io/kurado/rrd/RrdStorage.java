package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProblem;
import io.kurado.api.storage.WriteResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.rrd4j.core.RrdDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RRD {@link Storage}: one rrd4j file per series in the original's layout ({@link RrdLayout})
 * and definition ({@link RrdDefinitions}), written the way rrdcached writes rrdtool files.
 *
 * <p>A sample is written when {@link #write(List)} returns in two senses: it is in the journal
 * ({@code <data_dir>/.journal}), which a restart replays, and it is in memory, where every read of
 * its series sees it. Its file gets it later: a file is written once {@link
 * RrdStorageOptions#samplesPerWrite()} samples wait for it, or its oldest waiting sample is {@link
 * RrdStorageOptions#maxWriteDelay()} old, or its series is read, or the storage closes. Each write
 * of a file costs some twenty system calls whatever the number of samples it takes, so writing ten
 * samples at a time (as rrdcached does) lets one server keep a hundred thousand files current. A new
 * file is written at once, complete, under a temporary name that is renamed into place.
 *
 * <p>Files are written by {@link FileState}, which changes exactly the bytes rrd4j would change
 * (tests compare whole files with rrd4j's), and read by rrd4j itself from a copy of the file. A
 * file found broken (not rrd4j's, cut short, its header overwritten) is moved aside as
 * {@code <name>.corrupt-<time>} and its series starts a new file; a file that cannot be written
 * (no space left on device, an I/O error) keeps its samples in memory and in the journal and is
 * tried again, while every other file goes on being written. {@link #problems()} lists both.
 *
 * <p>One process writes a data directory: {@link #openForWriting()} (or else the first write) takes
 * a lock on the journal, and a second process is refused, naming the one that holds it. A process
 * that only reads (a web-only server) reads the files as they are.
 *
 * @since 0.1
 */
public final class RrdStorage implements Storage {
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);
    static final int BATCH = 32;
    static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    /** Samples waiting in memory beyond which writers help write files. */
    static final long MAX_WAITING = 4_000_000;
    /** A series neither written nor read for this long is forgotten (its file stays). */
    static final long IDLE_MILLIS = 15 * 60_000L;
    /** Segments beyond which series that cannot be written have their samples journaled anew. */
    static final int MAX_SEGMENTS = 32;
    private static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::timestamp);

    private final Path dataDir;
    private final long segmentBytes;
    private final RrdStorageOptions options;
    private final long maxDelayMillis;
    private final StorageCounters counters = new StorageCounters();
    private final StorageFaults faults;
    private final FileWriter writer;
    private final ConcurrentHashMap<SeriesRef, Series> table = new ConcurrentHashMap<>(1 << 12);
    /** Files per plugin directory, counted the first time a new series wants one there. */
    private final ConcurrentHashMap<Path, int[]> filesPerPlugin = new ConcurrentHashMap<>();
    private final LinkedBlockingQueue<Series> due = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Timed> waitingOrder = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> retries = new PriorityQueue<>(Comparator.comparingLong(Timed::at));
    private final SegmentPins pins = new SegmentPins();
    /** Series whose waiting samples only memory holds. */
    private final java.util.concurrent.atomic.AtomicInteger unjournaled = new java.util.concurrent.atomic.AtomicInteger();
    private final ReentrantLock housekeeping = new ReentrantLock();
    /** Parts of the journal that replay could not read. */
    private final java.util.concurrent.atomic.AtomicInteger journalDamages = new java.util.concurrent.atomic.AtomicInteger();
    private final List<String> journalLosses = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Object journalLock = new Object();
    private final List<Thread> threads = new ArrayList<>();
    private volatile Journal journal;
    private JournalLock lock;
    private volatile boolean running = true;
    private volatile boolean closed;
    private long lastHousekeeping;
    private long lastSweep;
    private long journalFailureLogged = Long.MIN_VALUE / 2;

    /** A series with a time: when its oldest waiting sample arrived, or when to try it again. */
    private record Timed(Series series, long at) {}

    /**
     * Opens the storage of a data directory. Samples a process left in the journal when it died are
     * written into their files first.
     *
     * @param dataDir the data directory; created on the first write when missing
     * @param options how files are written
     */
    public RrdStorage(Path dataDir, RrdStorageOptions options) {
        this(dataDir, options, SEGMENT_BYTES);
    }

    /** @param segmentBytes the size after which the journal starts a new segment */
    RrdStorage(Path dataDir, RrdStorageOptions options, long segmentBytes) {
        this.segmentBytes = segmentBytes;
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.maxDelayMillis = options.maxWriteDelay().toMillis();
        this.faults = new StorageFaults(options.clock());
        this.writer = new FileWriter(this.dataDir, options.clock(), faults, counters);
        recoverLeftovers();
        for (int i = 1; i <= options.writerThreads(); i++) {
            Thread t = new Thread(this::writerLoop, "kurado-rrd-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** @return the data directory */
    public Path dataDir() {
        return dataDir;
    }

    /** @return how files are written */
    public RrdStorageOptions options() {
        return options;
    }

    /**
     * @param series a series
     * @return the file that holds it
     * @throws KuradoException when a name cannot be a file name
     */
    public Path fileOf(SeriesRef series) {
        return RrdLayout.file(dataDir, series);
    }

    // ---------------------------------------------------------------------------------- writing

    @Override
    public WriteResult write(List<Sample> samples) {
        if (samples.isEmpty()) {
            return new WriteResult(0, 0, List.of());
        }
        checkOpen();
        Journal j = journal();
        Call call = new Call(j, options.clock().millis(), writer.scratch().records);
        Map<SeriesRef, Object> bySeries = bySeries(samples);
        // Pinned before any series can be written, and so unpinned, by another thread.
        pin(call.segment, bySeries.size());
        for (Map.Entry<SeriesRef, Object> e : bySeries.entrySet()) {
            accept(e.getKey(), e.getValue() instanceof Sample one ? List.of(one) : sorted(e.getValue()), call);
        }
        unpin(call.segment, bySeries.size() - call.newlyWaiting);
        counters.accepted.add(call.accepted);
        counters.skipped.add(call.skipped);
        if (!call.records.isEmpty() && !append(j, call.records)) {
            // Not journaled: the samples go into their files before this call returns; those that
            // cannot are kept in memory until they can, or until the journal takes them again.
            for (Series s : call.touched) {
                writeNow(s);
                keepUnjournaled(s);
            }
        }
        if (counters.waiting.sum() > MAX_WAITING) {
            help();
        }
        return new WriteResult(call.accepted, call.skipped, call.failures);
    }

    /** What one {@link #write} call has done so far. */
    private static final class Call {
        final long now;
        final long segment;
        final JournalRecords records;
        final List<Series> touched = new ArrayList<>();
        final List<String> failures = new ArrayList<>(0);
        int accepted;
        int skipped;
        int newlyWaiting;

        Call(Journal j, long now, JournalRecords records) {
            this.now = now;
            this.segment = j == null ? -1 : j.currentSegment();
            this.records = records;
            records.clear();
        }
    }

    /** @return the samples by series, in the order given: a sample, or a list when a series has several */
    private static Map<SeriesRef, Object> bySeries(List<Sample> samples) {
        Map<SeriesRef, Object> bySeries = new HashMap<>(samples.size() * 2);
        PluginRef lastPlugin = null;
        String lastEscaped = null;
        for (Sample s : samples) {
            if (s.plugin() != lastPlugin) {
                lastPlugin = s.plugin();
                lastEscaped = lastPlugin.escapedIdentifier();
            }
            SeriesRef ref = new SeriesRef(s.address(), lastEscaped, s.key());
            Object before = bySeries.putIfAbsent(ref, s);
            if (before != null) {
                bySeries.put(ref, several(before, s));
            }
        }
        return bySeries;
    }

    @SuppressWarnings("unchecked")
    private static List<Sample> several(Object before, Sample next) {
        List<Sample> l;
        if (before instanceof Sample first) {
            l = new ArrayList<>(4);
            l.add(first);
        } else {
            l = (List<Sample>) before;
        }
        l.add(next);
        return l;
    }

    /** Accepts the samples of one series that are newer than what it has, in time order. */
    private void accept(SeriesRef ref, List<Sample> group, Call call) {
        Series s;
        try {
            s = lockSeries(ref);
        } catch (KuradoException ex) {
            refuse(group.size(), "cannot store " + ref + ": " + ex.getMessage(), call);
            return;
        }
        try {
            if (s.lastAccepted == Long.MIN_VALUE && !firstSight(s, group.size(), call)) {
                return;
            }
            int from = s.waiting;
            for (int i = 0; i < group.size(); i++) {
                Sample x = group.get(i);
                if (x.timestamp() <= s.lastAccepted) {
                    call.skipped++;
                } else {
                    s.add(x.timestamp(), x.value());
                }
            }
            int added = s.waiting - from;
            if (added > 0) {
                call.accepted += added;
                counters.waiting.add(added);
                if (from == 0) {
                    s.waitingSince = call.now;
                    s.pin = call.segment;
                    call.newlyWaiting++;
                    waitingOrder.add(new Timed(s, call.now));
                }
                call.records.samples(s.journalKey(), s.times, s.values, from, added);
                call.touched.add(s);
                if (!s.queued && s.problem == null && (s.state == null || s.waiting >= s.writeAt)) {
                    s.queued = true;
                    due.add(s);
                }
            }
            s.touched = call.now;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * A series with nothing accepted yet: reads its file, and counts a new one against its
     * plugin's limit of files.
     *
     * @return false when the series is refused (its samples are reported as failed)
     */
    private boolean firstSight(Series s, int samples, Call call) {
        if (!s.looked && !writer.look(s)) {
            scheduleRetry(s);
        }
        if (s.lastAccepted == Long.MIN_VALUE && s.state == null && s.looked && !s.counted) {
            Optional<String> refused = admitNewSeries(s);
            if (refused.isPresent()) {
                s.removed = true;
                table.remove(s.ref, s);
                refuse(samples, refused.get(), call);
                return false;
            }
        }
        return true;
    }

    private static void refuse(int samples, String why, Call call) {
        for (int i = 0; i < samples; i++) {
            call.failures.add(why);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Sample> sorted(Object several) {
        List<Sample> l = (List<Sample>) several;
        l.sort(BY_TIME);
        return l;
    }

    private boolean append(Journal j, JournalRecords records) {
        if (j == null) {
            return false;
        }
        try {
            j.append(records.payload(), records.samples());
            return true;
        } catch (IOException e) {
            long now = options.clock().millis();
            synchronized (journalLock) {
                if (now - journalFailureLogged >= 60_000) {
                    journalFailureLogged = now;
                    LOG.warn("Cannot append to the journal in {}: {}; writing samples straight into their files until it works again",
                            j.directory(), FileWriter.describe(e));
                }
            }
            return false;
        }
    }

    /**
     * Counts a new series against its plugin's limit of files.
     *
     * @return why it is refused, or empty when it may have a file
     */
    private Optional<String> admitNewSeries(Series s) {
        Path dir = s.file.getParent();
        int[] count = filesPerPlugin.computeIfAbsent(dir, RrdStorage::countFiles);
        synchronized (count) {
            if (count[0] >= options.maxSeriesPerPlugin()) {
                return Optional.of("cannot store " + s.ref + ": plugin " + s.ref.escapedPlugin() + " of " + s.ref.address()
                        + " has " + count[0] + " series already, the limit (" + RrdStorageOptions.MAX_SERIES_PER_PLUGIN + ")");
            }
            count[0]++;
        }
        s.counted = true;
        return Optional.empty();
    }

    private static int[] countFiles(Path dir) {
        int n = 0;
        try (var ds = Files.newDirectoryStream(dir, "*.rrd")) {
            for (Path ignored : ds) {
                n++;
            }
        } catch (IOException e) {
            // none yet
        }
        return new int[] {n};
    }

    /** Looks a series up, creating its entry, and locks it. */
    private Series lockSeries(SeriesRef ref) {
        while (true) {
            Series s = table.get(ref);
            if (s == null) {
                Series fresh = new Series(ref, RrdLayout.file(dataDir, ref));
                fresh.writeAt = 1 + ThreadLocalRandom.current().nextInt(options.samplesPerWrite());
                s = table.putIfAbsent(ref, fresh);
                if (s == null) {
                    s = fresh;
                }
            }
            s.lock.lock();
            if (!s.removed) {
                return s;
            }
            s.lock.unlock();
        }
    }

    /** Marks a series whose waiting samples the journal does not hold. */
    private void keepUnjournaled(Series s) {
        s.lock.lock();
        try {
            if (s.waiting > 0 && !s.unjournaled) {
                s.unjournaled = true;
                unjournaled.incrementAndGet();
                faults.failing(s.ref, (s.problem == null ? "its file cannot be written" : s.problem)
                        + "; the journal cannot take its samples either: they are kept only in memory, and lost if the server"
                        + " stops before either works again");
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Journals anew the samples that only memory holds, once the journal takes records again. */
    private void rejournal() {
        Journal j = journal;
        if (j == null || unjournaled.get() == 0) {
            return;
        }
        for (Series s : table.values()) {
            if (!s.unjournaled) {
                continue;
            }
            s.lock.lock();
            try {
                if (!s.unjournaled) {
                    continue;
                }
                if (s.waiting > 0) {
                    JournalRecords again = new JournalRecords();
                    again.samples(s.journalKey(), s.times, s.values, 0, s.waiting);
                    if (!append(j, again)) {
                        return;
                    }
                    long old = s.pin;
                    s.pin = j.currentSegment();
                    pin(s.pin);
                    unpin(old);
                }
                s.unjournaled = false;
                unjournaled.decrementAndGet();
            } finally {
                s.lock.unlock();
            }
        }
    }

    /** Writes one series' waiting samples into its file now. */
    private void writeNow(Series s) {
        s.lock.lock();
        try {
            if (!s.removed && s.waiting > 0) {
                writeLocked(List.of(s));
            }
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Writes the waiting samples of series whose locks the caller holds: new files are created,
     * updates are journaled as one record and then written.
     */
    private void writeLocked(List<Series> locked) {
        FileWriter.Scratch sc = writer.scratch();
        JournalRecords intents = sc.intents;
        intents.clear();
        List<FileWriter.Prepared> prepared = new ArrayList<>(locked.size());
        long[] pinsBefore = new long[locked.size()];
        boolean[] isNew = new boolean[locked.size()];
        for (int i = 0; i < locked.size(); i++) {
            Series s = locked.get(i);
            pinsBefore[i] = s.pin;
            isNew[i] = s.state == null;
            if (s.unfinished != null) {
                writer.finishUnfinished(s);
                if (s.unfinished != null) {
                    continue;
                }
            }
            if (!s.looked && !writer.look(s)) {
                continue;
            }
            if (s.waiting == 0) {
                continue;
            }
            if (s.state == null) {
                writer.create(s);
                continue;
            }
            FileWriter.Prepared p = writer.prepare(s, prepared.size(), intents);
            if (p != null) {
                prepared.add(p);
            }
        }
        if (!intents.isEmpty()) {
            append(journal, intents);
        }
        for (FileWriter.Prepared p : prepared) {
            if (!writer.commit(p) && p.series.problem == null) {
                // The file changed under us: read it again and write at once.
                if (writer.look(p.series) && p.series.waiting > 0) {
                    if (p.series.state == null) {
                        writer.create(p.series);
                    } else {
                        JournalRecords again = new JournalRecords();
                        FileWriter.Prepared q = writer.prepare(p.series, sc.regions.size(), again);
                        if (q != null) {
                            append(journal, again);
                            writer.commit(q);
                        }
                    }
                }
            }
        }
        for (int i = 0; i < locked.size(); i++) {
            Series s = locked.get(i);
            if (pinsBefore[i] >= 0 && s.pin < 0) {
                unpin(pinsBefore[i]);
            }
            if (s.waiting == 0 && s.unjournaled) {
                s.unjournaled = false;
                unjournaled.decrementAndGet();
            }
            if (s.waiting == 0) {
                // After a new file, the next write comes after 1 to n samples, so that files created
                // together are not all written together ever after.
                s.writeAt = isNew[i] && s.state != null ? 1 + ThreadLocalRandom.current().nextInt(options.samplesPerWrite())
                        : options.samplesPerWrite();
            } else if (s.problem != null) {
                scheduleRetry(s);
            }
        }
    }

    /** @return true when a series' file should be written now */
    private boolean isDue(Series s, long now) {
        if (s.problem != null) {
            return now >= s.retryAt;
        }
        return s.state == null || s.waiting >= s.writeAt || now - s.waitingSince >= maxDelayMillis;
    }

    private void scheduleRetry(Series s) {
        synchronized (retries) {
            retries.add(new Timed(s, s.retryAt));
        }
    }

    // ---------------------------------------------------------------------------------- writers

    private void writerLoop() {
        List<Series> batch = new ArrayList<>(BATCH);
        while (running) {
            try {
                batch.clear();
                Series first = due.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    due.drainTo(batch, BATCH - 1);
                    writeBatch(batch, false);
                }
                housekeep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("RRD writer failed; it goes on: {}", e.toString(), e);
            }
        }
    }

    /**
     * Writes series taken from the queue that are still due (or all that wait, when forced); one
     * that another thread holds goes back to the queue.
     */
    private void writeBatch(List<Series> batch, boolean force) {
        List<Series> locked = new ArrayList<>(batch.size());
        long now = options.clock().millis();
        for (Series s : batch) {
            if (!s.lock.tryLock()) {
                due.add(s);
                continue;
            }
            s.queued = false;
            if (s.removed || s.waiting == 0 || !force && !isDue(s, now)) {
                s.lock.unlock();
            } else {
                locked.add(s);
            }
        }
        try {
            if (!locked.isEmpty()) {
                writeLocked(locked);
            }
        } finally {
            for (Series s : locked) {
                s.lock.unlock();
            }
        }
    }

    /** Queues the series whose oldest sample waited long enough and those due for another try. */
    private void promote(boolean all) {
        long now = options.clock().millis();
        Timed t;
        while ((t = waitingOrder.peek()) != null && (all || t.at() + maxDelayMillis <= now)) {
            waitingOrder.poll();
            queueIfWaiting(t.series(), t.at(), false);
        }
        while (true) {
            synchronized (retries) {
                t = retries.peek();
                if (t == null || t.at() > now && !all) {
                    break;
                }
                retries.poll();
            }
            queueIfWaiting(t.series(), Long.MIN_VALUE, true);
        }
    }

    private void queueIfWaiting(Series s, long since, boolean retry) {
        s.lock.lock();
        try {
            if (!s.removed && s.waiting > 0 && !s.queued && (since == Long.MIN_VALUE || s.waitingSince == since)
                    && (retry || s.problem == null)) {
                s.queued = true;
                due.add(s);
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** A writer whose samples pile up faster than files are written writes files itself. */
    private void help() {
        List<Series> batch = new ArrayList<>(BATCH);
        while (counters.waiting.sum() > MAX_WAITING * 9 / 10) {
            batch.clear();
            due.drainTo(batch, BATCH);
            if (batch.isEmpty()) {
                Timed t = waitingOrder.poll();
                if (t == null) {
                    return;
                }
                batch.add(t.series());
            }
            writeBatch(batch, true);
        }
    }

    private void housekeep() {
        long now = options.clock().millis();
        if (now - lastHousekeeping < 1_000 || !housekeeping.tryLock()) {
            return;
        }
        try {
            lastHousekeeping = now;
            promote(false);
            rejournal();
            retireSegments();
            if (now - lastSweep >= 60_000) {
                lastSweep = now;
                sweep(now);
            }
        } finally {
            housekeeping.unlock();
        }
    }

    /** Deletes journal segments that no waiting sample needs. */
    private void retireSegments() {
        Journal j = journal;
        if (j != null) {
            retireSegmentsOf(j);
        }
    }

    /**
     * Forgets series idle for a while, and journals anew the samples of series that cannot be
     * written, so that they do not keep old segments alive.
     */
    private void sweep(long now) {
        Journal j = journal;
        boolean renew = j != null && j.segmentCount() > MAX_SEGMENTS;
        for (Series s : table.values()) {
            if (!s.lock.tryLock()) {
                continue;
            }
            try {
                if (s.waiting == 0 && !s.queued && s.problem == null && now - s.touched > IDLE_MILLIS) {
                    s.removed = true;
                    table.remove(s.ref, s);
                } else if (renew && s.waiting > 0 && s.problem != null && s.pin >= 0 && s.pin < j.currentSegment()) {
                    JournalRecords again = new JournalRecords();
                    again.samples(s.ref, s.times, s.values, 0, s.waiting);
                    long old = s.pin;
                    s.pin = j.currentSegment();
                    pin(s.pin);
                    if (append(j, again)) {
                        unpin(old);
                    } else {
                        unpin(s.pin);
                        s.pin = old;
                    }
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    private void pin(long segment) {
        pins.pin(segment, 1);
    }

    private void pin(long segment, int series) {
        pins.pin(segment, series);
    }

    private void unpin(long segment) {
        pins.unpin(segment, 1);
    }

    private void unpin(long segment, int series) {
        pins.unpin(segment, series);
    }

    // ---------------------------------------------------------------------------------- journal

    /** @return the journal, opened (and the lock taken) on the first write; null when it cannot be used */
    private Journal journal() {
        Journal j = journal;
        if (j != null) {
            return j;
        }
        synchronized (journalLock) {
            if (journal == null) {
                try {
                    openJournal();
                } catch (IOException e) {
                    long now = options.clock().millis();
                    if (now - journalFailureLogged >= 60_000) {
                        journalFailureLogged = now;
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
        lock = JournalLock.take(dir, dataDir, options.clock());
        try {
            Journal j = Journal.open(dataDir, segmentBytes, options.clock());
            if (!j.earlierSegments().isEmpty()) {
                replay(j);
            }
            journal = j;
        } catch (IOException | RuntimeException e) {
            lock.close();
            lock = null;
            throw e;
        }
    }

    /**
     * Makes this process the writer of the data directory now, rather than at the first write:
     * takes the lock of its journal and replays what a process that stopped left in it.
     *
     * @throws KuradoException when another process writes into the data directory, naming it
     */
    @Override
    public void openForWriting() {
        checkOpen();
        journal();
    }

    /** At start: if a process left samples in the journal, writes them into their files now. */
    private void recoverLeftovers() {
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
        synchronized (journalLock) {
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
                releaseJournal();
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
        flushAll();
        retireSegmentsOf(j);
        String done = String.format(Locale.ROOT, "Replayed the journal in %s in %d ms: %,d samples (%,d of them not yet"
                + " in their files), %,d file writes cut short finished", j.directory(), (System.nanoTime() - t0) / 1_000_000,
                counts[1], counts[2], counts[0]);
        if (read.damages().isEmpty()) {
            LOG.info(done);
        } else {
            counters.journalLost.add(read.samplesLost());
            journalDamages.addAndGet(read.damages().size());
            read.damages().forEach(d -> journalLosses.add(d.describe()));
            LOG.warn("{}; {}", done, read.describeLosses());
        }
    }

    private void retireSegmentsOf(Journal j) {
        j.deleteBefore(Math.min(pins.oldest(), j.currentSegment()));
    }

    /** Accepts replayed samples newer than what their files hold; @return how many */
    private int replaySamples(SeriesRef ref, long[] times, double[] values, int count, long segment) {
        Series s;
        try {
            s = lockSeries(ref);
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
                    pin(segment);
                    s.waitingSince = options.clock().millis();
                }
            }
            return added;
        } finally {
            s.lock.unlock();
        }
    }

    private void releaseJournal() {
        if (journal != null) {
            journal.deleteBefore(journal.currentSegment());
        }
        closeJournal();
    }

    /** Closes the journal and releases its lock; the caller holds {@link #journalLock}. */
    private void closeJournal() {
        try {
            if (journal != null) {
                journal.close();
            }
            if (lock != null) {
                lock.close();
            }
        } catch (IOException e) {
            LOG.warn("Closing the journal in {} failed: {}", dataDir.resolve(Journal.DIRECTORY), FileWriter.describe(e));
        }
        journal = null;
        lock = null;
    }

    // ---------------------------------------------------------------------------------- reading

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        if (journal == null) {
            return lastUpdateOnDisk(fileOf(series));
        }
        Series s = lockSeries(series);
        try {
            s.touched = options.clock().millis();
            if (!s.looked) {
                writer.look(s);
            }
            return s.lastAccepted == Long.MIN_VALUE ? OptionalLong.empty() : OptionalLong.of(s.lastAccepted);
        } finally {
            s.lock.unlock();
        }
    }

    private static OptionalLong lastUpdateOnDisk(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return OptionalLong.of(FileState.read(ch).lastUpdate());
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new KuradoException("cannot read RRD file " + file.getFileName() + ": " + FileWriter.describe(e), e);
        }
    }

    /**
     * Reads a series from the archives of the consolidation function, as {@link ArchiveReader}
     * composes them for the query's detail, after writing its waiting samples into its file.
     */
    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        checkOpen();
        Series s = lockSeries(query.series());
        try {
            s.touched = options.clock().millis();
            if (s.waiting > 0) {
                writeLocked(List.of(s));
            }
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(s.file);
            } catch (NoSuchFileException e) {
                return Optional.empty();
            }
            try {
                FileLayout.read(bytes.length, (into, position) -> {
                    int n = Math.min(into.remaining(), bytes.length - (int) position);
                    into.put(bytes, (int) position, n);
                    return n;
                }, new byte[FileLayout.HEAD_BYTES], new byte[FileLayout.MAX_ARCHIVES][]);
            } catch (BrokenFileException e) {
                if (journal != null && writer.moveAside(s, e.getMessage())) {
                    s.state = null;
                    s.looked = true;
                    return Optional.empty(); // its series starts a new file; the fault is on show
                }
                throw new KuradoException("RRD file " + writer.name(s) + " is broken: " + e.getMessage(), e);
            }
            try (RrdDb db = RrdDb.getBuilder().setPath(s.file.toString()).setReadOnly(true)
                    .setBackendFactory(new SnapshotBackendFactory(bytes)).build()) {
                return Optional.of(ArchiveReader.read(db, query));
            }
        } catch (IOException e) {
            throw new KuradoException("cannot read " + query.series() + " from " + writer.name(s) + ": "
                    + FileWriter.describe(e), e);
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * Lists the plugin's directory: a series whose samples all still wait in memory (a new one,
     * before its file is created) is listed once its file is.
     */
    @Override
    public java.util.Set<io.kurado.api.MetricKey> keys(String address, String escapedPlugin) {
        Path dir;
        try {
            dir = RrdLayout.pluginDir(dataDir, address, escapedPlugin);
        } catch (KuradoException e) {
            return java.util.Set.of();
        }
        java.util.Set<io.kurado.api.MetricKey> out = new java.util.HashSet<>();
        try (java.nio.file.DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.rrd")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                io.kurado.api.MetricKey.parse(io.kurado.api.Escaping.unescape(name.substring(0, name.length() - 4)))
                        .ifPresent(out::add);
            }
        } catch (NoSuchFileException e) {
            return java.util.Set.of();
        } catch (IOException e) {
            throw new KuradoException("cannot list the series of " + address + "/" + escapedPlugin + ": " + FileWriter.describe(e), e);
        }
        return java.util.Set.copyOf(out);
    }

    @Override
    public List<StorageProblem> problems() {
        return faults.problems();
    }

    // ---------------------------------------------------------------------------------- the rest

    /**
     * Writes every waiting sample into its file now, in the calling thread.
     *
     * @return the number of samples that still wait (whose files cannot be written)
     */
    public long flush() {
        checkOpen();
        flushAll();
        retireSegments();
        return counters.waiting.sum();
    }

    private void flushAll() {
        promote(true);
        for (Series s : table.values()) {
            writeNow(s);
        }
    }

    /**
     * What the storage has done since it opened.
     *
     * @param accepted samples accepted by {@link #write(List)}
     * @param skipped samples at or before their series' last update
     * @param waiting samples accepted and not yet in their files
     * @param samplesInFiles samples put into files
     * @param filesCreated new files
     * @param filesWritten writes of existing files (each holding one or more samples)
     * @param writeFailures failed attempts to write a file
     * @param filesMovedAside broken files moved aside
     * @param failingSeries series whose writes fail now
     * @param series series the storage keeps in memory
     * @param journalBytes bytes appended to the journal
     * @param journalSegments journal segments on disk
     * @param journalSamplesLost samples an earlier process journaled that replay found lost (a damaged
     *     journal; parts whose count cannot be told add none)
     * @param journalDamages parts of the journal that replay could not read
     */
    public record Stats(long accepted, long skipped, long waiting, long samplesInFiles, long filesCreated,
            long filesWritten, long writeFailures, long filesMovedAside, int failingSeries, int series,
            long journalBytes, int journalSegments, long journalSamplesLost, int journalDamages) {}

    /** @return what the storage has done since it opened */
    public Stats stats() {
        Journal j = journal;
        return new Stats(counters.accepted.sum(), counters.skipped.sum(), counters.waiting.sum(),
                counters.samplesInFiles.sum(), counters.filesCreated.sum(), counters.filesWritten.sum(),
                counters.writeFailures.sum(), counters.filesMovedAside.sum(), faults.failingCount(), table.size(),
                j == null ? 0 : j.appendedBytes(), j == null ? 0 : j.segmentCount(), counters.journalLost.sum(),
                journalDamages.get());
    }

    /**
     * @return what replaying the journal at start could not read, in the words it logged (e.g.
     *     {@code 4,545 samples lost in a damaged part of segment 7 (bytes 1,048,576–1,102,233; …)})
     */
    public List<String> journalLosses() {
        return List.copyOf(journalLosses);
    }

    /** @return the samples an earlier process journaled that replay found lost in a damaged journal */
    @Override
    public long samplesLost() {
        return counters.journalLost.sum();
    }

    private void checkOpen() {
        if (closed) {
            throw new KuradoException("the RRD storage of " + dataDir + " is closed");
        }
    }

    /** Waits for the writer threads, told to stop, to finish what they are writing. */
    private void stopWriters() {
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Stops as a process that dies stops: the writers halt, nothing more is written, the journal
     * is left as it is and its lock released. For tests of what a restart recovers.
     */
    void abandon() {
        synchronized (this) {
            running = false;
            closed = true;
        }
        stopWriters();
        synchronized (journalLock) {
            closeJournal();
        }
    }

    /**
     * Writes every waiting sample into its file and closes the journal; samples whose files cannot
     * be written stay in the journal for the next start. Idempotent.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            running = false;
        }
        stopWriters();
        flushAll();
        rejournal();
        long left = counters.waiting.sum();
        long lost = 0;
        for (Series s : table.values()) {
            if (s.unjournaled && s.waiting > 0) {
                lost += s.waiting;
            }
        }
        synchronized (journalLock) {
            Journal j = journal;
            if (j != null) {
                retireSegmentsOf(j);
            }
            closeJournal();
            if (j != null && left == 0) {
                j.deleteBefore(Long.MAX_VALUE);
                j.deleteSpares();
            }
        }
        closed = true;
        if (lost > 0) {
            LOG.error("Closed with {} samples lost: their files could not be written and the journal could not take them"
                    + " (see the reasons logged before)", lost);
        }
        if (left - lost > 0) {
            LOG.warn("Closed with {} samples not in their files (their files cannot be written); the journal keeps them"
                    + " for the next start", left - lost);
        }
    }
}

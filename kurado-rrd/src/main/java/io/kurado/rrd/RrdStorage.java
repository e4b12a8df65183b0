package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.Sample;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.MeterSource;
import io.kurado.api.metrics.Meters;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProblem;
import io.kurado.api.storage.WriteResult;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RRD {@link Storage}: one rrd4j file per series in the original's layout ({@link RrdLayout})
 * and definition ({@link RrdDefinitions}), written the way rrdcached writes rrdtool files.
 *
 * <p>A sample is written when {@link #write(List)} returns in two senses: it is in the journal
 * ({@code <data_dir>/.journal}), which a restart replays into memory, and it is in memory, where
 * every read of its series sees it. Its file gets it later: a file is written once {@link
 * RrdStorageOptions#samplesPerWrite()} samples wait for it, or its oldest waiting sample is {@link
 * RrdStorageOptions#maxWriteDelay()} old, or the storage closes; a read of its series sees the
 * waiting samples without writing the file ({@link LiveRead}). Each write
 * of a file costs some twenty system calls whatever the number of samples it takes, so writing ten
 * samples at a time (as rrdcached does) lets one server keep a hundred thousand files current. A new
 * file is written at once, complete, under a temporary name that is renamed into place.
 *
 * <p>Files are written by {@link FileState}, which changes exactly the bytes rrd4j would change
 * (tests compare whole files with rrd4j's), and read by {@link SeriesReader}, which reads the header and
 * the rows a query draws and answers what rrd4j's fetch answers (tests compare them). A
 * file found broken (not rrd4j's, cut short, its header overwritten) is moved aside as
 * {@code <name>.corrupt-<time>} and its series starts a new file; a file that cannot be written
 * (no space left on device, an I/O error) keeps its samples in memory and in the journal and is
 * tried again, while every other file goes on being written. {@link #problems()} lists both.
 *
 * <p>Its parts: {@link SampleIntake} takes samples in, {@link JournalKeeper} runs the journal's life
 * cycle and {@link JournalFallback} what happens when it fails, {@link WriteScheduler} decides when
 * files are written and by which threads, {@link SeriesWrites} and {@link FileWriter} write them,
 * and {@link SeriesReader} reads a series with positioned reads of the rows it draws.
 *
 * <p>One process writes a data directory: {@link #openForWriting()} (or else the first write) takes
 * a lock on the journal, and a second process is refused, naming the one that holds it. A process
 * that only reads (a web-only server) reads the files as they are; if it finds samples left in the
 * journal when it opens, it replays them and holds the lock until they are in their files.
 *
 * @since 0.1
 */
public final class RrdStorage implements Storage, MeterSource {
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);
    static final int BATCH = 32;
    static final long SEGMENT_BYTES = 8L * 1024 * 1024;
    /** Samples waiting in memory beyond which writers help write files. */
    static final long MAX_WAITING = 4_000_000;
    /** A series neither written nor read for this long is forgotten (its file stays). */
    static final long IDLE_MILLIS = 15 * 60_000L;
    /** Segments beyond which series that cannot be written have their samples journaled anew. */
    static final int MAX_SEGMENTS = 32;

    private final Path dataDir;
    private final RrdStorageOptions options;
    private final StorageCounters counters = new StorageCounters();
    private final StorageFaults faults;
    private final FileWriter writer;
    private final SeriesTable table;
    private final JournalKeeper keeper;
    private final JournalFallback fallback;
    private final SeriesWrites writes;
    private final WriteScheduler scheduler;
    private final SampleIntake intake;
    private final LiveRead live;
    private volatile boolean closed;

    /**
     * Opens the storage of a data directory. Samples a process left in the journal when it stopped
     * are replayed into memory first: reads see them as soon as this returns, and the writers put
     * them into their files in the background, while the journal keeps them.
     *
     * @param dataDir the data directory; created on the first write when missing
     * @param options how files are written
     */
    public RrdStorage(Path dataDir, RrdStorageOptions options) {
        this(dataDir, options, SEGMENT_BYTES);
    }

    /** @param segmentBytes the size after which the journal starts a new segment */
    RrdStorage(Path dataDir, RrdStorageOptions options, long segmentBytes) {
        this(dataDir, options, segmentBytes, true);
    }

    /**
     * @param segmentBytes the size after which the journal starts a new segment
     * @param startWriters false to leave the writer threads to {@link #startWriters()} (for tests of
     *     what a start does before any file is written)
     */
    RrdStorage(Path dataDir, RrdStorageOptions options, long segmentBytes, boolean startWriters) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.options = Objects.requireNonNull(options, "options");
        this.faults = new StorageFaults(options.clock());
        this.writer = new FileWriter(this.dataDir, options.clock(), faults, counters);
        this.table = new SeriesTable(this.dataDir, options);
        this.keeper = new JournalKeeper(this.dataDir, segmentBytes, options.clock(), counters, writer, table,
                this::queueReplayed);
        this.fallback = new JournalFallback(keeper, table, faults);
        this.writes = new SeriesWrites(writer, keeper, fallback, options, this::retryLater);
        this.scheduler = new WriteScheduler(options, counters, table, keeper, fallback, writes);
        this.intake = new SampleIntake(options, counters, writer, table, keeper, fallback, writes, scheduler);
        this.live = new LiveRead(writer, options.clock());
        keeper.recoverLeftovers();
        if (startWriters) {
            scheduler.start();
        }
    }

    /** Starts the writer threads, when the constructor was told not to. */
    void startWriters() {
        scheduler.start();
    }

    private void queueReplayed(List<Series> replayed) {
        scheduler.queueReplayed(replayed);
    }

    private void retryLater(Series s) {
        scheduler.scheduleRetry(s);
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

    /** @return the directory of the host's files under the data directory ({@link RrdLayout#hostDir}) */
    @Override
    public Optional<Path> hostDirectory(String address) {
        return Optional.of(RrdLayout.hostDir(dataDir, address));
    }

    @Override
    public WriteResult write(List<Sample> samples) {
        if (samples.isEmpty()) {
            return new WriteResult(0, 0, List.of());
        }
        checkOpen();
        return intake.write(samples);
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
        keeper.open();
    }

    @Override
    public OptionalLong lastUpdate(SeriesRef series) {
        if (keeper.current() == null) {
            return lastUpdateOnDisk(fileOf(series));
        }
        Series s = table.lock(series);
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
            return OptionalLong.of(SeriesReader.lastUpdate(ch));
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        } catch (IOException e) {
            throw new KuradoException("cannot read RRD file " + file.getFileName() + ": " + FileWriter.describe(e), e);
        }
    }

    /**
     * Reads a series from the archives of the consolidation function, as {@link SeriesReader}
     * composes them for the query's detail. In the process that writes the data directory, the
     * samples still waiting in memory count as if they were in the file ({@link LiveRead}), and
     * nothing is written: the file as it is, with the waiting samples' changes laid over it.
     */
    @Override
    public Optional<SeriesData> read(SeriesQuery query) {
        checkOpen();
        Series s = table.lock(query.series());
        try {
            s.touched = options.clock().millis();
            if (keeper.current() != null) {
                try {
                    return live.read(s, query);
                } catch (NoSuchFileException e) {
                    s.state = null;
                    s.looked = false; // gone since it was looked at: look again at the next use
                    return Optional.empty();
                } catch (BrokenFileException e) {
                    if (writer.moveAside(s, e.getMessage())) {
                        s.state = null;
                        s.looked = true;
                        return Optional.empty(); // its series starts a new file; the fault is on show
                    }
                    throw new KuradoException("RRD file " + writer.name(s) + " is broken: " + e.getMessage(), e);
                }
            }
            try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ)) {
                return Optional.of(SeriesReader.read(ch, query));
            } catch (NoSuchFileException e) {
                return Optional.empty();
            } catch (BrokenFileException e) {
                if (keeper.current() != null && writer.moveAside(s, e.getMessage())) {
                    s.state = null;
                    s.looked = true;
                    return Optional.empty(); // its series starts a new file; the fault is on show
                }
                throw new KuradoException("RRD file " + writer.name(s) + " is broken: " + e.getMessage(), e);
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
        try (java.nio.file.DirectoryStream<Path> files = java.nio.file.Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (!name.endsWith(".rrd")) {
                    continue; // files being created, files moved aside
                }
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

    /**
     * Writes every waiting sample into its file now, in the calling thread.
     *
     * @return the number of samples that still wait (whose files cannot be written)
     */
    @Override
    public long flush() {
        checkOpen();
        scheduler.flushAll();
        keeper.retireSegments();
        return counters.waiting.sum();
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
        Journal j = keeper.current();
        return new Stats(counters.accepted.sum(), counters.skipped.sum(), counters.waiting.sum(),
                counters.samplesInFiles.sum(), counters.filesCreated.sum(), counters.filesWritten.sum(),
                counters.writeFailures.sum(), counters.filesMovedAside.sum(), faults.failingCount(), table.size(),
                j == null ? 0 : j.appendedBytes(), j == null ? 0 : j.segmentCount(), counters.journalLost.sum(),
                keeper.damages());
    }

    /**
     * @return what replaying the journal at start could not read, in the words it logged (e.g.
     *     {@code 4,545 samples lost in a damaged part of segment 7 (bytes 1,048,576–1,102,233; …)})
     */
    public List<String> journalLosses() {
        return keeper.losses();
    }

    /**
     * Registers the storage's figures: the journal's size, the samples and files waiting to be
     * written, files written and created, failed writes.
     */
    @Override
    public void bindTo(Meters meters) {
        meters.gauge(MeterId.of("kurado_journal_bytes", "Bytes the journal's segment files take on disk."), () -> {
            Journal j = keeper.current();
            return j == null ? 0 : j.diskBytes();
        });
        meters.gauge(MeterId.of("kurado_journal_segments", "Journal segment files on disk."), () -> {
            Journal j = keeper.current();
            return j == null ? 0 : j.segmentCount();
        });
        meters.counter(MeterId.of("kurado_journal_appended_bytes_total", "Bytes appended to the journal."), () -> {
            Journal j = keeper.current();
            return j == null ? 0 : j.appendedBytes();
        });
        meters.gauge(MeterId.of("kurado_samples_waiting", "Samples accepted and not yet written into their files."),
                counters.waiting::sum);
        meters.gauge(MeterId.of("kurado_files_waiting", "RRD files with samples waiting to be written into them."), () -> {
            long n = 0;
            for (Series s : table.all()) {
                if (s.waiting > 0) {
                    n++;
                }
            }
            return n;
        });
        meters.counter(MeterId.of("kurado_files_written_total", "Writes of existing RRD files, each holding one or more samples."),
                counters.filesWritten::sum);
        meters.counter(MeterId.of("kurado_file_creations_total", "RRD files created."), counters.filesCreated::sum);
        meters.counter(MeterId.of("kurado_file_write_failures_total", "Failed attempts to write an RRD file."),
                counters.writeFailures::sum);
        meters.counter(MeterId.of("kurado_journal_replayed_samples_total", "Samples replayed from the journal at start."),
                counters.replayed::sum);
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

    /**
     * Stops as a process that dies stops: the writers halt, nothing more is written, the journal
     * is left as it is and its lock released. For tests of what a restart recovers.
     */
    void abandon() {
        synchronized (this) {
            closed = true;
        }
        scheduler.stop();
        keeper.abandon();
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
        }
        scheduler.stop();
        scheduler.flushAll();
        fallback.rejournal();
        long left = counters.waiting.sum();
        long lost = fallback.lost();
        keeper.close(left);
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

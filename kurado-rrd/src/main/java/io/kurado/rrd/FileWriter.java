package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Puts the waiting samples of series into their files: reads a file's state the first time, creates
 * a missing file complete under a temporary name and renames it into place, updates an existing one
 * with the bytes that change ({@link FileState}), and moves a broken file aside. The caller holds
 * each series' lock.
 *
 * <p>Before an update's bytes go into a file they are appended to the journal as a WRITE record,
 * and the file's last update time is written last; so a write cut short by the death of the
 * process is finished on the next start ({@link #finishWrite}) instead of leaving a file that is
 * half old and half new.
 */
final class FileWriter {
    /** New files start this far back at most: the reach of the finest archive. */
    static final long MAX_START_BACK = 2 * 86_400L;
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private static final java.util.Set<StandardOpenOption> READ_WRITE =
            java.util.EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE);

    private final Path dataDir;
    private final InstantSource clock;
    private final StorageFaults faults;
    private final StorageCounters counters;
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);

    /** Buffers one thread reuses. */
    static final class Scratch {
        final ByteBuffer image = ByteBuffer.allocateDirect(NewFiles.size()).order(FileLayout.ORDER);
        /** True once {@link #image} holds a new file's image, changed since only in {@link #create}'s regions. */
        boolean imageReady;
        final Regions create = new Regions();
        final List<Regions> regions = new ArrayList<>();
        final JournalRecords records = new JournalRecords();
        final JournalRecords intents = new JournalRecords();
        final ByteBuffer check = ByteBuffer.allocate(FileLayout.OFF_LAST_UPDATE + 8).order(FileLayout.ORDER);

        Regions regions(int i) {
            while (regions.size() <= i) {
                regions.add(new Regions());
            }
            return regions.get(i);
        }
    }

    /** An update computed and journaled, not yet in its file. */
    static final class Prepared {
        final Series series;
        final long before;
        final Regions regions;

        Prepared(Series series, long before, Regions regions) {
            this.series = series;
            this.before = before;
            this.regions = regions;
        }
    }

    FileWriter(Path dataDir, InstantSource clock, StorageFaults faults, StorageCounters counters) {
        this.dataDir = dataDir;
        this.clock = clock;
        this.faults = faults;
        this.counters = counters;
    }

    Scratch scratch() {
        return scratch.get();
    }

    /**
     * Reads a series' file the first time it is needed: its state, or that there is none. A broken
     * file is moved aside and the series starts a new one.
     *
     * @return false when the file could not be read (the series' problem says why)
     */
    boolean look(Series s) {
        if (s.looked) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(s.file, StandardOpenOption.READ)) {
            s.state = FileState.read(ch);
            s.lastAccepted = Math.max(s.lastAccepted, s.state.lastUpdate());
        } catch (NoSuchFileException e) {
            s.state = null;
        } catch (BrokenFileException e) {
            s.state = null;
            if (!moveAside(s, e.getMessage())) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            s.state = null;
            if (Files.exists(s.file)) {
                fail(s, "cannot read " + name(s) + ": " + describe(e));
                return false;
            } // else it cannot exist (its directory is not one): creating it says why
        }
        s.looked = true;
        return true;
    }

    /**
     * Writes a new file for a series that has none, holding its waiting samples. The file starts
     * ten seconds before the oldest of them (or before now, whichever is earlier), but no earlier
     * than the finest archive reaches; older samples are dropped.
     *
     * @return true when the file is in place
     */
    boolean create(Series s) {
        Scratch sc = scratch.get();
        long now = clock.instant().getEpochSecond();
        long start = newFileStart(s, now);
        if (sc.imageReady) {
            NewFiles.reuse(sc.image, sc.create, s.ref.key().type(), start);
        } else {
            NewFiles.image(sc.image, s.ref.key().type(), start);
            sc.imageReady = true;
        }
        FileState st = FileState.ofNewFile(s.ref.key().type(), sc.image);
        int written = apply(s, st);
        sc.create.clear();
        st.changes(sc.create);
        sc.create.applyTo(sc.image);
        Path tmp = s.file.resolveSibling(s.file.getFileName() + ".creating");
        try {
            writeNew(tmp, sc.image);
            Files.move(tmp, s.file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the next attempt truncates it
            }
            fail(s, "cannot create " + name(s) + ": " + describe(e));
            return false;
        }
        st.written();
        s.state = st;
        s.looked = true;
        counters.filesCreated.increment();
        succeeded(s, written);
        return true;
    }

    /**
     * @param s a series without a file
     * @param now the epoch second now
     * @return when its new file starts: ten seconds before its oldest waiting sample (or before now,
     *     whichever is earlier), but no earlier than the finest archive reaches
     */
    static long newFileStart(Series s, long now) {
        long oldest = s.waiting > 0 ? s.times[0] : now;
        return Math.max(now - MAX_START_BACK, Math.min(now, oldest) - RrdDefinitions.START_OFFSET);
    }

    private static void writeNew(Path tmp, ByteBuffer image) throws IOException {
        try (FileChannel ch = openNew(tmp)) {
            ByteBuffer b = image.duplicate().clear();
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
    }

    private static FileChannel openNew(Path tmp) throws IOException {
        try {
            return FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            Files.createDirectories(tmp.getParent());
            return FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        }
    }

    /** Applies the waiting samples newer than the state's last update; @return how many */
    private int apply(Series s, FileState st) {
        int n = st.updateNewer(s.times, s.values, s.waiting);
        counters.samplesDropped.add(s.waiting - n);
        return n;
    }

    /**
     * Computes the update of an existing file from its waiting samples and adds its WRITE record.
     *
     * @param i which of the thread's region buffers to use
     * @return the update, or null when nothing is left to write (the samples were all older)
     */
    Prepared prepare(Series s, int i, JournalRecords records) {
        FileState st = s.state;
        long before = st.writtenLastUpdate();
        int n = apply(s, st);
        if (!st.dirty()) {
            succeeded(s, 0);
            return null;
        }
        Regions r = scratch.get().regions(i);
        r.clear();
        st.changes(r);
        records.write(s.relativeName(dataDir), before, st.lastUpdate(), r);
        s.appliedWaiting = n;
        return new Prepared(s, before, r);
    }

    /**
     * Writes a prepared update into its file, after checking that the file is still the one whose
     * state was read (same size, same header, same last update).
     *
     * @return true when written
     */
    boolean commit(Prepared p) {
        Series s = p.series;
        FileState st = s.state;
        Scratch sc = scratch.get();
        try (FileChannel ch = FileChannel.open(s.file, READ_WRITE)) {
            String changed = changedUnderneath(ch, st, p.before, sc.check);
            if (changed != null) {
                // Someone else wrote the file: read it again and apply the samples to what it holds.
                s.state = null;
                s.looked = false;
                counters.changedUnderneath.increment();
                faults.incident(s.ref, name(s) + " " + changed + " while this server had it open; read again");
                return false;
            }
            p.regions.writeTo(ch);
        } catch (IOException | RuntimeException e) {
            s.state = null;
            s.looked = false;
            s.unfinished = Unfinished.of(p);
            fail(s, "cannot write " + name(s) + ": " + describe(e));
            return false;
        }
        st.written();
        s.unfinished = null;
        counters.filesWritten.increment();
        succeeded(s, s.appliedWaiting);
        return true;
    }

    /** @return why the file is not the one the state was read from, or null when it is */
    private static String changedUnderneath(FileChannel ch, FileState st, long before, ByteBuffer check) throws IOException {
        long size = ch.size();
        if (size != st.layout.size) {
            return "changed size to " + size + " bytes";
        }
        check.clear();
        FileLayout.readFully(ch::read, check, 0);
        byte[] head = st.headBytes();
        for (int i = 0; i < FileLayout.OFF_LAST_UPDATE; i++) {
            if (check.get(i) != head[i]) {
                return "had its header overwritten";
            }
        }
        long last = check.getLong(FileLayout.OFF_LAST_UPDATE);
        if (last != before) {
            return "was updated to " + last + " (not " + before + ") by someone else";
        }
        return null;
    }

    /** Rewrites the bytes of a write that failed part way, before its samples are applied again. */
    void finishUnfinished(Series s) {
        Unfinished u = s.unfinished;
        if (u != null && finishWrite(s.file, u.before, u.offsets, u.bytes) != FinishResult.FAILED) {
            s.unfinished = null;
        }
    }

    /**
     * @param file an RRD file
     * @return the last update time it holds, or {@link Long#MIN_VALUE} when it is missing, too short,
     *     without rrd4j's signature or cannot be read
     */
    static long lastUpdateOf(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return FileLayout.lastUpdate(ch.size(), ch::read);
        } catch (IOException | RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    /** What {@link #finishWrite} did. */
    enum FinishResult { FINISHED, NOT_NEEDED, FAILED }

    /**
     * Finishes a write the journal recorded: when the file still has the last update it had before
     * (the write did not finish), its bytes are written again, the last update time last.
     */
    FinishResult finishWrite(Path file, long before, long[] offsets, byte[][] bytes) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // Most writes finished: the last update time alone says so, without reading the whole layout.
            ByteBuffer last = ByteBuffer.allocate(8).order(FileLayout.ORDER);
            if (ch.size() < FileLayout.HEAD_BYTES) {
                return FinishResult.NOT_NEEDED;
            }
            FileLayout.readFully(ch::read, last, FileLayout.OFF_LAST_UPDATE);
            if (last.getLong(0) != before) {
                return FinishResult.NOT_NEEDED;
            }
            FileState st = FileState.read(ch);
            if (st.lastUpdate() != before) {
                return FinishResult.NOT_NEEDED;
            }
            for (int i = 0; i < offsets.length; i++) {
                if (offsets[i] < 0 || offsets[i] + bytes[i].length > st.layout.size) {
                    return FinishResult.NOT_NEEDED; // not this file's layout: leave it alone
                }
            }
            for (int i = 0; i < offsets.length; i++) {
                ByteBuffer b = ByteBuffer.wrap(bytes[i]);
                long position = offsets[i];
                while (b.hasRemaining()) {
                    position += ch.write(b, position);
                }
            }
            counters.writesFinished.increment();
            return FinishResult.FINISHED;
        } catch (NoSuchFileException | BrokenFileException e) {
            return FinishResult.NOT_NEEDED;
        } catch (IOException | RuntimeException e) {
            return FinishResult.FAILED;
        }
    }

    /** Moves a broken file aside; the series starts a new file. @return false when it could not be moved */
    boolean moveAside(Series s, String reason) {
        Path aside = s.file.resolveSibling(s.file.getFileName() + ".corrupt-" + ASIDE.format(clock.instant()));
        try {
            Files.move(s.file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            fail(s, name(s) + " is broken (" + reason + ") and cannot be moved aside: " + describe(e));
            return false;
        }
        counters.filesMovedAside.increment();
        faults.incident(s.ref, name(s) + " was broken (" + reason + "); moved it to " + dataDir.relativize(aside)
                + " and started a new file: its history is in the moved file");
        return true;
    }

    private void succeeded(Series s, int samples) {
        counters.samplesInFiles.add(samples);
        counters.waiting.add(-s.waiting);
        s.clearWaiting();
        s.failures = 0;
        if (s.problem != null) {
            s.problem = null;
            faults.recovered(s.ref);
        }
    }

    private void fail(Series s, String message) {
        counters.writeFailures.increment();
        s.failures++;
        s.problem = message;
        s.retryAt = clock.millis() + Math.min(60_000L, 1_000L << Math.min(6, s.failures - 1));
        faults.failing(s.ref, message);
    }

    /** @return the file of a series relative to the data directory, as messages name it */
    String name(Series s) {
        return s.relativeName(dataDir);
    }

    /**
     * @param e a failure
     * @return what it says, in words, without absolute paths: "no space left on device"
     */
    static String describe(Throwable e) {
        if (e instanceof FileSystemException fse) {
            String reason = fse.getReason();
            if (reason == null) {
                return e instanceof NoSuchFileException ? "no such file or directory"
                        : e instanceof AccessDeniedException ? "permission denied" : e.getClass().getSimpleName();
            }
            return lower(reason);
        }
        if (e instanceof InternalError) {
            return "an I/O fault while writing (the file may have been cut short)";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : lower(m);
    }

    private static String lower(String s) {
        return s.length() > 1 && Character.isUpperCase(s.charAt(0)) && !Character.isUpperCase(s.charAt(1))
                ? Character.toLowerCase(s.charAt(0)) + s.substring(1) : s;
    }

    /** The bytes of a write that failed part way. */
    static final class Unfinished {
        final long before;
        final long[] offsets;
        final byte[][] bytes;

        private Unfinished(long before, long[] offsets, byte[][] bytes) {
            this.before = before;
            this.offsets = offsets;
            this.bytes = bytes;
        }

        static Unfinished of(Prepared p) {
            Regions r = p.regions;
            long[] offsets = new long[r.count()];
            byte[][] bytes = new byte[r.count()][];
            for (int i = 0; i < r.count(); i++) {
                offsets[i] = r.offset(i);
                bytes[i] = new byte[r.length(i)];
                r.bytes(i).get(bytes[i]);
            }
            return new Unfinished(p.before, offsets, bytes);
        }
    }
}

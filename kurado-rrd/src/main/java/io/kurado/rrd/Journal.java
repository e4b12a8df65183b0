package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An append-only log of what the RRD storage accepted and has not yet written into its files, in
 * segments of {@code <data_dir>/.journal/<sequence>.journal}.
 *
 * <p>Each record has a header of its own (a marker, its length, its samples, the samples journaled
 * before it, and checksums), described in {@link JournalFormat}: a damaged record costs only
 * itself, and replay says what it could not read ({@link JournalReplay}). A record is written with
 * one {@code write} call, so a process that dies keeps every record it finished. A segment is never appended to after the process that wrote it has
 * gone: at open, the existing segments are kept for {@link #replay} and new records go to a new
 * segment. Records are not forced to disk: like the RRD files themselves, they survive the death
 * of the process, not the loss of power.
 *
 * <p>A segment takes its full size on disk when it is made (written with zeros), and a segment no
 * longer needed ({@link #deleteBefore}) is kept as a spare ({@code <n>.spare}) for the next one:
 * so appending never needs more disk space, and the journal keeps working when the disk is full
 * while the files it protects wait for space. A spare is zeroed when it is made, so that the end of
 * what a segment holds is zeros, and anything else after its last good record is damage.
 */
final class Journal implements AutoCloseable {
    static final String DIRECTORY = ".journal";
    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final String SUFFIX = ".journal";
    private static final String SPARE = ".spare";
    /** Spares kept at most. */
    static final int SPARES = 2;
    private static final int SEGMENT_HEADER = JournalFormat.SEGMENT_HEADER;
    private static final int RECORD_HEADER = JournalFormat.RECORD_HEADER;
    private static final DateTimeFormatter ASIDE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final Path dir;
    private final long segmentBytes;
    /** Segments written by earlier processes, oldest first, until they are deleted. */
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final List<Path> spares = new ArrayList<>();
    private final List<Long> earlier;
    private final InstantSource clock;
    /** This run's id, in the header of each segment it writes. */
    private final long run = ThreadLocalRandom.current().nextLong();
    /** Damaged segments copied aside by this run. */
    private final Set<Long> keptAside = new HashSet<>();
    private long samplesAppended;
    private long spareNumber;
    private boolean preallocationFailureLogged;
    private final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER);
    private final CRC32C crc = new CRC32C();
    private FileChannel current;
    private long currentSeq;
    private long currentSize;
    private long appended;
    private boolean closed;

    /** What one replayed record holds. */
    @FunctionalInterface
    interface RecordHandler {
        void record(long segment, ByteBuffer payload) throws IOException;
    }

    private Journal(Path dir, long segmentBytes, List<Long> earlier, long nextSeq, InstantSource clock) {
        this.dir = dir;
        this.clock = clock;
        this.segmentBytes = segmentBytes;
        this.earlier = earlier;
        this.currentSeq = nextSeq - 1;
    }

    /**
     * Opens the journal of a data directory, creating its directory when missing.
     *
     * @param dataDir the data directory
     * @param maxSegmentBytes the size after which a new segment is started; smaller on a small disk,
     *     so that a few segments never take more than a small part of it
     * @return the journal; {@link #replay} reads what earlier processes left
     * @throws IOException when the directory cannot be read or made
     */
    static Journal open(Path dataDir, long maxSegmentBytes) throws IOException {
        return open(dataDir, maxSegmentBytes, InstantSource.system());
    }

    /**
     * @param dataDir the data directory
     * @param maxSegmentBytes the size after which a new segment is started
     * @param clock dates the copies of damaged segments
     * @return the journal
     * @throws IOException when the directory cannot be read or made
     */
    static Journal open(Path dataDir, long maxSegmentBytes, InstantSource clock) throws IOException {
        Path dir = dataDir.resolve(DIRECTORY);
        Files.createDirectories(dir);
        long segmentBytes = maxSegmentBytes;
        try {
            long usable = Files.getFileStore(dir).getUsableSpace();
            segmentBytes = Math.max(Math.min(maxSegmentBytes, 64 * 1024), Math.min(maxSegmentBytes, usable / 32 / 4096 * 4096));
        } catch (IOException | RuntimeException e) {
            // the largest, then
        }
        TreeMap<Long, Path> found = new TreeMap<>();
        List<Path> spares = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(SPARE)) {
                    spares.add(p);
                    continue;
                }
                if (!name.endsWith(SUFFIX)) {
                    continue;
                }
                String hex = name.substring(0, name.length() - SUFFIX.length());
                if (hex.length() == 16 && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    found.put(Long.parseUnsignedLong(hex, 16), p);
                }
            }
        }
        long next = found.isEmpty() ? 1 : found.lastKey() + 1;
        Journal j = new Journal(dir, segmentBytes, new ArrayList<>(found.keySet()), next, clock);
        j.segments.putAll(found);
        j.spareNumber = System.nanoTime();
        for (Path spare : spares) {
            // made by an earlier process, perhaps before spares were zeroed
            if (zero(spare)) {
                j.spares.add(spare);
            }
        }
        return j;
    }

    /** @return the journal's directory */
    Path directory() {
        return dir;
    }

    /** @return the sequence numbers of the segments earlier processes left, oldest first */
    List<Long> earlierSegments() {
        return List.copyOf(earlier);
    }

    /**
     * Reads every record of the segments earlier processes left, oldest first. A record that
     * cannot be read costs only itself: reading goes on at the next good record, and on through
     * every segment. What could not be read is described in the result, and a segment with damage
     * in it is copied aside ({@code <segment>.damaged-<UTC time>}) for inspection, once.
     *
     * @param handler receives each record's segment and payload
     * @return what was read, and what could not be
     * @throws IOException when a segment cannot be read
     */
    JournalReplay replay(RecordHandler handler) throws IOException {
        long records = 0;
        long samples = 0;
        List<JournalDamage> damages = new ArrayList<>();
        JournalFormat.Segment prev = null;
        long prevSeq = -1;
        Path prevPath = null;
        for (long seq : earlier) {
            Path p;
            synchronized (this) {
                p = segments.get(seq);
            }
            if (p == null) {
                continue;
            }
            byte[] all;
            try {
                all = Files.readAllBytes(p);
            } catch (NoSuchFileException e) {
                continue;
            }
            JournalFormat.Segment s = JournalFormat.read(seq, all, handler);
            records += s.records;
            samples += s.samples;
            boolean sameRun = prev != null && prev.run.isPresent() && prev.run.equals(s.run) && s.samplesBefore >= 0
                    && prev.samplesAfter >= 0;
            if (prev != null && seq > prevSeq + 1) {
                long lost = sameRun && prev.trailing.isEmpty() ? s.samplesBefore - prev.samplesAfter : -1;
                damages.add(new JournalDamage(JournalDamage.Kind.MISSING, prevSeq + 1, seq - 1, 0, 0, Math.max(-1, lost),
                        false, Optional.empty()));
            } else if (sameRun) {
                long lost = s.samplesBefore - prev.samplesAfter;
                if (prev.trailing.isPresent() && lost >= 0) {
                    JournalDamage t = prev.trailing.get();
                    prev.replace(t, t.withSamples(lost));
                } else if (lost > 0) {
                    // the end of the previous segment is gone (zeroed): somewhere after its last good record
                    JournalDamage d = new JournalDamage(JournalDamage.Kind.DAMAGED, prevSeq, prevSeq, prev.lastEnd,
                            Math.max(prev.lastEnd, prev.length), lost, false, Optional.empty());
                    prev.damages.add(d);
                }
            }
            if (prev != null) {
                damages.addAll(keepAside(prevSeq, prevPath, prev));
            }
            prev = s;
            prevSeq = seq;
            prevPath = p;
            LOG.debug("Journal segment {}: {} records, {} samples", p, s.records, s.samples);
        }
        if (prev != null) {
            damages.addAll(keepAside(prevSeq, prevPath, prev));
        }
        return new JournalReplay(records, samples, damages);
    }

    /** Copies a segment with damage in it aside, once; @return its damages, naming the copy */
    private List<JournalDamage> keepAside(long seq, Path p, JournalFormat.Segment s) {
        if (s.damages.isEmpty()) {
            return List.of();
        }
        String name = p.getFileName() + ".damaged-" + ASIDE.format(clock.instant());
        synchronized (this) {
            if (keptAside.add(seq)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName() + ".damaged-*")) {
                    var it = ds.iterator();
                    if (it.hasNext()) {
                        name = it.next().getFileName().toString(); // kept by an earlier start
                    } else {
                        Files.copy(p, dir.resolve(name));
                    }
                } catch (IOException e) {
                    LOG.warn("Cannot keep the damaged journal segment {} aside as {}: {}", p, name, FileWriter.describe(e));
                    return List.copyOf(s.damages);
                }
            } else {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p.getFileName() + ".damaged-*")) {
                    var it = ds.iterator();
                    if (!it.hasNext()) {
                        return List.copyOf(s.damages);
                    }
                    name = it.next().getFileName().toString();
                } catch (IOException e) {
                    return List.copyOf(s.damages);
                }
            }
        }
        String kept = name;
        return s.damages.stream().map(d -> d.keptAs(kept)).toList();
    }

    /** @return the sequence number of the segment records go to now (one not yet created is fine) */
    synchronized long currentSegment() {
        return currentSeq + (current == null ? 1 : 0);
    }

    /** @return the bytes appended since the journal was opened */
    synchronized long appendedBytes() {
        return appended;
    }

    /** @return the bytes its segment files take on disk (each is written to its full size when made) */
    synchronized long diskBytes() {
        long sum = 0;
        for (Path p : segments.values()) {
            try {
                sum += Files.size(p);
            } catch (IOException e) {
                // deleted meanwhile, or unreadable: counts nothing
            }
        }
        return sum;
    }

    /** @return the number of segment files on disk */
    synchronized int segmentCount() {
        return segments.size();
    }

    /**
     * Appends a record.
     *
     * @param payload the record's bytes, from position to limit (left unchanged)
     * @return the sequence number of the segment it went to
     * @throws IOException when it cannot be written; nothing of it then counts
     */
    synchronized long append(ByteBuffer payload) throws IOException {
        return append(payload, 0);
    }

    /**
     * Appends a record.
     *
     * @param payload the record's bytes, from position to limit (left unchanged)
     * @param samples the samples it holds (what is counted lost if it is ever damaged)
     * @return the sequence number of the segment it went to
     * @throws IOException when it cannot be written; nothing of it then counts
     */
    synchronized long append(ByteBuffer payload, int samples) throws IOException {
        if (closed) {
            throw new IOException("the journal is closed");
        }
        int length = payload.remaining();
        if (current == null || currentSize + RECORD_HEADER + length > segmentBytes && currentSize > SEGMENT_HEADER) {
            startSegment();
        }
        crc.reset();
        crc.update(payload.duplicate());
        header.clear();
        JournalFormat.recordHeader(header, crc, currentSeq, length, samples, samplesAppended, (int) crc.getValue());
        header.flip();
        ByteBuffer[] parts = {header, payload.duplicate()};
        long total = RECORD_HEADER + (long) length;
        long written = 0;
        try {
            current.position(currentSize);
            while (written < total) {
                written += current.write(parts);
            }
        } catch (IOException e) {
            // Whatever part reached the file is zeroed, so that nothing of it reads as damage.
            try {
                ByteBuffer zeros = ByteBuffer.allocate((int) written);
                while (zeros.hasRemaining()) {
                    current.write(zeros, currentSize + zeros.position());
                }
            } catch (IOException ignored) {
                startSegmentAfterFailure();
            }
            throw e;
        }
        currentSize += total;
        appended += total;
        samplesAppended += samples;
        return currentSeq;
    }

    private void startSegmentAfterFailure() {
        try {
            current.close();
        } catch (IOException ignored) {
            // the next append opens a new segment
        }
        current = null;
    }

    private void startSegment() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        long seq = currentSeq + 1;
        Path p = dir.resolve(name(seq));
        boolean recycled = false;
        while (!spares.isEmpty() && !recycled) {
            Path spare = spares.remove(spares.size() - 1);
            try {
                Files.move(spare, p, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                recycled = true;
            } catch (IOException e) {
                LOG.debug("Cannot reuse the journal spare {}: {}", spare, e.toString());
            }
        }
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            ByteBuffer h = ByteBuffer.allocate(SEGMENT_HEADER + RECORD_HEADER);
            JournalFormat.segmentHeader(h, seq, run, samplesAppended);
            h.clear();
            long at = 0;
            while (h.hasRemaining()) {
                at += ch.write(h, at);
            }
            if (!recycled) {
                ch.truncate(SEGMENT_HEADER + RECORD_HEADER);
                preallocate(ch, p);
            }
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(p);
            throw e;
        }
        current = ch;
        currentSeq = seq;
        currentSize = SEGMENT_HEADER;
        segments.put(seq, p);
        if (spares.isEmpty()) {
            makeSpare();
        }
    }

    /** Writes zeros to the segment's full size, so that appending to it needs no more space. */
    private void preallocate(FileChannel ch, Path p) {
        ByteBuffer zeros = ByteBuffer.allocateDirect(256 * 1024);
        try {
            long at = ch.size();
            while (at < segmentBytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
                at += ch.write(zeros, at);
            }
        } catch (IOException e) {
            if (!preallocationFailureLogged) {
                preallocationFailureLogged = true;
                LOG.warn("Cannot give the journal segment {} its full size ({} bytes): {}; it grows as records come",
                        p, segmentBytes, FileWriter.describe(e));
            }
            try {
                ch.truncate(SEGMENT_HEADER + RECORD_HEADER);
            } catch (IOException ignored) {
                // appends go on at its end
            }
        }
    }

    /** Makes a spare segment of full size, when the disk has room, for the next one to take. */
    private void makeSpare() {
        Path spare = dir.resolve(Long.toHexString(++spareNumber) + SPARE);
        try (FileChannel ch = FileChannel.open(spare, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(256 * 1024);
            long at = 0;
            while (at < segmentBytes) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), segmentBytes - at));
                at += ch.write(zeros, at);
            }
            spares.add(spare);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(spare);
            } catch (IOException ignored) {
                // nothing to clean
            }
        }
    }

    /**
     * Deletes every segment older than {@code seq}, except the one being written.
     *
     * @param seq the oldest segment still needed
     * @return how many were deleted
     */
    synchronized int deleteBefore(long seq) {
        int deleted = 0;
        while (!segments.isEmpty() && segments.firstKey() < seq
                && (current == null || segments.firstKey() != currentSeq)) {
            Path p = segments.firstEntry().getValue();
            try {
                Path spare = dir.resolve(Long.toHexString(++spareNumber) + SPARE);
                if (!closed && spares.size() < SPARES && Files.size(p) >= segmentBytes) {
                    Files.move(p, spare, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    if (zero(spare)) {
                        spares.add(spare);
                    }
                } else {
                    Files.deleteIfExists(p);
                }
                segments.pollFirstEntry();
                deleted++;
            } catch (IOException e) {
                // Segments go oldest first, so that one missing between two others is always a loss.
                LOG.warn("Could not delete journal segment {}: {}", p, e.toString());
                break;
            }
        }
        return deleted;
    }

    /** Writes zeros over a spare; @return false (after deleting it) when it cannot */
    private static boolean zero(Path spare) {
        try (FileChannel ch = FileChannel.open(spare, StandardOpenOption.WRITE)) {
            ByteBuffer zeros = ByteBuffer.allocateDirect(256 * 1024);
            long size = ch.size();
            long at = 0;
            while (at < size) {
                zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
                at += ch.write(zeros, at);
            }
            return true;
        } catch (IOException e) {
            try {
                Files.deleteIfExists(spare);
            } catch (IOException ignored) {
                // nothing more to do
            }
            return false;
        }
    }

    /** Deletes the spares: the journal is not used any more. */
    synchronized void deleteSpares() {
        for (Path p : spares) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                LOG.warn("Could not delete journal spare {}: {}", p, e.toString());
            }
        }
        spares.clear();
    }

    /** @return the oldest segment on disk, or the current one when there is none */
    synchronized long oldestSegment() {
        return segments.isEmpty() ? currentSegment() : segments.firstKey();
    }

    static String name(long seq) {
        return String.format(Locale.ROOT, "%016x", seq) + SUFFIX;
    }

    /** Closes the segment being written. Idempotent. */
    @Override
    public synchronized void close() throws IOException {
        closed = true;
        if (current != null) {
            current.close();
            current = null;
        }
    }

    /** Writes a short string: its UTF-8 length and bytes. */
    static void putString(ByteBuffer b, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.putShort((short) bytes.length);
        b.put(bytes);
    }

    /** Reads what {@link #putString} wrote. */
    static String getString(ByteBuffer b) {
        int n = Short.toUnsignedInt(b.getShort());
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
        b.position(b.position() + n);
        return s;
    }
}

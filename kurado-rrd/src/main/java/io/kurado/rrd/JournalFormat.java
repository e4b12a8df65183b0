package io.kurado.rrd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The bytes of a journal segment, and how a segment is read back so that one damaged record never
 * costs the records after it.
 *
 * <p>A segment begins with a header: {@code "KURAJRN2"}, its sequence number, the id of the process
 * run that wrote it, the samples that run journaled before it, and a CRC-32C of the header. Each
 * record is {@code marker, length, samples, samples before, CRC-32C of the payload, CRC-32C of the
 * header (with the segment's sequence number)}, then the payload. Reading checks each record on
 * its own: a record that fails its checks is skipped, and reading goes on at the next position
 * where a marker begins a header whose checksum holds. The running count of samples in each header
 * says how many samples a skipped stretch held, and the header of the next segment of the same run
 * says how many the end of a segment held.
 *
 * <p>Segments of the first format ({@code "KURAJRN1"}: records of {@code length, CRC-32C}) are still
 * read: a damaged record is skipped by searching for the next record whose checksum holds, but the
 * samples a skipped stretch held cannot be told.
 */
final class JournalFormat {
    static final long MAGIC_V1 = 0x4B5552414A524E31L; // "KURAJRN1"
    static final long MAGIC = 0x4B5552414A524E32L; // "KURAJRN2"
    static final int SEGMENT_HEADER_V1 = 16;
    static final int RECORD_HEADER_V1 = 8;
    static final int SEGMENT_HEADER = 40;
    static final int RECORD_HEADER = 28;
    /** The first bytes of every record: unlikely in sample data, so that searching for the next record is quick. */
    static final int MARKER = 0x9A7CE51D;
    /** A record longer than this is not believed when reading. */
    static final int MAX_RECORD = 64 * 1024 * 1024;

    private JournalFormat() {}

    /** Writes a segment's header. */
    static void segmentHeader(ByteBuffer into, long seq, long run, long samplesBefore) {
        int at = into.position();
        into.putLong(MAGIC).putLong(seq).putLong(run).putLong(samplesBefore).putInt(0);
        CRC32C c = new CRC32C();
        c.update(into.array(), into.arrayOffset() + at, SEGMENT_HEADER - 4);
        into.putInt((int) c.getValue());
    }

    /** Writes a record's header, given the CRC-32C of its payload. */
    static void recordHeader(ByteBuffer into, CRC32C c, long seq, int length, int samples, long samplesBefore, int payloadCrc) {
        int at = into.position();
        into.putInt(MARKER).putInt(length).putInt(samples).putLong(samplesBefore).putInt(payloadCrc);
        c.reset();
        updateSeq(c, seq);
        c.update(into.array(), into.arrayOffset() + at, RECORD_HEADER - 4);
        into.putInt((int) c.getValue());
    }

    static void updateSeq(CRC32C c, long seq) {
        for (int i = 56; i >= 0; i -= 8) {
            c.update((int) (seq >>> i) & 0xff);
        }
    }

    /** What reading one segment found. */
    static final class Segment {
        /** 1 or 2; 0 for a segment with nothing in it. */
        int format;
        /** The run that wrote it, when its header says. */
        Optional<Long> run = Optional.empty();
        /** The samples its run journaled before it, or -1. */
        long samplesBefore = -1;
        /** The samples its run had journaled at the end of its last good record, or -1. */
        long samplesAfter = -1;
        /** Where its last good record ends. */
        long lastEnd;
        /** Its size in bytes. */
        long length;
        long records;
        long samples;
        final List<JournalDamage> damages = new ArrayList<>();
        /** The damage that runs to the segment's end, if any: its count may be learned from the next segment. */
        Optional<JournalDamage> trailing = Optional.empty();

        /** Replaces a damage found (its count learned, or its copy noted). */
        void replace(JournalDamage before, JournalDamage after) {
            damages.set(damages.indexOf(before), after);
            if (trailing.isPresent() && trailing.get().equals(before)) {
                trailing = Optional.of(after);
            }
        }
    }

    /**
     * Reads a segment's records, skipping and describing what cannot be read.
     *
     * @param seq the segment's sequence number, as its name says
     * @param all its bytes
     * @param handler receives each good record
     * @return what it held
     * @throws IOException when the handler throws it
     */
    static Segment read(long seq, byte[] all, Journal.RecordHandler handler) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(all);
        Segment s = new Segment();
        s.length = all.length;
        if (all.length >= SEGMENT_HEADER_V1 && b.getLong(0) == MAGIC_V1 && b.getLong(8) == seq) {
            s.format = 1;
            readV1(seq, all, handler, s);
            return s;
        }
        if (allZero(all, 0, all.length)) {
            return s;
        }
        s.format = 2;
        int pos;
        int gapStart = -1;
        if (validSegmentHeader(b, seq)) {
            s.run = Optional.of(b.getLong(16));
            s.samplesBefore = b.getLong(24);
            pos = SEGMENT_HEADER;
        } else {
            gapStart = 0; // the header is damaged: its records may not be
            pos = 0;
        }
        long expected = s.samplesBefore;
        long gapKnown = 0;
        boolean cut = false;
        CRC32C c = new CRC32C();
        s.lastEnd = pos;
        while (pos < all.length) {
            if (isRecordHeader(b, pos, seq, c)) {
                int length = b.getInt(pos + 4);
                int samples = b.getInt(pos + 8);
                long before = b.getLong(pos + 12);
                long end = (long) pos + RECORD_HEADER + length;
                boolean good = end <= all.length && payloadCrc(c, all, pos + RECORD_HEADER, length) == b.getInt(pos + 20);
                if (good) {
                    try {
                        handler.record(seq, ByteBuffer.wrap(all, pos + RECORD_HEADER, length).slice());
                    } catch (RuntimeException e) {
                        good = false; // well formed to its checksum, yet not readable: counted as damaged
                    }
                }
                if (good) {
                    if (gapStart >= 0) {
                        boolean exact = expected >= 0 && before >= expected;
                        boolean onlyTheHeader = gapStart == 0 && pos == SEGMENT_HEADER && gapKnown == 0;
                        long lost = exact ? before - expected : onlyTheHeader ? 0 : gapKnown > 0 ? gapKnown : -1;
                        boolean atLeast = !exact && !onlyTheHeader;
                        s.damages.add(new JournalDamage(JournalDamage.Kind.DAMAGED, seq, seq, gapStart, pos, lost, atLeast,
                                Optional.empty()));
                        gapStart = -1;
                        gapKnown = 0;
                    }
                    s.records++;
                    s.samples += samples;
                    expected = before + samples;
                    pos = (int) end;
                    s.lastEnd = pos;
                    continue;
                }
                // A header that holds, a payload that does not (or is cut): skipped whole.
                if (gapStart < 0) {
                    gapStart = pos;
                }
                gapKnown += samples;
                if (end > all.length) {
                    cut = true;
                    pos = all.length;
                    break;
                }
                pos = (int) end;
                continue;
            }
            if (gapStart < 0) {
                if (allZero(all, pos, all.length)) {
                    break; // the end of what was written
                }
                gapStart = pos;
            }
            pos = nextMarker(all, pos + 1);
        }
        s.samplesAfter = expected;
        if (gapStart >= 0) {
            int end = lastNonZero(all, gapStart) + 1;
            boolean atEnd = cut || end == all.length;
            JournalDamage d = new JournalDamage(atEnd ? JournalDamage.Kind.CUT : JournalDamage.Kind.DAMAGED, seq, seq,
                    gapStart, atEnd ? all.length : Math.max(end, gapStart), gapKnown > 0 ? gapKnown : -1, true,
                    Optional.empty());
            s.damages.add(d);
            s.trailing = Optional.of(d);
        }
        return s;
    }

    private static boolean validSegmentHeader(ByteBuffer b, long seq) {
        if (b.capacity() < SEGMENT_HEADER || b.getLong(0) != MAGIC || b.getLong(8) != seq) {
            return false;
        }
        CRC32C c = new CRC32C();
        c.update(b.array(), 0, SEGMENT_HEADER - 4);
        return (int) c.getValue() == b.getInt(SEGMENT_HEADER - 4);
    }

    private static boolean isRecordHeader(ByteBuffer b, int pos, long seq, CRC32C c) {
        if (pos + RECORD_HEADER > b.capacity() || b.getInt(pos) != MARKER) {
            return false;
        }
        int length = b.getInt(pos + 4);
        int samples = b.getInt(pos + 8);
        if (length <= 0 || length > MAX_RECORD || samples < 0) {
            return false;
        }
        c.reset();
        updateSeq(c, seq);
        c.update(b.array(), pos, RECORD_HEADER - 4);
        return (int) c.getValue() == b.getInt(pos + RECORD_HEADER - 4);
    }

    private static int payloadCrc(CRC32C c, byte[] all, int from, int length) {
        c.reset();
        c.update(all, from, length);
        return (int) c.getValue();
    }

    /** @return the next position at or after {@code from} where the record marker begins, or the end */
    private static int nextMarker(byte[] all, int from) {
        byte m0 = (byte) (MARKER >>> 24);
        byte m1 = (byte) (MARKER >>> 16);
        byte m2 = (byte) (MARKER >>> 8);
        byte m3 = (byte) MARKER;
        for (int i = from; i + 4 <= all.length; i++) {
            if (all[i] == m0 && all[i + 1] == m1 && all[i + 2] == m2 && all[i + 3] == m3) {
                return i;
            }
        }
        return all.length;
    }

    /** Reads a segment of the first format: a damaged record is skipped up to the next whose checksum holds. */
    private static void readV1(long seq, byte[] all, Journal.RecordHandler handler, Segment s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(all);
        CRC32C c = new CRC32C();
        int pos = SEGMENT_HEADER_V1;
        s.lastEnd = pos;
        int gapStart = -1;
        while (pos + RECORD_HEADER_V1 <= all.length) {
            if (isRecordV1(b, pos, seq, c, gapStart >= 0)) {
                int length = b.getInt(pos);
                try {
                    handler.record(seq, ByteBuffer.wrap(all, pos + RECORD_HEADER_V1, length).slice());
                } catch (RuntimeException e) {
                    if (gapStart < 0) {
                        gapStart = pos;
                    }
                    pos += RECORD_HEADER_V1 + length;
                    continue;
                }
                if (gapStart >= 0) {
                    s.damages.add(new JournalDamage(JournalDamage.Kind.DAMAGED, seq, seq, gapStart, pos, -1, true,
                            Optional.empty()));
                    gapStart = -1;
                }
                s.records++;
                pos += RECORD_HEADER_V1 + length;
                s.lastEnd = pos;
                continue;
            }
            if (gapStart < 0) {
                if (allZero(all, pos, all.length)) {
                    return;
                }
                gapStart = pos;
            }
            pos++;
        }
        // What follows the last good record of a first-format segment may be what the segment held
        // before it was reused: not told apart from damage, so not reported.
    }

    /** @param searching true past a damaged record: only a payload of a known kind is checked, which keeps the search quick */
    private static boolean isRecordV1(ByteBuffer b, int pos, long seq, CRC32C c, boolean searching) {
        int length = b.getInt(pos);
        if (length <= 0 || length > MAX_RECORD || pos + RECORD_HEADER_V1 + (long) length > b.capacity()) {
            return false;
        }
        byte kind = b.get(pos + RECORD_HEADER_V1);
        if (searching && kind != JournalRecords.SAMPLES && kind != JournalRecords.WRITE) {
            return false;
        }
        c.reset();
        updateSeq(c, seq);
        c.update(b.array(), pos + RECORD_HEADER_V1, length);
        return (int) c.getValue() == b.getInt(pos + 4);
    }

    static boolean allZero(byte[] all, int from, int to) {
        for (int i = from; i < to; i++) {
            if (all[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int lastNonZero(byte[] all, int from) {
        for (int i = all.length - 1; i >= from; i--) {
            if (all[i] != 0) {
                return i;
            }
        }
        return from - 1;
    }
}

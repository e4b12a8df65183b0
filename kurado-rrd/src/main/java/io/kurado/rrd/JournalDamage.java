package io.kurado.rrd;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A part of the journal that replay could not read: a damaged stretch of a segment, a segment cut
 * in the middle of a record, a segment whose header is unreadable, or a missing segment.
 *
 * @param kind what happened
 * @param segment the segment's sequence number (the first of a run of missing ones)
 * @param lastSegment the last missing segment of a run ({@code segment} otherwise)
 * @param from the first byte of the damaged stretch (0 for a missing segment)
 * @param to the byte after it (0 for a missing segment)
 * @param samples the samples it held, when the journal can tell (-1 when it cannot)
 * @param atLeast true when {@code samples} is a lower bound
 * @param keptAs the copy of the segment kept for inspection, when one was made
 */
record JournalDamage(Kind kind, long segment, long lastSegment, long from, long to, long samples, boolean atLeast,
        Optional<String> keptAs) {
    /** What happened. */
    enum Kind {
        /** Bytes in the middle or at the end of a segment that are no valid record. */
        DAMAGED,
        /** The segment file ends in the middle of a record. */
        CUT,
        /** A segment between two others is not there. */
        MISSING
    }

    JournalDamage {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(keptAs, "keptAs");
        if (lastSegment < segment || to < from || samples < -1) {
            throw new IllegalArgumentException("not a part of the journal: " + segment + "–" + lastSegment + ", bytes "
                    + from + "–" + to + ", " + samples + " samples");
        }
    }

    /** @return this damage with its sample count known exactly */
    JournalDamage withSamples(long exact) {
        return new JournalDamage(kind, segment, lastSegment, from, to, exact, false, keptAs);
    }

    /** @return this damage, noting the copy kept for inspection */
    JournalDamage keptAs(String name) {
        return new JournalDamage(kind, segment, lastSegment, from, to, samples, atLeast, Optional.of(name));
    }

    /** @return true when the samples it held are known (exactly or as a lower bound) */
    boolean counted() {
        return samples >= 0;
    }

    /** @return the damage in words, e.g. {@code 4,545 samples lost in a damaged part of segment 7 (bytes 1,048,576–1,102,233)} */
    String describe() {
        String lost = samples < 0 ? "an unknown number of samples" : (atLeast ? "at least " : "") + number(samples)
                + (samples == 1 ? " sample" : " samples");
        String kept = keptAs.map(k -> "; the segment is kept as " + k).orElse("");
        return switch (kind) {
            case DAMAGED -> lost + " lost in a damaged part of segment " + segment + " (bytes " + number(from) + "–"
                    + number(to) + kept + ")";
            case CUT -> lost + " lost: segment " + segment + " ends in the middle of a record (cut at byte " + number(to)
                    + ", the record began at byte " + number(from) + kept + ")";
            case MISSING -> lost + " lost: " + (lastSegment == segment ? "segment " + segment + " is missing"
                    : "segments " + segment + "–" + lastSegment + " are missing") + " (between segments " + (segment - 1)
                    + " and " + (lastSegment + 1) + ")";
        };
    }

    static String number(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}

package io.kurado.rrd;

import java.util.TreeMap;

/**
 * Which journal segments hold samples not yet in their files: a count of series per segment, each
 * series counted at the segment of its oldest waiting sample. A segment older than every pinned
 * one is no longer needed. Thread-safe.
 */
final class SegmentPins {
    private final TreeMap<Long, int[]> pins = new TreeMap<>();

    /** Counts {@code series} more series at a segment (a negative segment means none). */
    synchronized void pin(long segment, int series) {
        if (segment >= 0 && series != 0) {
            pins.computeIfAbsent(segment, k -> new int[1])[0] += series;
        }
    }

    /** Counts {@code series} fewer series at a segment. */
    synchronized void unpin(long segment, int series) {
        if (segment < 0 || series == 0) {
            return;
        }
        int[] c = pins.get(segment);
        if (c != null && (c[0] -= series) <= 0) {
            pins.remove(segment);
        }
    }

    /** @return the oldest segment still needed, or {@link Long#MAX_VALUE} when none is */
    synchronized long oldest() {
        return pins.isEmpty() ? Long.MAX_VALUE : pins.firstKey();
    }
}

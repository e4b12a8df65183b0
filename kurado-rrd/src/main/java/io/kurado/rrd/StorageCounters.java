package io.kurado.rrd;

import java.util.concurrent.atomic.LongAdder;

/** What the RRD storage has done since it opened. */
final class StorageCounters {
    final LongAdder accepted = new LongAdder();
    final LongAdder skipped = new LongAdder();
    /** Samples waiting to be written into their files. */
    final LongAdder waiting = new LongAdder();
    final LongAdder samplesInFiles = new LongAdder();
    /** Samples older than their file's start or last update when written, so not in it. */
    final LongAdder samplesDropped = new LongAdder();
    final LongAdder filesWritten = new LongAdder();
    final LongAdder filesCreated = new LongAdder();
    final LongAdder filesMovedAside = new LongAdder();
    final LongAdder writeFailures = new LongAdder();
    final LongAdder changedUnderneath = new LongAdder();
    final LongAdder writesFinished = new LongAdder();
    final LongAdder replayed = new LongAdder();
    /** Samples journaled by an earlier process and found lost in a damaged journal. */
    final LongAdder journalLost = new LongAdder();
}

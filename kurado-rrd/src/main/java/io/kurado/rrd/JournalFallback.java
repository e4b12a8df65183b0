package io.kurado.rrd;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the storage does when the journal fails it. Samples the journal cannot take are written
 * into their files before the write returns; a series whose file cannot be written either keeps
 * them in memory only, shown as a problem, and they are journaled anew as soon as the journal takes
 * records again. Series whose files cannot be written for long have their samples journaled anew
 * too, so that they do not keep old segments alive. The caller holds no series' lock unless said.
 */
final class JournalFallback {
    private final JournalKeeper keeper;
    private final SeriesTable table;
    private final StorageFaults faults;
    /** Series whose waiting samples only memory holds. */
    private final AtomicInteger unjournaled = new AtomicInteger();

    JournalFallback(JournalKeeper keeper, SeriesTable table, StorageFaults faults) {
        this.keeper = keeper;
        this.table = table;
        this.faults = faults;
    }

    /** Marks a series whose waiting samples the journal does not hold. */
    void keepUnjournaled(Series s) {
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

    /** After a write of a series whose lock the caller holds: its samples, all in the file, need no journal. */
    void written(Series s) {
        if (s.waiting == 0 && s.unjournaled) {
            s.unjournaled = false;
            unjournaled.decrementAndGet();
        }
    }

    /** Journals anew the samples that only memory holds, once the journal takes records again. */
    void rejournal() {
        Journal j = keeper.current();
        if (j == null || unjournaled.get() == 0) {
            return;
        }
        for (Series s : table.all()) {
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
                    if (!keeper.append(j, again)) {
                        return;
                    }
                    long old = s.pin;
                    s.pin = j.currentSegment();
                    keeper.pin(s.pin, 1);
                    keeper.unpin(old, 1);
                }
                s.unjournaled = false;
                unjournaled.decrementAndGet();
            } finally {
                s.lock.unlock();
            }
        }
    }

    /**
     * Journals anew, in the current segment, the samples of a series that cannot be written and
     * whose oldest sample pins an old segment. The caller holds its lock.
     */
    void renew(Series s, Journal j) {
        if (s.waiting > 0 && s.problem != null && s.pin >= 0 && s.pin < j.currentSegment()) {
            JournalRecords again = new JournalRecords();
            again.samples(s.ref, s.times, s.values, 0, s.waiting);
            long old = s.pin;
            s.pin = j.currentSegment();
            keeper.pin(s.pin, 1);
            if (keeper.append(j, again)) {
                keeper.unpin(old, 1);
            } else {
                keeper.unpin(s.pin, 1);
                s.pin = old;
            }
        }
    }

    /** @return the samples that only memory holds: lost when the storage closes now */
    long lost() {
        long lost = 0;
        for (Series s : table.all()) {
            if (s.unjournaled && s.waiting > 0) {
                lost += s.waiting;
            }
        }
        return lost;
    }
}

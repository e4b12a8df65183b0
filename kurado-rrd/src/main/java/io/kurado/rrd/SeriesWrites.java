package io.kurado.rrd;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * Writes the waiting samples of series into their files, in the calling thread: new files are
 * created; updates of existing ones are journaled as one WRITE record and then written; a file that
 * changed underneath is read again and written at once; a series whose write fails is tried again
 * later.
 */
final class SeriesWrites {
    private final FileWriter writer;
    private final JournalKeeper keeper;
    private final JournalFallback fallback;
    private final RrdStorageOptions options;
    private final Consumer<Series> retryLater;

    /** @param retryLater schedules another try of a series whose write failed */
    SeriesWrites(FileWriter writer, JournalKeeper keeper, JournalFallback fallback, RrdStorageOptions options,
            Consumer<Series> retryLater) {
        this.writer = writer;
        this.keeper = keeper;
        this.fallback = fallback;
        this.options = options;
        this.retryLater = retryLater;
    }

    /** Writes one series' waiting samples into its file now. */
    void writeNow(Series s) {
        s.lock.lock();
        try {
            if (!s.removed && s.waiting > 0) {
                writeLocked(List.of(s));
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Writes the waiting samples of series whose locks the caller holds. */
    void writeLocked(List<Series> locked) {
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
            keeper.append(keeper.current(), intents);
        }
        for (FileWriter.Prepared p : prepared) {
            if (!writer.commit(p) && p.series.problem == null) {
                rewrite(p.series, sc);
            }
        }
        for (int i = 0; i < locked.size(); i++) {
            Series s = locked.get(i);
            if (pinsBefore[i] >= 0 && s.pin < 0) {
                keeper.unpin(pinsBefore[i], 1);
            }
            fallback.written(s);
            if (s.waiting == 0) {
                // After a new file, the next write comes after 1 to n samples, so that files created
                // together are not all written together ever after.
                s.writeAt = isNew[i] && s.state != null ? 1 + ThreadLocalRandom.current().nextInt(options.samplesPerWrite())
                        : options.samplesPerWrite();
            } else if (s.problem != null) {
                retryLater.accept(s);
            }
        }
    }

    /** The file changed under us: reads it again and writes at once. */
    private void rewrite(Series s, FileWriter.Scratch sc) {
        if (writer.look(s) && s.waiting > 0) {
            if (s.state == null) {
                writer.create(s);
            } else {
                JournalRecords again = new JournalRecords();
                FileWriter.Prepared q = writer.prepare(s, sc.regions.size(), again);
                if (q != null) {
                    keeper.append(keeper.current(), again);
                    writer.commit(q);
                }
            }
        }
    }
}

package io.kurado.rrd;

import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.StorageProblem;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage's problems: series whose writes fail now, and faults it recovered from that cost
 * data. Each is logged once when it begins (and again only when what is wrong changes), and once
 * when it ends; at most {@link #REPORTS_PER_MINUTE} such lines a minute, the rest counted in the
 * next line that is logged.
 */
final class StorageFaults {
    static final int REPORTS_PER_MINUTE = 10;
    /** How long a recovered fault stays on show. */
    static final Duration KEEP = Duration.ofHours(24);
    private static final int MAX_KEPT = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);

    private final InstantSource clock;
    private final Map<SeriesRef, StorageProblem> ongoing = new LinkedHashMap<>();
    private final Map<SeriesRef, StorageProblem> past = new LinkedHashMap<>();
    private long windowStart = Long.MIN_VALUE;
    private int reportsInWindow;
    private int suppressed;

    StorageFaults(InstantSource clock) {
        this.clock = clock;
    }

    /** Writes of a series fail: what is wrong, naming the file. */
    synchronized void failing(SeriesRef series, String message) {
        StorageProblem before = ongoing.get(series);
        if (before != null && before.message().equals(message)) {
            return;
        }
        Instant since = before == null ? clock.instant() : before.since();
        if (ongoing.size() < MAX_KEPT || before != null) {
            ongoing.put(series, new StorageProblem(series, message, since, true));
        }
        report(false, "Cannot write " + series + ": " + message + "; its samples are kept and tried again");
    }

    /** Writes of a series work again. */
    synchronized void recovered(SeriesRef series) {
        StorageProblem before = ongoing.remove(series);
        if (before != null) {
            report(true, "Writing " + series + " works again (failing since " + before.since() + ")");
        }
    }

    /** @return true when writes of the series fail now */
    synchronized boolean isFailing(SeriesRef series) {
        return ongoing.containsKey(series);
    }

    /** Something happened to a series that the storage recovered from, at a cost. */
    synchronized void incident(SeriesRef series, String message) {
        past.remove(series);
        if (past.size() >= MAX_KEPT) {
            past.remove(past.keySet().iterator().next());
        }
        past.put(series, new StorageProblem(series, message, clock.instant(), false));
        report(false, message);
    }

    /** @return the problems: ongoing ones first, then those of the last day, newest first */
    synchronized List<StorageProblem> problems() {
        Instant cutoff = clock.instant().minus(KEEP);
        past.values().removeIf(p -> p.since().isBefore(cutoff));
        List<StorageProblem> out = new ArrayList<>(ongoing.values());
        List<StorageProblem> old = new ArrayList<>(past.values());
        old.sort(Comparator.comparing(StorageProblem::since).reversed());
        out.addAll(old);
        return out;
    }

    /** @return the number of series whose writes fail now */
    synchronized int failingCount() {
        return ongoing.size();
    }

    private void report(boolean info, String line) {
        long minute = clock.millis() / 60_000;
        if (minute != windowStart) {
            windowStart = minute;
            reportsInWindow = 0;
        }
        if (reportsInWindow >= REPORTS_PER_MINUTE) {
            suppressed++;
            return;
        }
        reportsInWindow++;
        String text = suppressed > 0 ? line + " (" + suppressed + " similar reports suppressed)" : line;
        suppressed = 0;
        if (info) {
            LOG.info(text);
        } else {
            LOG.warn(text);
        }
    }

    @Override
    public String toString() {
        return Objects.toString(ongoing.keySet());
    }
}

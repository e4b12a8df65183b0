package io.kurado.rrd;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.WriteResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes samples in ({@link RrdStorage#write(List)}): by series, in time order, those newer than
 * what each series has; appends them to the journal as one record and keeps them in memory, where
 * reads see them; queues the series that have enough to be written. A new series is counted
 * against its plugin's limit of files. When the journal cannot take the record, the samples go
 * into their files before the call returns ({@link JournalFallback}).
 */
final class SampleIntake {
    private static final Comparator<Sample> BY_TIME = Comparator.comparingLong(Sample::timestamp);

    private final RrdStorageOptions options;
    private final StorageCounters counters;
    private final FileWriter writer;
    private final SeriesTable table;
    private final JournalKeeper keeper;
    private final JournalFallback fallback;
    private final SeriesWrites writes;
    private final WriteScheduler scheduler;

    SampleIntake(RrdStorageOptions options, StorageCounters counters, FileWriter writer, SeriesTable table,
            JournalKeeper keeper, JournalFallback fallback, SeriesWrites writes, WriteScheduler scheduler) {
        this.options = options;
        this.counters = counters;
        this.writer = writer;
        this.table = table;
        this.keeper = keeper;
        this.fallback = fallback;
        this.writes = writes;
        this.scheduler = scheduler;
    }

    WriteResult write(List<Sample> samples) {
        Journal j = keeper.open();
        Call call = new Call(j, options.clock().millis(), writer.scratch().records);
        Map<SeriesRef, Object> bySeries = bySeries(samples);
        // Pinned before any series can be written, and so unpinned, by another thread.
        keeper.pin(call.segment, bySeries.size());
        for (Map.Entry<SeriesRef, Object> e : bySeries.entrySet()) {
            accept(e.getKey(), e.getValue() instanceof Sample one ? List.of(one) : sorted(e.getValue()), call);
        }
        keeper.unpin(call.segment, bySeries.size() - call.newlyWaiting);
        counters.accepted.add(call.accepted);
        counters.skipped.add(call.skipped);
        if (!call.records.isEmpty() && !keeper.append(j, call.records)) {
            // Not journaled: the samples go into their files before this call returns; those that
            // cannot are kept in memory until they can, or until the journal takes them again.
            for (Series s : call.touched) {
                writes.writeNow(s);
                fallback.keepUnjournaled(s);
            }
        }
        if (counters.waiting.sum() > RrdStorage.MAX_WAITING) {
            scheduler.help();
        }
        return new WriteResult(call.accepted, call.skipped, call.failures);
    }

    /** What one {@link #write} call has done so far. */
    private static final class Call {
        final long now;
        final long segment;
        final JournalRecords records;
        final List<Series> touched = new ArrayList<>();
        final List<String> failures = new ArrayList<>(0);
        int accepted;
        int skipped;
        int newlyWaiting;

        Call(Journal j, long now, JournalRecords records) {
            this.now = now;
            this.segment = j == null ? -1 : j.currentSegment();
            this.records = records;
            records.clear();
        }
    }

    /** @return the samples by series, in the order given: a sample, or a list when a series has several */
    private static Map<SeriesRef, Object> bySeries(List<Sample> samples) {
        Map<SeriesRef, Object> bySeries = new HashMap<>(samples.size() * 2);
        PluginRef lastPlugin = null;
        String lastEscaped = null;
        for (Sample s : samples) {
            if (s.plugin() != lastPlugin) {
                lastPlugin = s.plugin();
                lastEscaped = lastPlugin.escapedIdentifier();
            }
            SeriesRef ref = new SeriesRef(s.address(), lastEscaped, s.key());
            Object before = bySeries.putIfAbsent(ref, s);
            if (before != null) {
                bySeries.put(ref, several(before, s));
            }
        }
        return bySeries;
    }

    @SuppressWarnings("unchecked")
    private static List<Sample> several(Object before, Sample next) {
        List<Sample> l;
        if (before instanceof Sample first) {
            l = new ArrayList<>(4);
            l.add(first);
        } else {
            l = (List<Sample>) before;
        }
        l.add(next);
        return l;
    }

    @SuppressWarnings("unchecked")
    private static List<Sample> sorted(Object several) {
        List<Sample> l = (List<Sample>) several;
        l.sort(BY_TIME);
        return l;
    }

    /** Accepts the samples of one series that are newer than what it has, in time order. */
    private void accept(SeriesRef ref, List<Sample> group, Call call) {
        Series s;
        try {
            s = table.lock(ref);
        } catch (KuradoException ex) {
            refuse(group.size(), "cannot store " + ref + ": " + ex.getMessage(), call);
            return;
        }
        try {
            if (!s.looked && s.problem == null && s.lastAccepted != Long.MIN_VALUE) {
                // replayed from the journal, its file not read yet: it may hold newer samples than the journal
                writer.look(s);
            }
            if (s.lastAccepted == Long.MIN_VALUE && !firstSight(s, group.size(), call)) {
                return;
            }
            int from = s.waiting;
            for (int i = 0; i < group.size(); i++) {
                Sample x = group.get(i);
                if (x.timestamp() <= s.lastAccepted) {
                    call.skipped++;
                } else {
                    s.add(x.timestamp(), x.value());
                }
            }
            int added = s.waiting - from;
            if (added > 0) {
                call.accepted += added;
                counters.waiting.add(added);
                if (from == 0) {
                    s.waitingSince = call.now;
                    s.pin = call.segment;
                    call.newlyWaiting++;
                    scheduler.startedWaiting(s, call.now);
                }
                call.records.samples(s.journalKey(), s.times, s.values, from, added);
                call.touched.add(s);
                scheduler.queueIfFull(s);
            }
            s.touched = call.now;
        } finally {
            s.lock.unlock();
        }
    }

    /**
     * A series with nothing accepted yet: reads its file, and counts a new one against its
     * plugin's limit of files.
     *
     * @return false when the series is refused (its samples are reported as failed)
     */
    private boolean firstSight(Series s, int samples, Call call) {
        if (!s.looked && !writer.look(s)) {
            scheduler.scheduleRetry(s);
        }
        if (s.lastAccepted == Long.MIN_VALUE && s.state == null && s.looked && !s.counted) {
            Optional<String> refused = table.admit(s);
            if (refused.isPresent()) {
                table.remove(s);
                refuse(samples, refused.get(), call);
                return false;
            }
        }
        return true;
    }

    private static void refuse(int samples, String why, Call call) {
        for (int i = 0; i < samples; i++) {
            call.failures.add(why);
        }
    }
}

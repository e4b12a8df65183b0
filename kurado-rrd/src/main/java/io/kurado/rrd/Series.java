package io.kurado.rrd;

import io.kurado.api.storage.SeriesRef;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One series the storage knows: its file, the file's state once read, and the samples accepted
 * for it that are not yet in the file. Every field but the identity is guarded by {@link #lock}.
 */
final class Series {
    final SeriesRef ref;
    final Path file;
    final ReentrantLock lock = new ReentrantLock();

    /** The file's state; null when not read yet, when there is no file, or after a failed write. */
    FileState state;
    /** True once the file was looked for: {@link #state} is then the truth about it. */
    boolean looked;
    /** The newest sample accepted, in the file or waiting; {@link Long#MIN_VALUE} when none. */
    long lastAccepted = Long.MIN_VALUE;
    /** Samples waiting to be written, oldest first. */
    long[] times = new long[2];
    double[] values = new double[2];
    int waiting;
    /** The journal segment that holds the oldest waiting sample, or -1 when none waits. */
    long pin = -1;
    /** When the oldest waiting sample was accepted, in clock milliseconds. */
    long waitingSince;
    /** The number of waiting samples at which the file is written. */
    int writeAt;
    /** True while in the queue of files to write. */
    boolean queued;
    /** Why the last attempt to write failed, or null. */
    String problem;
    /** When to try again after a failure, in clock milliseconds. */
    long retryAt;
    /** The last write or read, in clock milliseconds. */
    long touched;
    /** True once dropped from the table: whoever holds it looks it up again. */
    boolean removed;
    /** True while the journal does not hold its waiting samples (it could not take them). */
    volatile boolean unjournaled;
    /** True once counted against its plugin's limit of files. */
    boolean counted;
    /** Failed attempts in a row. */
    int failures;
    /** How many waiting samples the update being written holds. */
    int appliedWaiting;
    /** The bytes of a write that failed part way, written again before anything else. */
    FileWriter.Unfinished unfinished;

    Series(SeriesRef ref, Path file) {
        this.ref = ref;
        this.file = file;
    }

    /** Appends a sample after the last accepted one. */
    void add(long time, double value) {
        if (waiting == times.length) {
            int n = Math.max(4, waiting * 2);
            times = Arrays.copyOf(times, n);
            values = Arrays.copyOf(values, n);
        }
        times[waiting] = time;
        values[waiting] = value;
        waiting++;
        lastAccepted = time;
    }

    /**
     * Forgets the waiting samples at or before a time (the file holds them), keeping the others in
     * arrays of their size.
     *
     * @param time the last update time of the file
     * @return how many were forgotten
     */
    int dropUpTo(long time) {
        int n = 0;
        while (n < waiting && times[n] <= time) {
            n++;
        }
        int left = waiting - n;
        if (n > 0 || times.length > Math.max(2, left)) {
            long[] t = new long[Math.max(2, left)];
            double[] v = new double[t.length];
            System.arraycopy(times, n, t, 0, left);
            System.arraycopy(values, n, v, 0, left);
            times = t;
            values = v;
        }
        waiting = left;
        lastAccepted = Math.max(lastAccepted, time);
        return n;
    }

    /** Forgets the waiting samples: they are in the file now. */
    void clearWaiting() {
        waiting = 0;
        pin = -1;
        if (times.length > 16) {
            times = new long[2];
            values = new double[2];
        }
    }

    private byte[] journalKey;

    /** @return how the journal names this series (made once) */
    byte[] journalKey() {
        if (journalKey == null) {
            journalKey = JournalRecords.seriesKey(ref);
        }
        return journalKey;
    }

    private String relativeName;

    /** @return the file's name relative to a data directory (always the same one), made once */
    String relativeName(Path dataDir) {
        String r = relativeName;
        if (r == null) {
            r = dataDir.relativize(file).toString();
            relativeName = r;
        }
        return r;
    }
}

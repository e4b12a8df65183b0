package io.kurado.rrd;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When files are written, and by which threads. A series is due when {@link
 * RrdStorageOptions#samplesPerWrite()} samples wait for it (its {@link Series#writeAt}), when its
 * oldest waiting sample is {@link RrdStorageOptions#maxWriteDelay()} old, when its file is new, or
 * when a failed write is to be tried again. The writer threads take due series from a queue, up to
 * {@link RrdStorage#BATCH} at a time, and once a second keep house: queue what waited long enough,
 * journal anew what only memory holds, delete segments no longer needed and, once a minute, forget
 * idle series. When samples pile up faster than files are written, the writing thread helps.
 */
final class WriteScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(RrdStorage.class);
    /** A flush of more series than this uses another thread. */
    private static final int FLUSH_SERIES_PER_THREAD = 2_000;

    private final RrdStorageOptions options;
    private final long maxDelayMillis;
    private final StorageCounters counters;
    private final SeriesTable table;
    private final JournalKeeper keeper;
    private final JournalFallback fallback;
    private final SeriesWrites writes;
    private final LinkedBlockingQueue<Series> due = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Timed> waitingOrder = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Timed> retries = new PriorityQueue<>(Comparator.comparingLong(Timed::at));
    private final ReentrantLock housekeeping = new ReentrantLock();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;
    private long lastHousekeeping;
    private long lastSweep;

    /** A series with a time: when its oldest waiting sample arrived, or when to try it again. */
    private record Timed(Series series, long at) {}

    WriteScheduler(RrdStorageOptions options, StorageCounters counters, SeriesTable table, JournalKeeper keeper,
            JournalFallback fallback, SeriesWrites writes) {
        this.options = options;
        this.maxDelayMillis = options.maxWriteDelay().toMillis();
        this.counters = counters;
        this.table = table;
        this.keeper = keeper;
        this.fallback = fallback;
        this.writes = writes;
    }

    /** Starts the writer threads (once). */
    synchronized void start() {
        if (!threads.isEmpty()) {
            return;
        }
        for (int i = 1; i <= options.writerThreads(); i++) {
            Thread t = new Thread(this::writerLoop, "kurado-rrd-writer-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Tells the writers to stop and waits for them to finish what they are writing. */
    void stop() {
        running = false;
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A series, whose lock the caller holds, has its first waiting sample since {@code now}. */
    void startedWaiting(Series s, long now) {
        waitingOrder.add(new Timed(s, now));
    }

    /** Queues a series whose lock the caller holds when it has enough samples to be written. */
    void queueIfFull(Series s) {
        if (!s.queued && s.problem == null && (s.state == null || s.waiting >= s.writeAt)) {
            s.queued = true;
            due.add(s);
        }
    }

    /**
     * Queues the series that have samples replayed from the journal, to be written as soon as the
     * writers get to them: those samples waited already, in the process that stopped.
     */
    void queueReplayed(List<Series> replayed) {
        long since = options.clock().millis() - maxDelayMillis;
        for (Series s : replayed) {
            s.lock.lock();
            try {
                if (s.removed || s.waiting == 0) {
                    continue;
                }
                s.waitingSince = since; // due, however few wait
                startedWaiting(s, since); // and queued again by the housekeeping should a write skip it
                if (!s.queued) {
                    s.queued = true;
                    due.add(s);
                }
            } finally {
                s.lock.unlock();
            }
        }
    }

    /** Tries a series whose write failed again at its {@link Series#retryAt}. */
    void scheduleRetry(Series s) {
        synchronized (retries) {
            retries.add(new Timed(s, s.retryAt));
        }
    }

    /**
     * Writes every waiting sample into its file now: in the calling thread, and when many series
     * wait, in as many threads as there are writers (as after a replay, or at a stop).
     */
    void flushAll() {
        promote(true);
        List<Series> all = new ArrayList<>(table.all());
        int threads = Math.min(options.writerThreads(), 1 + all.size() / FLUSH_SERIES_PER_THREAD);
        AtomicInteger next = new AtomicInteger();
        Runnable work = () -> {
            for (int i = next.getAndIncrement(); i < all.size(); i = next.getAndIncrement()) {
                writes.writeNow(all.get(i));
            }
        };
        List<Thread> helpers = new ArrayList<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        for (int t = 1; t < threads; t++) {
            Thread h = new Thread(work, "kurado-rrd-flush-" + t);
            h.setDaemon(true);
            h.setUncaughtExceptionHandler((th, e) -> failed.compareAndSet(null, e));
            helpers.add(h);
            h.start();
        }
        try {
            work.run();
        } finally {
            for (Thread h : helpers) {
                try {
                    h.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Throwable e = failed.get();
        if (e instanceof RuntimeException re) {
            throw re;
        } else if (e instanceof Error err) {
            throw err;
        }
    }

    /** A writer whose samples pile up faster than files are written writes files itself. */
    void help() {
        List<Series> batch = new ArrayList<>(RrdStorage.BATCH);
        while (counters.waiting.sum() > RrdStorage.MAX_WAITING * 9 / 10) {
            batch.clear();
            due.drainTo(batch, RrdStorage.BATCH);
            if (batch.isEmpty()) {
                Timed t = waitingOrder.poll();
                if (t == null) {
                    return;
                }
                batch.add(t.series());
            }
            writeBatch(batch, true);
        }
    }

    private void writerLoop() {
        List<Series> batch = new ArrayList<>(RrdStorage.BATCH);
        while (running) {
            try {
                batch.clear();
                Series first = due.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    due.drainTo(batch, RrdStorage.BATCH - 1);
                    writeBatch(batch, false);
                }
                housekeep();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error e) {
                LOG.error("RRD writer failed; it goes on: {}", e.toString(), e);
            }
        }
    }

    /**
     * Writes series taken from the queue that are still due (or all that wait, when forced); one
     * that another thread holds goes back to the queue.
     */
    private void writeBatch(List<Series> batch, boolean force) {
        List<Series> locked = new ArrayList<>(batch.size());
        long now = options.clock().millis();
        for (Series s : batch) {
            if (!s.lock.tryLock()) {
                due.add(s);
                continue;
            }
            s.queued = false;
            if (s.removed || s.waiting == 0 || !force && !isDue(s, now)) {
                s.lock.unlock();
            } else {
                locked.add(s);
            }
        }
        try {
            if (!locked.isEmpty()) {
                writes.writeLocked(locked);
            }
        } finally {
            for (Series s : locked) {
                s.lock.unlock();
            }
        }
    }

    /** @return true when a series' file should be written now */
    private boolean isDue(Series s, long now) {
        if (s.problem != null) {
            return now >= s.retryAt;
        }
        return s.state == null || s.waiting >= s.writeAt || now - s.waitingSince >= maxDelayMillis;
    }

    /** Queues the series whose oldest sample waited long enough and those due for another try. */
    private void promote(boolean all) {
        long now = options.clock().millis();
        Timed t;
        while ((t = waitingOrder.peek()) != null && (all || t.at() + maxDelayMillis <= now)) {
            waitingOrder.poll();
            queueIfWaiting(t.series(), t.at(), false);
        }
        while (true) {
            synchronized (retries) {
                t = retries.peek();
                if (t == null || t.at() > now && !all) {
                    break;
                }
                retries.poll();
            }
            queueIfWaiting(t.series(), Long.MIN_VALUE, true);
        }
    }

    private void queueIfWaiting(Series s, long since, boolean retry) {
        s.lock.lock();
        try {
            if (!s.removed && s.waiting > 0 && !s.queued && (since == Long.MIN_VALUE || s.waitingSince == since)
                    && (retry || s.problem == null)) {
                s.queued = true;
                due.add(s);
            }
        } finally {
            s.lock.unlock();
        }
    }

    private void housekeep() {
        long now = options.clock().millis();
        if (now - lastHousekeeping < 1_000 || !housekeeping.tryLock()) {
            return;
        }
        try {
            lastHousekeeping = now;
            promote(false);
            fallback.rejournal();
            keeper.retireSegments();
            keeper.handOver();
            if (now - lastSweep >= 60_000) {
                lastSweep = now;
                sweep(now);
            }
        } finally {
            housekeeping.unlock();
        }
    }

    /**
     * Forgets series idle for a while, and journals anew the samples of series that cannot be
     * written, so that they do not keep old segments alive.
     */
    private void sweep(long now) {
        Journal j = keeper.current();
        boolean renew = j != null && j.segmentCount() > RrdStorage.MAX_SEGMENTS;
        for (Series s : table.all()) {
            if (!s.lock.tryLock()) {
                continue;
            }
            try {
                if (s.waiting == 0 && !s.queued && s.problem == null && now - s.touched > RrdStorage.IDLE_MILLIS) {
                    table.remove(s);
                } else if (renew) {
                    fallback.renew(s, j);
                }
            } finally {
                s.lock.unlock();
            }
        }
    }
}

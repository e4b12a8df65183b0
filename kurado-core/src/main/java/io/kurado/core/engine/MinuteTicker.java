package io.kurado.core.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a task once a minute, a fixed offset after each minute of the clock, on a thread of its own.
 * A tick that comes round while the previous one is still running, or after the process stalled, is
 * skipped rather than run late: the next run is for the current minute, and the minutes skipped are
 * counted and logged. The scheduler runs its rounds on one; other once-a-minute jobs can too.
 *
 * <p>{@link #runDue()} runs what is due by the clock, so that a test drives a ticker with a manual
 * clock and no waiting.
 */
public final class MinuteTicker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MinuteTicker.class);
    private static final long MINUTE = 60_000;

    /** What runs each minute. */
    @FunctionalInterface
    public interface Task {
        /**
         * @param epochMinute the minute this run is for (epoch seconds / 60)
         */
        void run(long epochMinute);
    }

    private final String name;
    private final InstantSource clock;
    private final long offsetMillis;
    private final Task task;
    private ScheduledExecutorService timer;
    private long lastRun = Long.MIN_VALUE;
    private long skipped;

    /**
     * @param name names the thread and the log lines
     * @param clock the clock the minutes are read from
     * @param offset how long after each minute the task runs, under a minute
     * @param task what runs
     */
    public MinuteTicker(String name, InstantSource clock, Duration offset, Task task) {
        this.name = Objects.requireNonNull(name, "name");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.offsetMillis = offset.toMillis();
        if (offsetMillis < 0 || offsetMillis >= MINUTE) {
            throw new IllegalArgumentException("a minute ticker's offset must be from 0 to 59.999 s, not " + offset);
        }
        this.task = Objects.requireNonNull(task, "task");
    }

    /**
     * @param nowMillis the current time
     * @param offset the offset after the minute
     * @return milliseconds until the next minute boundary plus the offset (never 0)
     */
    public static long delayToNext(long nowMillis, Duration offset) {
        long next = Math.floorDiv(nowMillis, MINUTE) * MINUTE + offset.toMillis();
        while (next <= nowMillis) {
            next += MINUTE;
        }
        return next - nowMillis;
    }

    private long dueMinute(long nowMillis) {
        return Math.floorDiv(nowMillis - offsetMillis, MINUTE);
    }

    /**
     * Starts ticking: the first run is at the next minute plus the offset. Starting twice does nothing.
     *
     * @return this ticker
     */
    public synchronized MinuteTicker start() {
        if (timer == null) {
            lastRun = dueMinute(clock.millis());
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            scheduleNext();
        }
        return this;
    }

    /**
     * Runs the task for the current minute if its time has come and it has not run yet.
     *
     * @return the minute run, or -1 when nothing was due
     */
    public long runDue() {
        long due;
        synchronized (this) {
            due = dueMinute(clock.millis());
            if (lastRun != Long.MIN_VALUE && due <= lastRun) {
                return -1;
            }
            if (lastRun != Long.MIN_VALUE && due > lastRun + 1) {
                long missed = due - lastRun - 1;
                skipped += missed;
                log.warn("{}: skipped {} minute(s): the previous run or the process was late; running for the current minute",
                        name, missed);
            }
            lastRun = due;
        }
        try {
            task.run(due);
        } catch (RuntimeException e) {
            log.warn("{}: the run for minute {} failed: {}", name, due, e.toString());
        }
        return due;
    }

    /** @return how many minutes were skipped because a run came late */
    public synchronized long skipped() {
        return skipped;
    }

    private synchronized void scheduleNext() {
        if (timer == null) {
            return;
        }
        timer.schedule(() -> {
            try {
                runDue();
            } finally {
                scheduleNext();
            }
        }, delayToNext(clock.millis(), Duration.ofMillis(offsetMillis)), TimeUnit.MILLISECONDS);
    }

    /** Stops ticking; a run in progress is interrupted. */
    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}

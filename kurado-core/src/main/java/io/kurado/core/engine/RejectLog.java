package io.kurado.core.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log of rejected input, bounded twice: at most one report per interval per key (a kind of
 * fault and a host), and at most a fixed number of reports per interval in all, so that garbage
 * with a new address on every line cannot flood the log. A report that gets through says how
 * many were held back before it.
 */
final class RejectLog {
    /** Past this many keys the per-key memory starts afresh, so hostile keys cannot fill the heap. */
    private static final int MAX_KEYS = 10_000;

    private final InstantSource clock;
    private final long intervalMillis;
    private final int maxPerInterval;
    private final Consumer<String> sink;
    private final Map<String, Long> lastByKey = new HashMap<>();
    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long suppressed;

    /**
     * @param clock the clock
     * @param interval the interval of both bounds
     * @param maxPerInterval the most reports per interval in all
     * @param sink where reports go
     */
    RejectLog(InstantSource clock, Duration interval, int maxPerInterval, Consumer<String> sink) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
        this.maxPerInterval = maxPerInterval;
        this.sink = sink;
    }

    /**
     * @param key the kind of fault and the host it is about
     * @return true when a report about {@code key} would be logged now
     */
    synchronized boolean wouldReport(String key) {
        long now = clock.millis();
        Long last = lastByKey.get(key);
        if (last != null && now - last < intervalMillis) {
            return false;
        }
        return windowStart == Long.MIN_VALUE || now - windowStart >= intervalMillis || inWindow < maxPerInterval;
    }

    /**
     * Logs a report unless one of the bounds holds it back.
     *
     * @param key the kind of fault and the host it is about
     * @param message builds the report; called only when it is logged
     * @return true when it was logged
     */
    boolean report(String key, Supplier<String> message) {
        long held;
        synchronized (this) {
            if (!wouldReport(key)) {
                suppressed++;
                return false;
            }
            long now = clock.millis();
            if (windowStart == Long.MIN_VALUE || now - windowStart >= intervalMillis) {
                windowStart = now;
                inWindow = 0;
            }
            inWindow++;
            if (lastByKey.size() >= MAX_KEYS) {
                lastByKey.clear();
            }
            lastByKey.put(key, now);
            held = suppressed;
            suppressed = 0;
        }
        String m = message.get();
        sink.accept(held > 0 ? m + " (" + held + " other reports of rejected input held back before this one)" : m);
        return true;
    }
}

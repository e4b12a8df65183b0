package io.kurado.core.internal.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The log of rejected input, bounded twice: at most one report per interval per key (a kind of
 * fault and a host), and at most a fixed number of reports per interval for each kind of fault, so
 * that garbage with a new address on every line cannot flood the log, nor hide a report of another
 * kind. A report that gets through says how many of its kind were held back before it.
 */
final class RejectLog {
    /** Past this many keys the per-key memory starts afresh, so hostile keys cannot fill the heap. */
    private static final int MAX_KEYS = 10_000;

    private final InstantSource clock;
    private final long intervalMillis;
    private final int maxPerInterval;
    private final Consumer<String> sink;
    private final Map<String, Long> lastByKey = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();

    /** The reports of one kind in the current interval. */
    private static final class Window {
        long start = Long.MIN_VALUE;
        int reports;
        long heldBack;
    }

    /**
     * @param clock the clock
     * @param interval the interval of both bounds
     * @param maxPerInterval the most reports per interval of one kind
     * @param sink where reports go
     */
    RejectLog(InstantSource clock, Duration interval, int maxPerInterval, Consumer<String> sink) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
        this.maxPerInterval = maxPerInterval;
        this.sink = sink;
    }

    /**
     * @param kind the kind of fault (a fixed word, never input)
     * @param host the host it is about, as quoted in reports
     * @return true when a report would be logged now
     */
    synchronized boolean wouldReport(String kind, String host) {
        long now = clock.millis();
        Long last = lastByKey.get(kind + '\u0000' + host);
        if (last != null && now - last < intervalMillis) {
            return false;
        }
        Window w = windows.get(kind);
        return w == null || now - w.start >= intervalMillis || w.reports < maxPerInterval;
    }

    /**
     * Logs a report unless one of the bounds holds it back.
     *
     * @param kind the kind of fault (a fixed word, never input)
     * @param host the host it is about, as quoted in reports
     * @param message builds the report; called only when it is logged
     * @return true when it was logged
     */
    boolean report(String kind, String host, Supplier<String> message) {
        long held;
        synchronized (this) {
            Window w = windows.computeIfAbsent(kind, k -> new Window());
            if (!wouldReport(kind, host)) {
                w.heldBack++;
                return false;
            }
            long now = clock.millis();
            if (now - w.start >= intervalMillis || w.start == Long.MIN_VALUE) {
                w.start = now;
                w.reports = 0;
            }
            w.reports++;
            if (lastByKey.size() >= MAX_KEYS) {
                lastByKey.clear();
            }
            lastByKey.put(kind + '\u0000' + host, now);
            held = w.heldBack;
            w.heldBack = 0;
        }
        String m = message.get();
        sink.accept(held > 0 ? m + " (" + held + " more such reports held back before this one)" : m);
        return true;
    }
}

package io.kurado.core.internal.engine;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Lets a message through at most once per interval per key (a host, a plugin), counting the rest. */
final class RateLimitedLog {
    private final InstantSource clock;
    private final long intervalMillis;
    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private static final class Entry {
        volatile long lastMillis = Long.MIN_VALUE;
        final AtomicLong suppressed = new AtomicLong();
    }

    RateLimitedLog(InstantSource clock, Duration interval) {
        this.clock = clock;
        this.intervalMillis = interval.toMillis();
    }

    /**
     * @param key what the message is about
     * @return -1 when the message must be dropped; else how many were dropped since the last one
     */
    long admit(String key) {
        if (entries.size() > 100_000) {
            entries.clear();
        }
        Entry e = entries.computeIfAbsent(key, k -> new Entry());
        long now = clock.millis();
        synchronized (e) {
            if (e.lastMillis != Long.MIN_VALUE && now - e.lastMillis < intervalMillis) {
                e.suppressed.incrementAndGet();
                return -1;
            }
            e.lastMillis = now;
            return e.suppressed.getAndSet(0);
        }
    }
}

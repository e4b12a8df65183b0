package io.kurado.plugins.base;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Memory from {@code /proc/meminfo}, in bytes: {@code memory-total}, {@code memory-free},
 * {@code memory-buffers}, {@code memory-cached}, {@code memory-swap-total}, {@code memory-used}
 * (total − free − buffers − cached) and {@code memory-swap-used} (swap total − swap free), all
 * gauges. A missing field counts as 0.
 *
 * @since 0.1
 */
public final class MemoryCollector implements MetricCollector {
    @Override
    public String name() {
        return "memory";
    }

    @Override
    public void collect(SystemRoot system, BaseMetrics out) {
        Map<String, Long> info = new HashMap<>();
        for (String line : system.lines("/proc/meminfo")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            info.put(line.substring(0, colon).strip(), toBytes(line.substring(colon + 1)));
        }
        long total = info.getOrDefault("MemTotal", 0L);
        long free = info.getOrDefault("MemFree", 0L);
        long buffers = info.getOrDefault("Buffers", 0L);
        long cached = info.getOrDefault("Cached", 0L);
        long swapTotal = info.getOrDefault("SwapTotal", 0L);
        long swapFree = info.getOrDefault("SwapFree", 0L);
        out.metric("memory-total.gauge", total);
        out.metric("memory-free.gauge", free);
        out.metric("memory-buffers.gauge", buffers);
        out.metric("memory-cached.gauge", cached);
        out.metric("memory-swap-total.gauge", swapTotal);
        out.metric("memory-used.gauge", total - free - buffers - cached);
        out.metric("memory-swap-used.gauge", swapTotal - swapFree);
    }

    /**
     * Converts a meminfo value to bytes: a bare number is kept, a number with a unit of kB, MB,
     * GB or TB (any case) is multiplied by a power of 1024; anything else counts as 0, an unknown
     * unit as the bare number.
     *
     * @param text the value, e.g. {@code  16318828 kB}
     * @return bytes
     */
    static long toBytes(String text) {
        String s = text.strip();
        int i = 0;
        while (i < s.length() && Character.isDigit(s.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        long n = Long.parseLong(s.substring(0, i));
        String unit = s.substring(i).strip().toLowerCase(Locale.ROOT);
        switch (unit) {
            case "kb":
                return n << 10;
            case "mb":
                return n << 20;
            case "gb":
                return n << 30;
            case "tb":
                return n << 40;
            default:
                return n;
        }
    }
}

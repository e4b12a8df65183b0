package io.kurado.plugins.support;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a plugin's section of {@code metrics_config}, matching keys without regard to case: the
 * original's sample configuration writes {@code MYSQL} where its plugin read {@code MySQL}; both
 * work here.
 */
public final class MetricsConfig {
    private final Map<?, ?> section;

    private MetricsConfig(Map<?, ?> section) {
        this.section = section;
    }

    /**
     * @param metricsConfig the host's merged {@code metrics_config}
     * @param name the section, e.g. {@code MySQL}
     * @return the section; empty when there is none or it is not a mapping
     */
    public static MetricsConfig section(Map<String, Object> metricsConfig, String name) {
        Object v = lookup(metricsConfig, name);
        return new MetricsConfig(v instanceof Map<?, ?> m ? m : Map.of());
    }

    /**
     * @param key a key of the section
     * @return its value as text, if present and not empty
     */
    public Optional<String> text(String key) {
        Object v = lookup(section, key);
        if (v == null || v instanceof Map || v instanceof Iterable) {
            return Optional.empty();
        }
        String s = String.valueOf(v);
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    private static Object lookup(Map<?, ?> map, String key) {
        Object exact = map.get(key);
        if (exact != null) {
            return exact;
        }
        String lower = key.toLowerCase(Locale.ROOT);
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (e.getKey() != null && String.valueOf(e.getKey()).toLowerCase(Locale.ROOT).equals(lower)) {
                return e.getValue();
            }
        }
        return null;
    }
}

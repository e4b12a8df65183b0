package io.kurado.api;

import java.util.Optional;

/**
 * The RRD data-source type of a metric, chosen by the suffix of its key
 * ({@code cpu-user.derive}).
 *
 * @since 0.1
 */
public enum DataSourceType {
    /** A value as it is, such as a temperature or a queue length. */
    GAUGE,
    /** An ever-increasing counter; rates are computed and wraps are handled. */
    COUNTER,
    /** A counter whose rate may be negative; no wrap handling. */
    DERIVE,
    /** A counter that is reset on every read. */
    ABSOLUTE;

    private final String suffix = name().toLowerCase(java.util.Locale.ROOT);

    /** @return the key suffix without its dot, e.g. {@code derive} */
    public String suffix() {
        return suffix;
    }

    /**
     * Finds the type named by a suffix.
     *
     * @param suffix the suffix without its dot, lower case as the line format writes it
     * @return the type, or empty when the suffix names none
     */
    public static Optional<DataSourceType> fromSuffix(String suffix) {
        switch (suffix) {
            case "gauge":
                return Optional.of(GAUGE);
            case "counter":
                return Optional.of(COUNTER);
            case "derive":
                return Optional.of(DERIVE);
            case "absolute":
                return Optional.of(ABSOLUTE);
            default:
                return Optional.empty();
        }
    }
}

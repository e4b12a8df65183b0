package io.kurado.api.alert;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A threshold rule over the series of one plugin of one host: variables bound to metric keys
 * ({@code used} → {@code disk-usage-*-used.gauge}, where {@code *} matches one instance, e.g. a
 * device, and becomes the alert's {@code instance} label), an rrdtool RPN expression over them as
 * in a {@code CDEF} ({@code used,used,avail,+,/,100,*}), evaluated at each point of a window and
 * aggregated over it ({@code avg} of the last 5 minutes), then compared with the thresholds.
 *
 * <p>A {@link io.kurado.api.view.MetricsViewer} ships default rules for its plugin; the
 * configuration may replace one (a rule of the same name) or switch it off.
 *
 * @param name the rule's name, the alerts' {@code alertname}: letters, digits, {@code -}, {@code _}
 * @param plugin the plugin whose series it reads ({@code base})
 * @param series the variables and the metric keys they read, in order; a {@code *} in a key
 *     matches one instance (the same in every key that has one)
 * @param expression the RPN expression over the variables; a single variable reads it as it is
 * @param window how the points of the window are aggregated, and how long the window is
 * @param warning the value at which the rule warns, if it does
 * @param critical the value at which it is critical, if it is
 * @param direction whether values above or below the thresholds alert
 * @param forDuration how long the condition must hold before the alert fires (0: at once)
 * @param recoverFor how long the value must stay under the threshold before it resolves (0: at once)
 * @param summary the alert's summary; {@code {value}}, {@code {instance}}, {@code {hostname}} and
 *     {@code {threshold}} are replaced
 * @since 0.1
 */
public record AlertRule(String name, String plugin, Map<String, String> series, String expression, Window window,
        Optional<Double> warning, Optional<Double> critical, Direction direction, Duration forDuration,
        Duration recoverFor, String summary) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,18}");

    /** Which side of a threshold alerts. */
    public enum Direction {
        /** Values at or above the threshold alert. */
        ABOVE,
        /** Values at or below the threshold alert. */
        BELOW;

        /**
         * @param value a value
         * @param threshold a threshold
         * @return whether the value is on the alerting side of the threshold
         */
        public boolean crosses(double value, double threshold) {
            return this == ABOVE ? value >= threshold : value <= threshold;
        }
    }

    /** How the points of a window make one value. */
    public enum Aggregate {
        /** The mean of the known points. */
        AVG,
        /** The smallest known point. */
        MIN,
        /** The largest known point. */
        MAX,
        /** The newest known point. */
        LAST
    }

    /**
     * The window a rule reads: its length and how its points are aggregated ({@code avg 5m}).
     *
     * @param aggregate how the points make one value
     * @param length how far back the window reaches, at least a minute
     */
    public record Window(Aggregate aggregate, Duration length) {
        /** Validates the fields. */
        public Window {
            Objects.requireNonNull(aggregate, "aggregate");
            Objects.requireNonNull(length, "length");
            if (length.compareTo(Duration.ofMinutes(1)) < 0 || length.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("a window is from 1 minute to 1 day long, not " + length);
            }
        }

        /** @return the window as the configuration writes it, e.g. {@code avg 5m} */
        @Override
        public String toString() {
            long s = length.toSeconds();
            String len = s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
            return aggregate.name().toLowerCase(java.util.Locale.ROOT) + " " + len;
        }
    }

    /** Validates the fields and copies the map. */
    public AlertRule {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a rule name (letters, digits, '-', '_', '.')");
        }
        Objects.requireNonNull(plugin, "plugin");
        if (plugin.isBlank()) {
            throw new IllegalArgumentException("rule '" + name + "' names no plugin");
        }
        series = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(series, "series")));
        if (series.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' reads no series");
        }
        for (Map.Entry<String, String> e : series.entrySet()) {
            if (!VARIABLE.matcher(e.getKey()).matches()) {
                throw new IllegalArgumentException("rule '" + name + "': '" + e.getKey()
                        + "' is not a variable name (a letter, then up to 18 letters, digits, '-' or '_')");
            }
            String key = e.getValue();
            if (key.isBlank() || key.indexOf('*') != key.lastIndexOf('*') || key.indexOf('/') >= 0) {
                throw new IllegalArgumentException("rule '" + name + "': series '" + key
                        + "' must be a metric key with its type, with at most one '*'");
            }
        }
        Objects.requireNonNull(expression, "expression");
        if (expression.isBlank()) {
            throw new IllegalArgumentException("rule '" + name + "' has no expression");
        }
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        if (warning.isEmpty() && critical.isEmpty()) {
            throw new IllegalArgumentException("rule '" + name + "' has neither a warning nor a critical threshold");
        }
        Objects.requireNonNull(direction, "direction");
        if (warning.isPresent() && critical.isPresent() && !direction.crosses(critical.get(), warning.get())) {
            throw new IllegalArgumentException("rule '" + name + "': the critical threshold " + critical.get() + " must be "
                    + (direction == Direction.ABOVE ? "above" : "below") + " the warning one " + warning.get());
        }
        Objects.requireNonNull(forDuration, "forDuration");
        Objects.requireNonNull(recoverFor, "recoverFor");
        if (forDuration.isNegative() || recoverFor.isNegative()) {
            throw new IllegalArgumentException("rule '" + name + "': 'for' and 'recover_for' cannot be negative");
        }
        Objects.requireNonNull(summary, "summary");
    }

    /**
     * A rule that alerts above its thresholds after 5 minutes and resolves after 5 minutes.
     *
     * @param name the rule's name
     * @param plugin the plugin
     * @param series the variables and their metric keys
     * @param expression the RPN expression
     * @param window the window
     * @param warning the warning threshold
     * @param critical the critical threshold
     * @param summary the summary
     * @return the rule
     */
    public static AlertRule above(String name, String plugin, Map<String, String> series, String expression, Window window,
            double warning, double critical, String summary) {
        return new AlertRule(name, plugin, series, expression, window, Optional.of(warning), Optional.of(critical),
                Direction.ABOVE, Duration.ofMinutes(5), Duration.ofMinutes(5), summary);
    }

    /** @return whether a key of the rule has a {@code *}, so that the rule alerts per instance */
    public boolean perInstance() {
        return series.values().stream().anyMatch(k -> k.indexOf('*') >= 0);
    }
}

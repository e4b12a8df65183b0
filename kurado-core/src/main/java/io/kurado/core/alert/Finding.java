package io.kurado.core.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A problem an evaluation found: which alert (its labels but the severity), how bad, the value and
 * the words, and how long it must last before it fires and how long its absence before it resolves.
 *
 * @param labels the alert's labels without {@code severity}
 * @param severity {@code warning} or {@code critical}
 * @param value the value that crossed the threshold, NaN when there is none
 * @param summary what is wrong, in words
 * @param forDuration how long it must hold before the alert fires
 * @param recoverFor how long it must be absent before the alert resolves
 */
public record Finding(Map<String, String> labels, String severity, double value, String summary, Duration forDuration,
        Duration recoverFor) {
    /** Copies the labels, sorted. */
    public Finding {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(forDuration, "forDuration");
        Objects.requireNonNull(recoverFor, "recoverFor");
    }

    /** @return the identity of the alert, the same whatever its severity */
    public String id() {
        return io.kurado.api.alert.Alert.fingerprint(labels);
    }
}

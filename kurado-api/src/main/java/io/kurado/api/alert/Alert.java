package io.kurado.api.alert;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One alert, as Alertmanager models it. The labels identify it ({@code alertname}, {@code host}
 * (the address), {@code hostname}, {@code service}, {@code plugin}, {@code severity}, and whatever
 * a rule adds, e.g. {@code instance}); the annotations describe it ({@code summary},
 * {@code description}, {@code value}, {@code link}).
 *
 * @param labels what identifies the alert, sorted by name
 * @param annotations what describes it, sorted by name
 * @param status firing or resolved
 * @param startsAt when it started firing
 * @param endsAt when it was resolved, for a resolved alert
 * @param generatorUrl the page that shows it (the host page)
 */
public record Alert(Map<String, String> labels, Map<String, String> annotations, Status status, Instant startsAt,
        Optional<Instant> endsAt, String generatorUrl) {
    /** Whether an alert fires. */
    public enum Status {
        /** The condition holds. */
        FIRING,
        /** The condition held and no longer does. */
        RESOLVED;

        /** @return the status as Alertmanager writes it ({@code firing}, {@code resolved}) */
        public String wire() {
            return this == FIRING ? "firing" : "resolved";
        }
    }

    /** Copies the maps, sorted by name. */
    public Alert {
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        annotations = java.util.Collections.unmodifiableMap(new TreeMap<>(annotations));
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
        if (status == Status.RESOLVED && endsAt.isEmpty()) {
            throw new IllegalArgumentException("a resolved alert has an end time");
        }
    }

    /** @return the alert's name ({@code alertname}) */
    public String name() {
        return labels.getOrDefault("alertname", "");
    }

    /** @return a stable id of the alert's labels (16 hex digits), the same in every process */
    public String fingerprint() {
        return fingerprint(labels);
    }

    /**
     * @param labels an alert's labels
     * @return a stable id of them (16 hex digits of a SHA-256 over the sorted names and values)
     */
    public static String fingerprint(Map<String, String> labels) {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
                d.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
                d.update(e.getValue().getBytes(StandardCharsets.UTF_8));
                d.update((byte) 0);
            }
            return HexFormat.of().formatHex(d.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}

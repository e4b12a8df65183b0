package io.kurado.api.alert;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A message to one receiver about a group of alerts: the alerts that share the group's labels
 * (by default {@code service} and {@code severity}), new, still firing or resolved since the
 * group's last message, or a note that an alert started or stopped flapping.
 *
 * @param receiver the name of the receiver in the configuration
 * @param kind what the message says
 * @param groupKey identifies the group (the same for every message about it)
 * @param groupLabels the labels the group is made of
 * @param commonLabels the labels every alert of the group has, with the same value
 * @param commonAnnotations the annotations every alert of the group has, with the same value
 * @param alerts the alerts, firing first
 * @param externalUrl the address of Kurado's web UI
 * @param at when the message was made
 */
public record Notification(String receiver, Kind kind, String groupKey, Map<String, String> groupLabels,
        Map<String, String> commonLabels, Map<String, String> commonAnnotations, List<Alert> alerts, String externalUrl,
        Instant at) {
    /** What a notification says. */
    public enum Kind {
        /** Alerts fire or resolved. */
        ALERTS,
        /** An alert changes state too often; its changes are held back until it is stable. */
        FLAPPING,
        /** A flapping alert is stable again. */
        STABLE
    }

    /** Copies the maps and the list. */
    public Notification {
        groupLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(groupLabels));
        commonLabels = java.util.Collections.unmodifiableMap(new TreeMap<>(commonLabels));
        commonAnnotations = java.util.Collections.unmodifiableMap(new TreeMap<>(commonAnnotations));
        alerts = List.copyOf(alerts);
    }

    /** @return firing when any of its alerts fires, else resolved */
    public Alert.Status status() {
        return alerts.stream().anyMatch(a -> a.status() == Alert.Status.FIRING) ? Alert.Status.FIRING : Alert.Status.RESOLVED;
    }
}

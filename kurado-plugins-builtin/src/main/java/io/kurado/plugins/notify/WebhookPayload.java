package io.kurado.plugins.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * A notification as Alertmanager's webhook receiver sends it (version 4), so that a receiver written
 * for Alertmanager reads it unchanged:
 *
 * <pre>{@code
 * {"version": "4", "groupKey": "...", "truncatedAlerts": 0, "status": "firing", "receiver": "ops",
 *  "groupLabels": {...}, "commonLabels": {...}, "commonAnnotations": {...}, "externalURL": "...",
 *  "alerts": [{"status": "firing", "labels": {...}, "annotations": {...}, "startsAt": "...",
 *              "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "...", "fingerprint": "..."}]}
 * }</pre>
 *
 * <p>A firing alert ends at {@code 0001-01-01T00:00:00Z}, Go's zero time, as Alertmanager writes
 * it. A notification that an alert flaps or is stable again carries the annotation
 * {@value #KIND_ANNOTATION} ({@code flapping} or {@code stable}) on each of its alerts and in
 * {@code commonAnnotations}; its status and its alerts' are the alerts' own. Labels are left alone,
 * so the alerts keep their fingerprints.
 */
final class WebhookPayload {
    /** The annotation that marks a notification about flapping. */
    static final String KIND_ANNOTATION = "kurado_notification";
    /** How Go, and so Alertmanager, writes a time that is not set. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WebhookPayload() {}

    /**
     * @param n a notification
     * @return its JSON, compact, in UTF-8
     */
    static byte[] json(Notification n) {
        try {
            return MAPPER.writeValueAsBytes(tree(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always written", e);
        }
    }

    /**
     * @param n a notification
     * @return its JSON, indented, as the README shows it
     */
    static String pretty(Notification n) {
        try {
            return MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(tree(n));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always written", e);
        }
    }

    static ObjectNode tree(Notification n) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("version", "4");
        root.put("groupKey", n.groupKey());
        root.put("truncatedAlerts", 0);
        root.put("status", n.status().wire());
        root.put("receiver", n.receiver());
        root.set("groupLabels", map(n.groupLabels()));
        root.set("commonLabels", map(n.commonLabels()));
        root.set("commonAnnotations", map(annotations(n, n.commonAnnotations())));
        root.put("externalURL", n.externalUrl());
        ArrayNode alerts = root.putArray("alerts");
        for (Alert a : n.alerts()) {
            ObjectNode o = alerts.addObject();
            o.put("status", a.status().wire());
            o.set("labels", map(a.labels()));
            o.set("annotations", map(annotations(n, a.annotations())));
            o.put("startsAt", time(a.startsAt()));
            o.put("endsAt", a.status() == Alert.Status.FIRING ? ZERO_TIME : a.endsAt().map(WebhookPayload::time).orElse(ZERO_TIME));
            o.put("generatorURL", a.generatorUrl());
            o.put("fingerprint", a.fingerprint());
        }
        return root;
    }

    /**
     * @param n a notification
     * @param annotations annotations of it or of one of its alerts
     * @return them, with {@value #KIND_ANNOTATION} when it is about flapping
     */
    static Map<String, String> annotations(Notification n, Map<String, String> annotations) {
        if (n.kind() == Notification.Kind.ALERTS) {
            return annotations;
        }
        Map<String, String> out = new java.util.TreeMap<>(annotations);
        out.put(KIND_ANNOTATION, n.kind().name().toLowerCase(java.util.Locale.ROOT));
        return out;
    }

    /**
     * @param t a time
     * @return it in RFC 3339, in UTC, as Go writes it (fractions of a second only when there are)
     */
    static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        new java.util.TreeMap<>(m).forEach(o::put);
        return o;
    }
}

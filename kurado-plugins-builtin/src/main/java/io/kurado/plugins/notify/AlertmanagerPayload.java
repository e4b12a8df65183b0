package io.kurado.plugins.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * A notification's alerts as Alertmanager's {@code POST /api/v2/alerts} takes them: a JSON array of
 * {@code {labels, annotations, startsAt, endsAt, generatorURL}}. A firing alert ends
 * {@value #FIRING_FOR_MINUTES} resends from now, as Prometheus does: Alertmanager keeps it firing as
 * long as Kurado sends it again every minute, and resolves it by itself a few minutes after Kurado
 * stops (a stopped server). A resolved alert ends when it was resolved. Label names that Alertmanager
 * would refuse (other than letters, digits and {@code _}, not starting with a digit) have the other
 * characters replaced by {@code _}; labels with an empty value are left out, as Prometheus treats
 * them as absent.
 */
final class AlertmanagerPayload {
    /** How many resend intervals a firing alert is given before Alertmanager resolves it by itself. */
    static final int FIRING_FOR_MINUTES = 4;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertmanagerPayload() {}

    /**
     * @param n a notification
     * @param now the time of sending
     * @param resendEvery how often Kurado sends a firing alert again
     * @return the JSON array, in UTF-8
     */
    static byte[] json(Notification n, Instant now, Duration resendEvery) {
        try {
            return MAPPER.writeValueAsBytes(tree(n, now, resendEvery));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always written", e);
        }
    }

    static ArrayNode tree(Notification n, Instant now, Duration resendEvery) {
        ArrayNode alerts = MAPPER.createArrayNode();
        for (Alert a : n.alerts()) {
            ObjectNode o = alerts.addObject();
            ObjectNode labels = o.putObject("labels");
            labels(a.labels()).forEach(labels::put);
            ObjectNode annotations = o.putObject("annotations");
            new TreeMap<>(WebhookPayload.annotations(n, a.annotations())).forEach(annotations::put);
            o.put("startsAt", WebhookPayload.time(a.startsAt()));
            Instant ends = a.status() == Alert.Status.FIRING ? now.plus(resendEvery.multipliedBy(FIRING_FOR_MINUTES))
                    : a.endsAt().orElse(now);
            o.put("endsAt", WebhookPayload.time(ends));
            if (!a.generatorUrl().isEmpty()) {
                o.put("generatorURL", a.generatorUrl());
            }
        }
        return alerts;
    }

    /**
     * @param labels an alert's labels
     * @return them as Alertmanager accepts them
     */
    static Map<String, String> labels(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        labels.forEach((k, v) -> {
            if (!v.isEmpty()) {
                out.merge(labelName(k), v, (x, y) -> x);
            }
        });
        return out;
    }

    static String labelName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 1);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9' && i > 0);
            sb.append(ok ? c : '_');
        }
        return sb.length() == 0 ? "_" : sb.toString();
    }
}

package io.kurado.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerts and notifications as the JSON kept in the meta store's state. */
final class AlertJson {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private AlertJson() {}

    static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    static JsonNode read(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static ObjectNode map(Map<String, String> m) {
        ObjectNode o = MAPPER.createObjectNode();
        m.forEach(o::put);
        return o;
    }

    static Map<String, String> map(JsonNode node) {
        Map<String, String> m = new LinkedHashMap<>();
        if (node != null) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                m.put(e.getKey(), e.getValue().asText());
            }
        }
        return m;
    }

    static ObjectNode alert(Alert a) {
        ObjectNode o = MAPPER.createObjectNode();
        o.set("labels", map(a.labels()));
        o.set("annotations", map(a.annotations()));
        o.put("status", a.status().wire());
        o.put("startsAt", a.startsAt().toString());
        a.endsAt().ifPresent(t -> o.put("endsAt", t.toString()));
        o.put("generatorURL", a.generatorUrl());
        return o;
    }

    static Alert alert(JsonNode o) {
        return new Alert(map(o.get("labels")), map(o.get("annotations")),
                "resolved".equals(o.path("status").asText()) ? Alert.Status.RESOLVED : Alert.Status.FIRING,
                Instant.parse(o.path("startsAt").asText()),
                o.hasNonNull("endsAt") ? Optional.of(Instant.parse(o.get("endsAt").asText())) : Optional.empty(),
                o.path("generatorURL").asText(""));
    }

    static ObjectNode notification(Notification n) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("receiver", n.receiver());
        o.put("kind", n.kind().name());
        o.put("groupKey", n.groupKey());
        o.set("groupLabels", map(n.groupLabels()));
        o.set("commonLabels", map(n.commonLabels()));
        o.set("commonAnnotations", map(n.commonAnnotations()));
        ArrayNode alerts = o.putArray("alerts");
        n.alerts().forEach(a -> alerts.add(alert(a)));
        o.put("externalURL", n.externalUrl());
        o.put("at", n.at().toString());
        return o;
    }

    static Notification notification(JsonNode o) {
        List<Alert> alerts = new ArrayList<>();
        o.path("alerts").forEach(a -> alerts.add(alert(a)));
        return new Notification(o.path("receiver").asText(), Notification.Kind.valueOf(o.path("kind").asText("ALERTS")),
                o.path("groupKey").asText(), map(o.get("groupLabels")), map(o.get("commonLabels")),
                map(o.get("commonAnnotations")), alerts, o.path("externalURL").asText(""), Instant.parse(o.path("at").asText()));
    }
}

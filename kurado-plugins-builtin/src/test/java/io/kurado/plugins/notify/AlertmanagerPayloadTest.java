package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertmanagerPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-12-07T20:00:30Z");

    private static JsonNode json(Notification n) throws IOException {
        return JSON.readTree(AlertmanagerPayload.json(n, NOW, Duration.ofMinutes(1)));
    }

    @Test
    void aFiringAlertEndsFourResendsFromNowAndAResolvedOneWhenItResolved() throws IOException {
        JsonNode sent = json(SampleNotifications.sample());

        assertThat(sent.isArray()).isTrue();
        assertThat(sent).hasSize(2);
        JsonNode firing = sent.get(0);
        assertThat(firing.get("startsAt").asText()).isEqualTo("2026-12-07T19:55:00Z");
        assertThat(firing.get("endsAt").asText()).isEqualTo("2026-12-07T20:04:30Z");
        assertThat(firing.get("generatorURL").asText()).isEqualTo("http://kurado.example.com/server?address=192.168.0.10");
        assertThat(firing.get("labels").get("host").asText()).isEqualTo("192.168.0.10");
        assertThat(firing.get("annotations").get("value").asText()).isEqualTo("96.2");
        assertThat(sent.get(1).get("endsAt").asText()).isEqualTo("2026-12-07T19:58:00Z");
        List<String> fields = new java.util.ArrayList<>();
        firing.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactlyInAnyOrder("labels", "annotations", "startsAt", "endsAt", "generatorURL");
    }

    @Test
    void labelNamesAlertmanagerWouldRefuseAreMadeValidAndEmptyLabelsLeftOut() {
        assertThat(AlertmanagerPayload.labels(Map.of("alertname", "X", "disk.mount-point", "/", "9lives", "y", "empty", "")))
                .containsExactly(Map.entry("_lives", "y"), Map.entry("alertname", "X"), Map.entry("disk_mount_point", "/"));
    }

    @Test
    void aFlappingNotificationMarksItsAlertsWithAnAnnotation() throws IOException {
        JsonNode sent = json(SampleNotifications.of(Notification.Kind.FLAPPING, List.of(SampleNotifications.firing())));

        assertThat(sent.get(0).get("annotations").get("kurado_notification").asText()).isEqualTo("flapping");
        assertThat(sent.get(0).get("labels").has("kurado_notification")).isFalse();
    }

    @Test
    void anAlertWithoutAGeneratorHasNoGeneratorUrl() throws IOException {
        Alert a = new Alert(Map.of("alertname", "KuradoBlind"), Map.of(), Alert.Status.FIRING, NOW, Optional.empty(), "");

        assertThat(json(SampleNotifications.of(Notification.Kind.ALERTS, List.of(a))).get(0).has("generatorURL")).isFalse();
    }
}

package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.alert.Notification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class WebhookPayloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static String golden() throws IOException {
        try (InputStream in = WebhookPayloadTest.class.getResourceAsStream("/notify/webhook-v4.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void aNotificationIsAlertmanagersWebhookJsonVersion4() throws IOException {
        JsonNode sent = JSON.readTree(WebhookPayload.json(SampleNotifications.sample()));

        assertThat(sent).isEqualTo(JSON.readTree(golden()));
    }

    @Test
    void theReadmesExampleIsTheIndentedFormOfTheSameJson() throws IOException {
        assertThat(WebhookPayload.pretty(SampleNotifications.sample()) + "\n").isEqualTo(golden());
    }

    @Test
    void theJsonHasEveryFieldOfTheDocumentedFormatAndNoOther() throws IOException {
        JsonNode sent = JSON.readTree(WebhookPayload.json(SampleNotifications.sample()));

        assertThat(names(sent)).containsExactlyInAnyOrder("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels",
                "commonLabels", "commonAnnotations", "externalURL", "alerts");
        assertThat(names(sent.get("alerts").get(0))).containsExactlyInAnyOrder("status", "labels", "annotations", "startsAt", "endsAt",
                "generatorURL", "fingerprint");
        assertThat(sent.get("version").isTextual()).as("the version is a string").isTrue();
        assertThat(sent.get("truncatedAlerts").isInt()).isTrue();
    }

    @Test
    void aGroupWhoseAlertsAllResolvedIsResolved() throws IOException {
        JsonNode sent = JSON.readTree(WebhookPayload.json(SampleNotifications.of(Notification.Kind.ALERTS,
                List.of(SampleNotifications.resolved()))));

        assertThat(sent.get("status").asText()).isEqualTo("resolved");
        assertThat(sent.get("alerts").get(0).get("endsAt").asText()).isEqualTo("2026-12-07T19:58:00Z");
    }

    @Test
    void flappingAndStableAreAnAnnotationOnEachAlertAndInTheCommonOnesWhileTheLabelsStay() throws IOException {
        for (Notification.Kind kind : List.of(Notification.Kind.FLAPPING, Notification.Kind.STABLE)) {
            JsonNode sent = JSON.readTree(WebhookPayload.json(SampleNotifications.of(kind, List.of(SampleNotifications.firing()))));
            String word = kind.name().toLowerCase(java.util.Locale.ROOT);

            assertThat(sent.get("commonAnnotations").get("kurado_notification").asText()).isEqualTo(word);
            assertThat(sent.get("alerts").get(0).get("annotations").get("kurado_notification").asText()).isEqualTo(word);
            assertThat(sent.get("alerts").get(0).get("annotations").get("summary").asText()).isEqualTo("disk / is 96 % full");
            assertThat(sent.get("alerts").get(0).get("labels").has("kurado_notification")).isFalse();
            assertThat(sent.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(SampleNotifications.firing().fingerprint());
            assertThat(sent.get("status").asText()).isEqualTo("firing");
        }
    }

    @Test
    void timesWithFractionsOfASecondKeepThem() {
        assertThat(WebhookPayload.time(java.time.Instant.parse("2026-12-07T19:55:00.250Z"))).isEqualTo("2026-12-07T19:55:00.250Z");
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

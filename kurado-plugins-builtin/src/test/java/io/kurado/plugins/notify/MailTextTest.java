package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MailTextTest {
    @Test
    void theSubjectCountsTheFiringAlertsAndNamesTheGroup() {
        assertThat(MailText.subject(SampleNotifications.sample())).isEqualTo("[FIRING:1] service=shop severity=critical");
        assertThat(MailText.subject(SampleNotifications.of(Notification.Kind.ALERTS, List.of(SampleNotifications.resolved()))))
                .isEqualTo("[RESOLVED:1] service=shop severity=critical");
        assertThat(MailText.subject(SampleNotifications.of(Notification.Kind.FLAPPING, List.of(SampleNotifications.firing()))))
                .isEqualTo("[FLAPPING:1] service=shop severity=critical");
        assertThat(MailText.subject(SampleNotifications.of(Notification.Kind.STABLE, List.of(SampleNotifications.firing()))))
                .isEqualTo("[STABLE:1] service=shop severity=critical");
    }

    @Test
    void theBodyListsFiringThenResolvedAlertsOneLineEachWithTheirHostsPage() {
        assertThat(MailText.body(SampleNotifications.sample())).isEqualTo("""
                Firing (1):
                - 192.168.0.10 www1  DiskFull: disk / is 96 % full  value 96.2  since 2026-12-07 19:55:00 UTC
                  http://kurado.example.com/server?address=192.168.0.10

                Resolved (1):
                - 192.168.0.12 db1  DiskFull: disk /var is 88 % full  value 88.0  since 2026-12-07 19:40:00 UTC  until 2026-12-07 19:58:00 UTC
                  http://kurado.example.com/server?address=192.168.0.12

                --\s
                Kurado: http://kurado.example.com
                """);
    }

    @Test
    void aFlappingNotificationSaysWhatItMeansBeforeTheAlerts() {
        assertThat(MailText.body(SampleNotifications.of(Notification.Kind.FLAPPING, List.of(SampleNotifications.firing()))))
                .startsWith("These alerts change state too often: Kurado holds back their changes until they are stable.\n\nFiring (1):\n");
    }

    @Test
    void theHostPageLinkIsBuiltFromKuradosAddressWithTheHostEncoded() {
        Alert v6 = new Alert(Map.of("alertname", "HostDown", "host", "fe80::1%eth0"), Map.of(), Alert.Status.FIRING, Instant.EPOCH,
                Optional.empty(), "");

        assertThat(MailText.link(v6, "https://kurado.example.com/mon/")).isEqualTo("https://kurado.example.com/mon/server?address=fe80%3A%3A1%25eth0");
        assertThat(MailText.link(v6, "")).as("no address of Kurado, no generator: no link").isEmpty();
    }

    @Test
    void lineBreaksInLabelsCannotAddLinesOrHeaders() {
        Alert evil = new Alert(Map.of("alertname", "X\r\nBcc: someone@example.com", "host", "10.0.0.1"), Map.of(), Alert.Status.FIRING,
                Instant.EPOCH, Optional.empty(), "");
        Notification n = new Notification("ops", Notification.Kind.ALERTS, "k", Map.of("alertname", "X\nY"), Map.of(), Map.of(), List.of(evil),
                "", Instant.EPOCH);

        assertThat(MailText.subject(n)).doesNotContain("\n").doesNotContain("\r");
        assertThat(MailText.line(evil)).doesNotContain("\n").doesNotContain("\r");
    }
}

package io.kurado.plugins.notify;

import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The notifications the notifiers' tests send: a disk full on one host, resolved on another. */
final class SampleNotifications {
    static final String EXTERNAL_URL = "http://kurado.example.com";
    static final Instant AT = Instant.parse("2026-12-07T20:00:00Z");

    private SampleNotifications() {}

    static Alert firing() {
        return new Alert(Map.of("alertname", "DiskFull", "host", "192.168.0.10", "hostname", "www1", "plugin", "base", "service", "shop",
                "severity", "critical", "instance", "/"),
                Map.of("summary", "disk / is 96 % full", "value", "96.2"), Alert.Status.FIRING, Instant.parse("2026-12-07T19:55:00Z"),
                Optional.empty(), EXTERNAL_URL + "/server?address=192.168.0.10");
    }

    static Alert resolved() {
        return new Alert(Map.of("alertname", "DiskFull", "host", "192.168.0.12", "hostname", "db1", "plugin", "base", "service", "shop",
                "severity", "critical", "instance", "/var"),
                Map.of("summary", "disk /var is 88 % full", "value", "88.0"), Alert.Status.RESOLVED, Instant.parse("2026-12-07T19:40:00Z"),
                Optional.of(Instant.parse("2026-12-07T19:58:00Z")), EXTERNAL_URL + "/server?address=192.168.0.12");
    }

    static Notification of(Notification.Kind kind, List<Alert> alerts) {
        return new Notification("ops", kind, "{}:{service=\"shop\", severity=\"critical\"}", Map.of("service", "shop", "severity", "critical"),
                Map.of("alertname", "DiskFull", "plugin", "base", "service", "shop", "severity", "critical"), Map.of(), alerts, EXTERNAL_URL, AT);
    }

    /** @return the sample: one alert firing, one resolved */
    static Notification sample() {
        return of(Notification.Kind.ALERTS, List.of(firing(), resolved()));
    }
}

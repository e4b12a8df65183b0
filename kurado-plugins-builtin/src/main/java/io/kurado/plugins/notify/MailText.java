package io.kurado.plugins.notify;

import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The subject and plain-text body of a notification's mail. The subject says the status, how many
 * alerts, and the group: {@code [FIRING:3] service=shop severity=critical}
 * ({@code RESOLVED}, {@code FLAPPING} or {@code STABLE} for the others). The body lists the alerts,
 * firing first, one line each (host, hostname, alert, summary, value, since when), each followed
 * by the link to its host's page:
 *
 * <pre>
 * Firing (1):
 * - 192.168.0.10 www1  DiskFull: disk / is 96 % full  value 96.2  since 2026-12-07 19:55:00 UTC
 *   http://kurado.example.com/server?address=192.168.0.10
 * </pre>
 */
final class MailText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private MailText() {}

    /**
     * @param n a notification
     * @return its mail's subject
     */
    static String subject(Notification n) {
        long firing = n.alerts().stream().filter(a -> a.status() == Alert.Status.FIRING).count();
        String what = switch (n.kind()) {
            case FLAPPING -> "FLAPPING:" + n.alerts().size();
            case STABLE -> "STABLE:" + n.alerts().size();
            case ALERTS -> firing > 0 ? "FIRING:" + firing : "RESOLVED:" + n.alerts().size();
        };
        StringJoiner group = new StringJoiner(" ");
        Map<String, String> labels = n.groupLabels().isEmpty() && n.commonLabels().containsKey("alertname")
                ? Map.of("alertname", n.commonLabels().get("alertname")) : n.groupLabels();
        labels.forEach((k, v) -> group.add(k + "=" + v));
        return oneLine("[" + what + "] " + group).strip();
    }

    /**
     * @param n a notification
     * @return its mail's body
     */
    static String body(Notification n) {
        StringBuilder sb = new StringBuilder();
        switch (n.kind()) {
            case FLAPPING -> sb.append("These alerts change state too often: Kurado holds back their changes until they are stable.\n\n");
            case STABLE -> sb.append("These alerts are stable again: their changes are sent as they happen.\n\n");
            case ALERTS -> { }
        }
        List<Alert> firing = n.alerts().stream().filter(a -> a.status() == Alert.Status.FIRING).toList();
        List<Alert> resolved = n.alerts().stream().filter(a -> a.status() == Alert.Status.RESOLVED).toList();
        section(sb, "Firing", firing, n.externalUrl());
        section(sb, "Resolved", resolved, n.externalUrl());
        if (!n.externalUrl().isBlank()) {
            sb.append("-- \nKurado: ").append(n.externalUrl()).append('\n');
        }
        return sb.toString();
    }

    private static void section(StringBuilder sb, String title, List<Alert> alerts, String externalUrl) {
        if (alerts.isEmpty()) {
            return;
        }
        sb.append(title).append(" (").append(alerts.size()).append("):\n");
        for (Alert a : alerts) {
            sb.append("- ").append(line(a)).append('\n');
            String link = link(a, externalUrl);
            if (!link.isEmpty()) {
                sb.append("  ").append(link).append('\n');
            }
        }
        sb.append('\n');
    }

    /**
     * @param a an alert
     * @return its line: host, hostname, alert and summary, value, since (and until, when resolved)
     */
    static String line(Alert a) {
        StringJoiner line = new StringJoiner("  ");
        String host = (a.labels().getOrDefault("host", "") + " " + a.labels().getOrDefault("hostname", "")).strip();
        if (!host.isEmpty()) {
            line.add(host);
        }
        String summary = a.annotations().getOrDefault("summary", "");
        line.add(a.name() + (summary.isEmpty() ? "" : ": " + summary));
        String value = a.annotations().getOrDefault("value", "");
        if (!value.isEmpty()) {
            line.add("value " + value);
        }
        line.add("since " + time(a.startsAt()));
        a.endsAt().filter(e -> a.status() == Alert.Status.RESOLVED).ifPresent(e -> line.add("until " + time(e)));
        return oneLine(line.toString());
    }

    /**
     * @param a an alert
     * @param externalUrl the address of Kurado's web UI
     * @return the page of its host ({@code <externalUrl>/server?address=<host>}), or its generator's
     *     address when it has no host or Kurado's address is not known; empty when neither is
     */
    static String link(Alert a, String externalUrl) {
        String host = a.labels().getOrDefault("host", "");
        if (!host.isEmpty() && !externalUrl.isBlank()) {
            return externalUrl.replaceAll("/+$", "") + "/server?address="
                    + URLEncoder.encode(host, StandardCharsets.UTF_8).replace("+", "%20");
        }
        return oneLine(a.generatorUrl());
    }

    static String time(Instant t) {
        return TIME.format(t);
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\p{Cntrl}]+", " ");
    }
}

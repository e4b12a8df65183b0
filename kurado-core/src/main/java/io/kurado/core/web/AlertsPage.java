package io.kurado.core.web;

import io.kurado.core.alert.AlertView;
import io.kurado.core.alert.Conditions;
import io.kurado.core.alert.Silences;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code /alerts} (firing and pending alerts by service: the rule, the host, the value, since when;
 * and the silences), {@code /api/alerts} (the same as JSON) and {@code /api/silences} (GET lists,
 * POST {@code match=label=value&ends=2h&by=…&comment=…} makes one, DELETE {@code id=…} removes one).
 */
final class AlertsPage {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private final WebContext ctx;
    private final AlertBoard board;

    AlertsPage(WebContext ctx, AlertBoard board) {
        this.ctx = ctx;
        this.board = board;
    }

    private static List<AlertView> sorted(List<AlertView> alerts) {
        List<AlertView> out = new ArrayList<>(alerts);
        out.sort(Comparator.comparing((AlertView a) -> a.state().equals("firing") ? 0 : 1)
                .thenComparing(a -> a.alert().labels().getOrDefault("severity", "").equals("critical") ? 0 : 1)
                .thenComparing(a -> a.alert().labels().getOrDefault("alertname", ""))
                .thenComparing(a -> a.alert().labels().getOrDefault("host", "")));
        return out;
    }

    WebResponse page(WebRequest req) {
        List<AlertView> alerts = sorted(board.alerts());
        Map<String, List<AlertView>> byService = new TreeMap<>();
        for (AlertView a : alerts) {
            byService.computeIfAbsent(a.alert().labels().getOrDefault("service", ""), s -> new ArrayList<>()).add(a);
        }
        Html body = new Html();
        long firing = alerts.stream().filter(a -> a.state().equals("firing")).count();
        body.el("h1", "Alerts");
        body.el("p", firing + " firing, " + (alerts.size() - firing) + " pending", "class", "alerts-summary");
        if (alerts.isEmpty()) {
            body.el("p", "Nothing fires or waits to fire.", "class", "alerts-none");
        }
        for (Map.Entry<String, List<AlertView>> s : byService.entrySet()) {
            body.el("h2", s.getKey().isEmpty() ? "(no service)" : s.getKey());
            body.open("table", "class", "alerts");
            body.open("thead").open("tr");
            for (String h : List.of("state", "severity", "rule", "host", "instance", "value", "summary", "since")) {
                body.el("th", h);
            }
            body.close("tr").close("thead").open("tbody");
            for (AlertView a : s.getValue()) {
                Map<String, String> l = a.alert().labels();
                body.open("tr", "class", "alert-" + a.state() + " severity-" + l.getOrDefault("severity", ""));
                body.el("td", a.state() + (a.flapping() ? " (flapping)" : ""));
                body.el("td", l.getOrDefault("severity", ""));
                body.el("td", l.getOrDefault("alertname", ""));
                body.open("td");
                if (l.containsKey("host")) {
                    body.el("a", l.getOrDefault("hostname", l.get("host")), "href", Link.to("/server").param("address", l.get("host")).toString());
                }
                body.close("td");
                body.el("td", l.getOrDefault("instance", ""));
                body.el("td", Double.isNaN(a.value()) ? "" : Conditions.format(a.value()));
                body.el("td", a.alert().annotations().getOrDefault("summary", ""));
                body.el("td", STAMP.format(LocalDateTime.ofInstant(a.since(), ctx.zone())));
                body.close("tr");
            }
            body.close("tbody").close("table");
        }
        List<Silences.Silence> silences = activeSilences();
        body.el("h2", "Silences");
        if (silences.isEmpty()) {
            body.el("p", "None. Make one with POST /api/silences or kurado alerts silence.");
        } else {
            body.open("table", "class", "silences").open("tbody");
            for (Silences.Silence s : silences) {
                body.open("tr");
                body.el("td", s.matchers().toString());
                body.el("td", "until " + STAMP.format(LocalDateTime.ofInstant(s.endsAt(), ctx.zone())));
                body.el("td", s.createdBy());
                body.el("td", s.comment());
                body.el("td", s.id(), "class", "silence-id");
                body.close("tr");
            }
            body.close("tbody").close("table");
        }
        Html crumbs = new Html().el("a", "Top", "href", Link.relative("/")).text(" » Alerts");
        return WebResponse.html(Layout.page(ctx, "Alerts « Kurado", crumbs, "", body, "page-alerts"));
    }

    private List<Silences.Silence> activeSilences() {
        try {
            return board.silences().active();
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    WebResponse api(WebRequest req) {
        List<AlertView> alerts = sorted(board.alerts());
        return WebResponse.json(Json.write(g -> {
            g.writeStartArray();
            for (AlertView a : alerts) {
                g.writeStartObject();
                g.writeObjectFieldStart("labels");
                for (Map.Entry<String, String> e : a.alert().labels().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("annotations");
                for (Map.Entry<String, String> e : a.alert().annotations().entrySet()) {
                    g.writeStringField(e.getKey(), e.getValue());
                }
                g.writeEndObject();
                g.writeStringField("state", a.state());
                g.writeStringField("since", a.since().toString());
                g.writeBooleanField("flapping", a.flapping());
                if (!Double.isNaN(a.value())) {
                    g.writeNumberField("value", a.value());
                }
                g.writeStringField("fingerprint", a.alert().fingerprint());
                g.writeEndObject();
            }
            g.writeEndArray();
        }));
    }

    WebResponse silences(WebRequest req) {
        switch (req.method()) {
            case "POST" -> {
                Map<String, String> matchers = new LinkedHashMap<>();
                for (String m : req.params("match")) {
                    int eq = m.indexOf('=');
                    if (eq <= 0) {
                        throw WebException.badRequest("'match' must be label=value, e.g. host=10.0.0.1, not '" + m + "'");
                    }
                    matchers.put(m.substring(0, eq), m.substring(eq + 1));
                }
                if (matchers.isEmpty()) {
                    throw WebException.badRequest("give at least one match=label=value (e.g. match=host=10.0.0.1)");
                }
                String ends = req.param("ends").orElseThrow(() -> WebException.badRequest(
                        "give 'ends': a duration such as 2h or a time such as 2026-01-01T12:00:00Z"));
                Instant until = endsAt(ends, ctx.clock().instant());
                Silences.Silence s;
                try {
                    s = board.silences().add(matchers, until, req.param("by").orElse("api"), req.param("comment").orElse(""));
                } catch (IllegalArgumentException e) {
                    throw WebException.badRequest(e.getMessage());
                }
                board.refresh();
                return WebResponse.json(Json.write(g -> {
                    g.writeStartObject();
                    g.writeStringField("id", s.id());
                    g.writeStringField("endsAt", s.endsAt().toString());
                    g.writeEndObject();
                }));
            }
            case "DELETE" -> {
                String id = req.param("id").orElseThrow(() -> WebException.badRequest("give the silence's id: DELETE /api/silences?id=…"));
                if (!board.silences().remove(id)) {
                    throw WebException.notFound("no silence " + id);
                }
                board.refresh();
                return WebResponse.text(200, "removed silence " + id + "\n");
            }
            default -> {
                List<Silences.Silence> list = board.silences().active();
                return WebResponse.json(Json.write(g -> {
                    g.writeStartArray();
                    for (Silences.Silence s : list) {
                        g.writeStartObject();
                        g.writeStringField("id", s.id());
                        g.writeObjectFieldStart("matchers");
                        for (Map.Entry<String, String> e : s.matchers().entrySet()) {
                            g.writeStringField(e.getKey(), e.getValue());
                        }
                        g.writeEndObject();
                        g.writeStringField("endsAt", s.endsAt().toString());
                        g.writeStringField("createdBy", s.createdBy());
                        g.writeStringField("comment", s.comment());
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                }));
            }
        }
    }

    /**
     * @param text a duration ({@code 90m}, {@code 2h}, {@code 1d}) or an ISO instant
     * @param now the time now
     * @return when the silence ends
     */
    static Instant endsAt(String text, Instant now) {
        String t = text.strip();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,6})(m|h|d)").matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return now.plus(switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            });
        }
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw WebException.badRequest("'ends' must be a duration such as 2h or a time such as 2026-01-01T12:00:00Z, not '" + t + "'");
        }
    }
}

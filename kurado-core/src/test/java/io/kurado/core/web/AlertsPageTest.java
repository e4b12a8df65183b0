package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.alert.AlertEngine;
import io.kurado.core.alert.Evaluation;
import io.kurado.core.alert.Finding;
import io.kurado.core.alert.RecordingNotifier;
import io.kurado.core.config.AlertsConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertsPageTest {
    private final WebFixture f = new WebFixture();

    private void alerts() {
        AlertEngine engine = new AlertEngine(f.meta, Map.of("ops", new RecordingNotifier()), AlertsConfig.NONE, "http://k", f.clock);
        Finding disk = new Finding(Map.of("alertname", "disk-usage", "host", "10.0.0.1", "hostname", "web01", "service", "Shop",
                "plugin", "base", "instance", "sda1"), "critical", 97.25, "disk <sda1> is 97 % full", Duration.ZERO, Duration.ZERO);
        Finding load = new Finding(Map.of("alertname", "load-per-processor", "host", "10.0.1.1", "hostname", "db", "service",
                "Data & Co", "plugin", "base"), "warning", 2.5, "load 2.5", Duration.ofMinutes(10), Duration.ZERO);
        engine.evaluate(new Evaluation(List.of(disk, load), Set.of(), Set.of(), false));
    }

    @Test
    void thePageListsFiringAndPendingAlertsByService() {
        alerts();
        String html = f.get("/alerts").bodyText();
        assertThat(html).contains("1 firing, 1 pending").contains("<h2>Shop</h2>").contains("<h2>Data &amp; Co</h2>")
                .contains("disk &lt;sda1&gt; is 97 % full").contains("97.25").contains("sda1")
                .contains("href=\"server?address=10.0.0.1\"").contains("2026-11-25 12:00")
                .doesNotContain("<sda1>");
    }

    @Test
    void theApiGivesTheAlertsAsJson() {
        alerts();
        String json = f.get("/api/alerts").bodyText();
        assertThat(json).startsWith("[{\"labels\":{").contains("\"alertname\":\"disk-usage\"").contains("\"state\":\"firing\"")
                .contains("\"state\":\"pending\"").contains("\"value\":97.25").contains("\"severity\":\"critical\"");
    }

    @Test
    void theIndexAndTheHostPageShowABadgeWhileAlertsFire() {
        assertThat(f.get("/").bodyText()).doesNotContain("alert-badge");
        alerts();
        f.clock.advance(Duration.ofSeconds(11)); // pages read the alerts at most every 10 s
        assertThat(f.get("/").bodyText()).contains("class=\"alert-badge\"").contains(">1 alert<");
        assertThat(f.get("/server?address=10.0.0.1").bodyText()).contains(">1 alert<");
        assertThat(f.get("/server?address=10.0.0.2").bodyText()).doesNotContain("alert-badge");
    }

    @Test
    void silencesAreMadeListedAndRemovedThroughTheApi() {
        WebResponse made = f.web.handler().handle(WebRequest.of("POST", "/api/silences?match=host%3D10.0.0.1&ends=2h&by=ops&comment=disk+swap",
                Map.of()));
        assertThat(made.status()).isEqualTo(200);
        String id = made.bodyText().replaceAll(".*\"id\":\"([^\"]+)\".*", "$1");
        assertThat(f.get("/api/silences").bodyText()).contains(id).contains("\"host\":\"10.0.0.1\"")
                .contains("\"endsAt\":\"2026-11-25T14:00:00Z\"");
        assertThat(f.get("/alerts").bodyText()).contains("disk swap");
        assertThat(f.web.handler().handle(WebRequest.of("DELETE", "/api/silences?id=" + id, Map.of())).status()).isEqualTo(200);
        assertThat(f.get("/api/silences").bodyText()).isEqualTo("[]");
        assertThat(f.web.handler().handle(WebRequest.of("DELETE", "/api/silences?id=" + id, Map.of())).status()).isEqualTo(404);
    }

    @Test
    void aSilenceWithoutMatchersOrEndIsRefusedInWords() {
        WebResponse r = f.web.handler().handle(WebRequest.of("POST", "/api/silences?ends=2h", Map.of()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("match=label=value");
        r = f.web.handler().handle(WebRequest.of("POST", "/api/silences?match=host%3Da&ends=soon", Map.of()));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.bodyText()).contains("'ends' must be a duration");
    }
}

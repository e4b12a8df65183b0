package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiHandlersTest {
    private final WebFixture f = new WebFixture();

    @Test
    void hostStatusIsOkWarningOrCriticalAndCriticalForUnknownAddresses() {
        f.meta.warn("10.0.0.2", PluginRef.of("http", "80"), "busy", "2026-11-25T11:59:00 timeout");

        WebResponse r = f.get("/api/host-status?address=10.0.0.1&address=10.0.0.2&address=10.9.9.9");

        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.bodyText()).isEqualTo("{\"10.0.0.1\":0,\"10.0.0.2\":1,\"10.9.9.9\":2}");
    }

    @Test
    void aHostWhoseBaseIsStaleIsCritical() {
        f.clock.advance(Duration.ofMinutes(5).plusSeconds(31));
        f.fresh("10.0.0.2");

        assertThat(f.get("/api/host-status?address=10.0.0.1&address=10.0.0.2").bodyText()).isEqualTo("{\"10.0.0.1\":2,\"10.0.0.2\":0}");
    }

    @Test
    void aHostThatNeverReportedIsWaitingForTheIndexDuringTheServersFirstFiveMinutesAnd2AsTheOriginalOtherwise() {
        f.meta.forget("10.0.0.2", PluginRef.of("base"));
        f.clock.advance(Duration.ofMinutes(3));
        f.fresh("10.0.0.1");

        assertThat(f.get("/api/host-status?address=10.0.0.1&address=10.0.0.2&waiting=1").bodyText()).isEqualTo("{\"10.0.0.1\":0,\"10.0.0.2\":3}");
        assertThat(f.get("/api/host-status?address=10.0.0.1&address=10.0.0.2").bodyText()).isEqualTo("{\"10.0.0.1\":0,\"10.0.0.2\":2}");

        f.clock.advance(Duration.ofMinutes(2));
        f.fresh("10.0.0.1");
        assertThat(f.get("/api/host-status?address=10.0.0.1&address=10.0.0.2&waiting=1").bodyText()).isEqualTo("{\"10.0.0.1\":0,\"10.0.0.2\":2}");
    }

    @Test
    void hostStatusAcceptsAFormPost() {
        WebRequest post = WebRequest.of("POST", "/api/host-status", Map.of()).withParams(Map.of("address", List.of("10.0.1.1")));

        assertThat(f.web.handler().handle(post).bodyText()).isEqualTo("{\"10.0.1.1\":0}");
    }

    @Test
    void hostStatusChecksItsAddresses() {
        assertThat(f.get("/api/host-status").status()).isEqualTo(400);
        assertThat(f.get("/api/host-status?address=a&address=a").status()).isEqualTo(400);
    }

    @Test
    void serversListsHostsAsTextServicesSorted() {
        WebResponse r = f.get("/api/servers");

        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.bodyText()).isEqualTo("10.0.1.1 db<script>alert(1)</script> primary\n10.0.0.1 web01 front <b>end</b>\n10.0.0.2 web02 \n");
        assertThat(f.get("/api/servers?service=Shop").bodyText()).startsWith("10.0.0.1 ");
        assertThat(f.get("/api/servers?service=None").status()).isEqualTo(404);
    }

    @Test
    void statusReportsTheWebFiguresWithoutAnEngine() {
        f.get("/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu");

        String json = f.get("/api/status").bodyText();

        assertThat(json).contains("\"hosts\":3", "\"graphs_rendered\":1").doesNotContain("samples_per_second");
        assertThat(f.get("/status").bodyText()).contains("graphs rendered", "without an engine");
    }
}

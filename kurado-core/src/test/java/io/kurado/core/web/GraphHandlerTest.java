package io.kurado.core.web;

import io.kurado.api.graph.GraphWindow;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphHandlerTest {
    private static final String CPU = "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu&term=day&width=500";

    private final WebFixture f = new WebFixture();

    @Test
    void drawsAPngWithValidatorsFromTheLastUpdate() {
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);

        WebResponse r = f.get(CPU);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("image/png");
        assertThat(r.body()).startsWith((byte) 0x89, (byte) 'P');
        assertThat(r.headers()).containsEntry("Last-Modified", "Wed, 25 Nov 2026 11:59:00 GMT").containsKey("ETag");
        assertThat(f.graphs.asked.get(0).window().title()).isEqualTo("Day");
        assertThat(f.graphs.asked.get(0).width()).isEqualTo(500);
    }

    @Test
    void anUnchangedGraphIsAnsweredNotModifiedWithoutDrawing() {
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);
        String etag = f.get(CPU).headers().get("ETag");

        WebResponse again = f.get(CPU, Map.of("If-None-Match", etag));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(f.graphs.renders.get()).isEqualTo(1);
    }

    @Test
    void anUpdatedGraphGetsANewValidatorAndIsDrawnAgain() {
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);
        String etag = f.get(CPU).headers().get("ETag");
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795608000L);

        WebResponse again = f.get(CPU, Map.of("If-None-Match", etag));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().get("ETag")).isNotEqualTo(etag);
        assertThat(f.graphs.renders.get()).isEqualTo(2);
    }

    @Test
    void aSecondBrowserGetsTheCachedImage() {
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);
        f.get(CPU);

        WebResponse second = f.get(CPU);

        assertThat(second.status()).isEqualTo(200);
        assertThat(f.graphs.renders.get()).isEqualTo(1);
    }

    @Test
    void graphsAnsweredAreCountedByHowAndDrawingsTimed() {
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);
        String etag = f.get(CPU).headers().get("ETag");
        f.get(CPU);
        f.get(CPU, Map.of("If-None-Match", etag));

        assertThat(f.meters.counter("kurado_graphs_total", "result", "drawn")).hasValue(1L);
        assertThat(f.meters.counter("kurado_graphs_total", "result", "from_cache")).hasValue(1L);
        assertThat(f.meters.counter("kurado_graphs_total", "result", "not_modified")).hasValue(1L);
        assertThat(f.meters.counter("kurado_graphs_total", "result", "failed")).hasValue(0L);
        assertThat(f.meters.durations("kurado_graph_draw_duration_seconds", "outcome", "success")).hasSize(1);
        assertThat(f.meters.durations("kurado_graph_draw_duration_seconds", "outcome", "failure")).isEmpty();
    }

    @Test
    void widthAndTermChangeTheImage() {
        f.get(CPU);
        f.get(CPU.replace("width=500", "width=400"));
        f.get(CPU.replace("term=day", "term=week"));

        assertThat(f.graphs.renders.get()).isEqualTo(3);
    }

    @Test
    void missingOrBadParametersAreBadRequests() {
        assertThat(f.get("/graph?plugin_identifier=base&graph=cpu").bodyText()).isEqualTo("missing address");
        assertThat(f.get("/graph?address=10.0.0.1&graph=cpu").bodyText()).isEqualTo("missing plugin_identifier");
        assertThat(f.get("/graph?address=10.0.0.1&plugin_identifier=base").bodyText()).isEqualTo("missing graph key");
        assertThat(f.get(CPU.replace("width=500", "width=-3")).bodyText()).startsWith("invalid width '-3'");
        assertThat(f.get(CPU.replace("width=500", "width=99999")).status()).isEqualTo(400);
        assertThat(f.get(CPU.replace("term=day", "term=forever")).status()).isEqualTo(400);
        assertThat(f.get(CPU.replace("address=10.0.0.1", "address=10.7.7.7")).status()).isEqualTo(404);
    }

    @Test
    void aGraphTheViewerDoesNotHaveIsNotFound() {
        WebResponse r = f.get("/graph?address=10.0.0.1&plugin_identifier=base&graph=nope");

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.bodyText()).contains("no graph 'nope'");
    }

    @Test
    void aDrawingFailureIsA500NamingHostPluginAndGraph() {
        f.graphs.failing.add("cpu");

        WebResponse r = f.get(CPU);

        assertThat(r.status()).isEqualTo(500);
        assertThat(r.bodyText()).isEqualTo("address:10.0.0.1 plugin:base graph:cpu: opening 'x.rrd': No such file or directory");
    }

    @Test
    void defaultsAreTheDayTermAt460() {
        f.get("/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu");

        GraphQuery q = f.graphs.asked.get(0);
        assertThat(q.width()).isEqualTo(460);
        assertThat(q.window().term()).isEqualTo("day");
        assertThat(q.window().end()).isEqualTo(WebFixture.NOW);
        assertThat(q.window().start()).isEqualTo(WebFixture.NOW.minusSeconds(33 * 3600));
    }

    @Test
    void aCustomRangeIsPassedWithItsTitle() {
        f.get("/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu&term=custom&from=2026-11-24%2000:00:00&to=2026-11-24%2006:00:00");

        GraphWindow w = f.graphs.asked.get(0).window();
        assertThat(w.title()).isEqualTo("2026-11-24 00:00:00 to 2026-11-24 06:00:00");
        assertThat(w.end().getEpochSecond() - w.start().getEpochSecond()).isEqualTo(6 * 3600);
    }
}

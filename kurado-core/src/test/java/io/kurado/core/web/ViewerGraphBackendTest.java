package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.WriteResult;
import io.kurado.core.config.HostEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ViewerGraphBackendTest {
    private final WebFixture f = new WebFixture();
    private final List<GraphRequest> requests = new ArrayList<>();
    private final Map<SeriesRef, Long> lastUpdates = new HashMap<>();
    private final GraphRenderer renderer = new GraphRenderer() {
        @Override
        public RenderedGraph render(GraphRequest request) {
            requests.add(request);
            return new RenderedGraph(new byte[] {1, 2}, 1, 1, List.of());
        }

        @Override
        public GraphData data(GraphRequest request) {
            requests.add(request);
            return new GraphData(List.of(), List.of());
        }
    };
    private final Storage storage = new Storage() {
        @Override
        public WriteResult write(List<Sample> samples) {
            throw new UnsupportedOperationException();
        }

        @Override
        public OptionalLong lastUpdate(SeriesRef series) {
            Long t = lastUpdates.get(series);
            return t == null ? OptionalLong.empty() : OptionalLong.of(t);
        }

        @Override
        public Optional<SeriesData> read(SeriesQuery query) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    };
    private final ViewerGraphBackend backend = new ViewerGraphBackend(f.registry, f.meta, storage, renderer);

    @Test
    void drawsTheViewersDefinitionResolvedForTheHostAndPluginWithTheOriginalsTitleAndLabel() {
        PreparedGraph g = backend.prepare(query(PluginRef.of("http", "80"), "busy")).orElseThrow();

        assertThat(g.png()).containsExactly(1, 2);
        GraphRequest r = requests.get(0);
        assertThat(r.definition().series()).containsExactly(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("busy.gauge")));
        assertThat(r.title()).isEqualTo("Day web01");
        assertThat(r.verticalLabel()).isEqualTo("http");
        assertThat(r.width()).isEqualTo(500);
        assertThat(r.height()).isEqualTo(100);
    }

    @Test
    void theSameDefinitionTextDrawsEachHostsAndPluginsOwnSeries() {
        backend.prepare(query("10.0.0.1", PluginRef.of("http", "80"), "busy")).orElseThrow().png();
        backend.prepare(query("10.0.0.2", PluginRef.of("http", "80"), "busy")).orElseThrow().png();
        backend.prepare(query("10.0.0.1", PluginRef.of("http", "80"), "busy")).orElseThrow().png();

        assertThat(requests).extracting(r -> r.definition().series()).containsExactly(
                java.util.Set.of(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("busy.gauge"))),
                java.util.Set.of(new SeriesRef("10.0.0.2", "http%3A80", MetricKey.of("busy.gauge"))),
                java.util.Set.of(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("busy.gauge"))));
        assertThat(requests).extracting(GraphRequest::title).containsExactly("Day web01", "Day web02", "Day web01");
    }

    @Test
    void aDefinitionThatCannotBeParsedFailsEveryTimeItIsAskedFor() {
        ViewerGraphBackend b = new ViewerGraphBackend(io.kurado.core.plugin.PluginRegistry.builder().viewer(new WebFixture.BaseViewer() {
            @Override
            public java.util.Optional<String> graph(io.kurado.api.view.ViewContext ctx, String name) {
                return java.util.Optional.of("DEF:x=<%RRD_FOR busy.gauge %>:n:AVERAGE\nLINE1:y#FF0000");
            }
        }).build(), f.meta, storage, renderer);

        for (int i = 0; i < 2; i++) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> b.prepare(query(PluginRef.of("base"), "cpu")))
                    .hasMessageContaining("y");
        }
    }

    @Test
    void theLastUpdateIsTheNewestOfTheSeriesTheGraphReads() {
        PreparedGraph g = backend.prepare(query(PluginRef.of("http", "80"), "busy")).orElseThrow();
        assertThat(g.lastUpdate()).isEmpty();

        lastUpdates.put(new SeriesRef("10.0.0.1", "http%3A80", MetricKey.of("busy.gauge")), 1_700_000_000L);

        assertThat(g.lastUpdate()).hasValue(1_700_000_000L);
    }

    @Test
    void aGraphTheViewerDoesNotKnowOrAPluginWithoutViewerIsEmpty() {
        assertThat(backend.prepare(query(PluginRef.of("base"), "nope"))).isEmpty();
        assertThat(backend.prepare(query(PluginRef.of("mysql"), "cpu"))).isEmpty();
        assertThat(requests).isEmpty();
    }

    @Test
    void theViewerSeesTheStoredMeta() {
        f.meta.meta("10.0.0.1", PluginRef.of("base"), Map.of("version", "Linux 6.1"));
        List<String> seen = new ArrayList<>();
        ViewerGraphBackend b = new ViewerGraphBackend(io.kurado.core.plugin.PluginRegistry.builder().viewer(new WebFixture.BaseViewer() {
            @Override
            public java.util.Optional<String> graph(io.kurado.api.view.ViewContext ctx, String name) {
                seen.add(ctx.meta("version").orElse("none"));
                return super.graph(ctx, name);
            }
        }).build(), f.meta, storage, renderer);

        b.prepare(query(PluginRef.of("base"), "cpu"));

        assertThat(seen).containsExactly("Linux 6.1");
    }

    private GraphQuery query(PluginRef plugin, String graph) {
        return query("10.0.0.1", plugin, graph);
    }

    private GraphQuery query(String address, PluginRef plugin, String graph) {
        HostEntry h = f.config.host(address).orElseThrow();
        return new GraphQuery(h, plugin, graph, Terms.window("day", WebFixture.NOW), 500);
    }
}

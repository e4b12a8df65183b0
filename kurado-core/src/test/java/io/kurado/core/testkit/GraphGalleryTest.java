package io.kurado.core.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GraphGalleryTest {
    static final class OneGraph implements MetricsViewer {
        @Override
        public String id() {
            return "one";
        }

        @Override
        public List<GraphGroup> list(ViewContext context) {
            return List.of(GraphGroup.of("One", "g"));
        }

        @Override
        public Optional<String> graph(ViewContext context, String name) {
            return Optional.of("Label\nDEF:a=<%RRD a.gauge %>:n:AVERAGE\nLINE1:a#00C000:A\n");
        }
    }

    @Test
    void saysClearlyWhenNoRendererIsOnTheClassPath() {
        GraphGallery.Gallery g = PluginTestKit.gallery(PluginTestKit.viewer(new OneGraph())).render();

        assertThat(g.pngs()).isEmpty();
        assertThat(g.noRenderer()).hasValueSatisfying(m -> assertThat(m).startsWith("no graph renderer is on the class path").contains("kurado-rrd"));
        assertThatThrownBy(g::assertDrawn).isInstanceOf(AssertionError.class).hasMessageContaining("no graph renderer");
    }

    @Test
    void syntheticSeriesDifferByKeyAndCoverTheWindow() {
        SyntheticStorage s = new SyntheticStorage(java.time.InstantSource.system());
        var a = s.read(query("a.gauge")).orElseThrow();
        var b = s.read(query("b.derive")).orElseThrow();

        assertThat(a.size()).as("one point per minute, each ending its minute").isEqualTo(60);
        assertThat(a.values()).isNotEqualTo(b.values());
        assertThat(java.util.Arrays.stream(a.values()).min().orElseThrow()).isPositive();
    }

    private static io.kurado.api.storage.SeriesQuery query(String key) {
        return new io.kurado.api.storage.SeriesQuery(new io.kurado.api.storage.SeriesRef("10.0.0.1", "p", io.kurado.api.MetricKey.of(key)),
                io.kurado.api.storage.Consolidation.AVERAGE, java.time.Instant.ofEpochSecond(1_800_000_000),
                java.time.Instant.ofEpochSecond(1_800_003_600), java.time.Duration.ofMinutes(1));
    }
}

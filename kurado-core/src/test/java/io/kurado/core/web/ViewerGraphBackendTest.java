package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ViewerGraphBackendTest {
    private final WebFixture f = new WebFixture();
    private final List<String> definitions = new ArrayList<>();
    private final GraphRenderer renderer = (q, def) -> {
        definitions.add(def);
        return new PreparedGraph() {
            @Override
            public OptionalLong lastUpdate() {
                return OptionalLong.empty();
            }

            @Override
            public byte[] png() {
                return new byte[0];
            }

            @Override
            public GraphData data() {
                return new GraphData(List.of(), List.of());
            }
        };
    };
    private final ViewerGraphBackend backend = new ViewerGraphBackend(f.registry, f.meta, renderer);

    @Test
    void handsTheViewersDefinitionToTheRenderer() {
        assertThat(backend.prepare(query(PluginRef.of("http", "80"), "busy"))).isPresent();

        assertThat(definitions).containsExactly("DEF:b=<%RRD_FOR busy.gauge %>:n:AVERAGE");
    }

    @Test
    void aGraphTheViewerDoesNotKnowOrAPluginWithoutViewerIsEmpty() {
        assertThat(backend.prepare(query(PluginRef.of("base"), "nope"))).isEmpty();
        assertThat(backend.prepare(query(PluginRef.of("mysql"), "cpu"))).isEmpty();
        assertThat(definitions).isEmpty();
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
        }).build(), f.meta, renderer);

        b.prepare(query(PluginRef.of("base"), "cpu"));

        assertThat(seen).containsExactly("Linux 6.1");
    }

    private GraphQuery query(PluginRef plugin, String graph) {
        HostEntry h = f.config.host("10.0.0.1").orElseThrow();
        return new GraphQuery(h, plugin, graph, Terms.window("day", WebFixture.NOW), 500);
    }
}

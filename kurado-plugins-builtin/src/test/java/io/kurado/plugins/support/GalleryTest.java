package io.kurado.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.GraphGallery;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.core.testkit.ViewRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every graph of every built-in viewer draws, from synthetic data, through kurado-rrd's renderer. */
class GalleryTest {
    @TempDir
    Path dir;

    static Stream<Arguments> views() {
        return Stream.of(
                Arguments.of("http", Map.of("has-reqs", "1"), 2),
                Arguments.of("nginx", Map.of(), 2),
                Arguments.of("memcached", Map.of(), 6),
                Arguments.of("mysql", Map.of("innodb", "1", "replication", "1"), 17),
                Arguments.of("redis", Map.of(), 9),
                Arguments.of("squid", Map.of(), 5),
                Arguments.of("jolokia", Map.of(), 10),
                Arguments.of("opcache", Map.of(), 4),
                Arguments.of("gaurun", Map.of(), 5),
                Arguments.of("goapp", Map.of(), 5),
                Arguments.of("kurado", Map.of(), 6));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void everyGraphDraws(String plugin, Map<String, String> meta, int graphs) throws Exception {
        ViewRequest view = PluginTestKit.viewer(plugin).address("192.168.0.10").meta(meta);
        GraphGallery.Gallery g = PluginTestKit.gallery(view).term("day").renderTo(dir.resolve(plugin)).assertDrawn();

        assertThat(g.pngs()).hasSize(graphs);
        try (var files = Files.list(dir.resolve(plugin))) {
            assertThat(files.filter(f -> f.toString().endsWith(".png"))).hasSize(graphs);
        }
        assertThat(g.pngs().values()).allSatisfy(png -> assertThat(png).startsWith(0x89, 'P', 'N', 'G'));
    }
}

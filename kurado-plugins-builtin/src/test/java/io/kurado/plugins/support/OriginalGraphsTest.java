package io.kurado.plugins.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.Host;
import io.kurado.api.PluginRef;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.core.testkit.PluginTestKit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each built-in viewer draws every graph of the original's view plugin from the same files: the
 * graph definitions of the original (the renderer's fixtures in kurado-rrd) and ours have the same
 * names, vertical labels, keys read, and the same sequence of drawing elements.
 */
class OriginalGraphsTest {
    private static final Path FIXTURES = Path.of("../kurado-rrd/src/test/resources/graphs");
    private static final Pattern DEF = Pattern.compile("^DEF:[^=]+=<%RRD(?:_FOR)? (\\S+) %>");

    static Stream<Path> originalGraphs() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(FIXTURES)) {
            s.filter(p -> p.toString().endsWith(".def") && !p.getParent().getFileName().toString().equals("base")).sorted().forEach(out::add);
        }
        assertThat(out).hasSizeGreaterThan(60);
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("originalGraphs")
    void drawsTheOriginalsGraph(Path fixture) throws IOException {
        String plugin = fixture.getParent().getFileName().toString();
        String graph = fixture.getFileName().toString().replaceFirst("\\.def$", "");
        MetricsViewer viewer = PluginTestKit.discover().viewer(plugin).orElseThrow();
        ViewContext ctx = new ViewContext(Host.of("192.168.0.10"), PluginRef.of(plugin), Map.of(), Map.of());

        List<String> original = lines(Files.readString(fixture));
        List<String> ours = lines(viewer.graph(ctx, graph).orElseThrow(() -> new AssertionError(plugin + " has no graph " + graph)));

        assertThat(ours.get(0)).as("vertical label").isEqualTo(original.get(0));
        assertThat(keys(ours)).as("keys read").isEqualTo(keys(original));
        assertThat(kinds(ours)).as("elements").isEqualTo(kinds(original));
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<String> keys(List<String> lines) {
        List<String> k = new ArrayList<>();
        for (String l : lines) {
            Matcher m = DEF.matcher(l);
            if (m.find()) {
                k.add(m.group(1));
            }
        }
        return k;
    }

    private static List<String> kinds(List<String> lines) {
        return lines.subList(1, lines.size()).stream().map(l -> l.substring(0, l.indexOf(':') < 0 ? l.length() : l.indexOf(':'))).toList();
    }
}

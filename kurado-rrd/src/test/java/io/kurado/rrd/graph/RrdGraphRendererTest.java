package io.kurado.rrd.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kurado.api.Host;
import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.Roll;
import io.kurado.core.graph.FileRef;
import io.kurado.core.graph.GraphDefinition;
import io.kurado.core.graph.GraphDefinitionException;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.graph.GraphElement;
import io.kurado.core.web.GraphData;
import io.kurado.core.web.GraphQuery;
import io.kurado.core.web.GraphWindow;
import io.kurado.core.web.PreparedGraph;
import io.kurado.core.web.Terms;
import io.kurado.rrd.RrdBackendKind;
import io.kurado.rrd.RrdFiles;
import io.kurado.rrd.RrdLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RrdGraphRendererTest {
    /** The last sample of every synthetic file: a minute boundary. */
    static final long END = 1_700_000_040L;
    static final int MINUTES = 36 * 60;
    static final String ADDRESS = "192.0.2.10";
    static final Instant NOW = Instant.ofEpochSecond(END);

    @TempDir
    static Path dataDir;

    static RrdGraphRenderer renderer;

    @BeforeAll
    static void writeFilesForEveryFixture() throws Exception {
        GraphDefinitionParser parser = new GraphDefinitionParser();
        for (Path fixture : fixtures().toList()) {
            PluginRef plugin = pluginOf(fixture);
            for (GraphElement.Def d : parser.parse(Files.readString(fixture)).defs()) {
                FileRef.Template t = (FileRef.Template) d.file();
                Path file = RrdLayout.file(dataDir, ADDRESS, plugin.escapedIdentifier(), t.key());
                if (!Files.exists(file)) {
                    SyntheticRrd.write(file, t.key(), END, MINUTES, i -> synthetic(t.key(), i));
                }
            }
        }
        renderer = new RrdGraphRenderer(dataDir, SyntheticRrd.openEachTime());
    }

    /** Gauges wave around 100; counters grow at a rate waving around 10 per second. */
    static double synthetic(MetricKey key, long i) {
        return switch (key.type()) {
            case GAUGE -> 100 + 50 * Math.sin(i / 90.0);
            default -> 600.0 * i + 3000 * (1 - Math.cos(i / 90.0));
        };
    }

    static Stream<Path> fixtures() {
        try {
            Path root = Path.of(RrdGraphRendererTest.class.getResource("/graphs").toURI());
            try (Stream<Path> s = Files.walk(root)) {
                return s.filter(p -> p.toString().endsWith(".def")).sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The plugin entry of a fixture: its directory name; http gets an argument, to exercise escaping. */
    static PluginRef pluginOf(Path fixture) {
        String name = fixture.getParent().getFileName().toString();
        return name.equals("http") ? PluginRef.of("http", "80") : PluginRef.of(name);
    }

    static GraphQuery query(PluginRef plugin, String graph, GraphWindow window, int width) {
        Host host = new Host(ADDRESS, "web01.example.com", "");
        Roll roll = new Roll("test", Path.of("test.yml"), Map.of(), List.of(plugin));
        return new GraphQuery(new HostEntry(host, "svc", "", roll, Map.of()), plugin, graph, window, width);
    }

    static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(img).as("PNG decodes").isNotNull();
        return img;
    }

    static String fixture(String plugin, String graph) throws IOException {
        return fixtures().filter(p -> p.endsWith(Path.of(plugin, graph + ".def"))).findFirst()
                .map(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }).orElseThrow();
    }

    @Test
    void everyBuiltinViewPluginHasFixtures() {
        assertThat(fixtures().map(p -> p.getParent().getFileName().toString()).distinct())
                .containsExactlyInAnyOrder("base", "gaurun", "goapp", "http", "jolokia", "memcached", "mysql",
                        "nginx", "opcache", "redis", "squid");
        assertThat(fixtures().count()).isEqualTo(73);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void everyBuiltinGraphRendersAsPngOfTheCanvasWidth(Path fixture) throws IOException {
        PluginRef plugin = pluginOf(fixture);
        String graph = fixture.getFileName().toString().replace(".def", "");
        PreparedGraph g = renderer.prepare(query(plugin, graph, Terms.window("day", NOW), 500), Files.readString(fixture));

        BufferedImage img = decode(g.png());
        // the canvas is 500 × 100; the axes, title and legend make the image larger
        assertThat(img.getWidth()).isBetween(500 + 40, 500 + 200);
        assertThat(img.getHeight()).isGreaterThan(100 + 40);
        assertThat(g.lastUpdate()).hasValue(END);
    }

    @ParameterizedTest
    @ValueSource(strings = {"day", "week", "month", "year", "1hour", "4hours", "8hours", "3days"})
    void everyTermRenders(String term) throws IOException {
        for (String[] pg : List.of(new String[] {"base", "cpu"}, new String[] {"base", "disk-usage"},
                new String[] {"redis", "mem"}, new String[] {"mysql", "innodb-io"})) {
            GraphWindow w = Terms.window(term, NOW);
            RenderedGraph r = renderer.render(renderer.resolve(fixture(pg[0], pg[1]), ADDRESS, pg[0]), w, 400,
                    "web01", pg[0]);
            BufferedImage img = decode(r.png());
            assertThat(img.getWidth()).isEqualTo(r.width());
            assertThat(img.getHeight()).isEqualTo(r.height());
        }
    }

    @Test
    void customWindowsRenderWithTheGridOfTheirSpan() throws IOException {
        for (long hours : new long[] {2, 30, 24 * 10, 24 * 30, 24 * 60}) {
            GraphWindow w = new GraphWindow("custom", NOW.minusSeconds(hours * 3600), NOW, "from to to");
            RenderedGraph r = renderer.render(renderer.resolve(fixture("base", "traffic"), ADDRESS, "base"), w, 300,
                    "web01", "base");
            decode(r.png());
        }
    }

    @Test
    void printResultsEqualValuesComputedFromTheData(@TempDir Path dir) {
        long rxRate = 125_000; // bytes per second
        long txRate = 2_500;
        MetricKey rx = MetricKey.of("traffic-eth1-rxbytes.derive");
        MetricKey tx = MetricKey.of("traffic-eth1-txbytes.derive");
        MetricKey used = MetricKey.of("disk-usage-sdb-used.gauge");
        MetricKey avail = MetricKey.of("disk-usage-sdb-available.gauge");
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", rx), rx, END, 600, i -> rxRate * 60.0 * i);
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", tx), tx, END, 600, i -> txRate * 60.0 * i);
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", used), used, END, 600, i -> 5000 + i);
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", avail), avail, END, 600, i -> 4.0 * (5000 + i));
        RrdGraphRenderer r = new RrdGraphRenderer(dir, SyntheticRrd.openEachTime());
        String def = String.join("\n",
                "Throughput",
                "DEF:ind=<%RRD_FOR traffic-eth1-rxbytes.derive %>:n:AVERAGE",
                "DEF:outd=<%RRD_FOR traffic-eth1-txbytes.derive %>:n:AVERAGE",
                "DEF:used=<%RRD_FOR disk-usage-sdb-used.gauge %>:n:AVERAGE",
                "DEF:avail=<%RRD_FOR disk-usage-sdb-available.gauge %>:n:AVERAGE",
                "CDEF:in=ind,0,5000000000,LIMIT,8,*",
                "CDEF:out=outd,0,5000000000,LIMIT,8,*",
                "CDEF:used_b=used,1000,*",
                "CDEF:rate=used,used,avail,+,/,100,*",
                "VDEF:slope=used_b,LSLSLOPE",
                "VDEF:usedmax=used,MAXIMUM",
                "AREA:in#00C000:In",
                "LINE1:out#0000FF:Out",
                "PRINT:in:AVERAGE:%.3lf",
                "PRINT:out:MAX:%.3lf",
                "PRINT:slope:%.3lf",
                "PRINT:usedmax:%.1lf",
                "PRINT:used:LAST:%.1lf",
                "PRINT:rate:AVERAGE:%.4lf",
                "PRINT:in:AVERAGE:%.1lf%s");
        GraphWindow w = Terms.window("4hours", NOW);
        RenderedGraph g = r.render(r.resolve(def, ADDRESS, "base"), w, 500, "web01", "base");

        List<Double> printed = g.printLines().subList(0, 6).stream().map(s -> Double.parseDouble(s.strip())).toList();
        assertThat(printed.get(0)).isEqualTo(rxRate * 8.0);
        assertThat(printed.get(1)).isEqualTo(txRate * 8.0);
        assertThat(printed.get(2)).isEqualTo(1000.0, within(1e-6));
        assertThat(printed.get(3)).isEqualTo(5000.0 + 599);
        assertThat(printed.get(4)).isEqualTo(5000.0 + 599);
        assertThat(printed.get(5)).isEqualTo(20.0, within(1e-9)); // available is always four times used
        assertThat(g.printLines().get(6)).startsWith("1.0").contains("M");
    }

    @Test
    void dataHasOneColumnPerPlotAndOneRowPerStep() throws IOException {
        GraphWindow w = Terms.window("1hour", NOW);
        GraphData data = renderer.data(renderer.resolve(fixture("base", "memory-usage"), ADDRESS, "base"), w, 500);
        assertThat(data.columns()).containsExactly("used", "buffers", "cached", "avail real", "used  swap",
                "total swap", "total real");
        assertThat(data.rows()).hasSizeBetween(70, 72);
        assertThat(data.rows().get(1).time() - data.rows().get(0).time()).isEqualTo(60);
        GraphData.Row last = data.rows().stream().filter(r -> r.time() == END).findFirst().orElseThrow();
        assertThat(last.values().get(0)).isEqualTo(synthetic(MetricKey.of("memory-used.gauge"), MINUTES - 1), within(1e-9));
    }

    @Test
    void legendOrVariableNamesTheColumns() throws IOException {
        GraphData data = renderer.data(renderer.resolve(fixture("jolokia", "m_heap_s"), ADDRESS, "jolokia"),
                Terms.window("1hour", NOW), 500);
        assertThat(data.columns()).containsExactly("Committed", "v2", "Used", "v3");
    }

    @Test
    void missingFileIsAnErrorNamingAddressPluginGraphAndFile() {
        PluginRef plugin = PluginRef.of("nginx", "8080");
        PreparedGraph g = renderer.prepare(query(plugin, "reqs", Terms.window("day", NOW), 500),
                "Request per sec\nDEF:a=<%RRD reqs.derive %>:n:AVERAGE\nLINE1:a#00C000:Request");
        assertThat(g.lastUpdate()).isEmpty();
        assertThatThrownBy(g::png).isInstanceOf(KuradoException.class)
                .hasMessageContaining("address:" + ADDRESS + " plugin:nginx graph:reqs")
                .hasMessageContaining(dataDir.resolve(ADDRESS).resolve("nginx%3A8080").resolve("reqs.derive.rrd").toString())
                .hasMessageContaining("No such file");
        assertThat(Files.exists(dataDir.resolve(ADDRESS).resolve("nginx%3A8080"))).isFalse();
    }

    @Test
    void definitionErrorNamesLineAndToken() {
        PluginRef plugin = PluginRef.of("base");
        assertThatThrownBy(() -> renderer.prepare(query(plugin, "cpu", Terms.window("day", NOW), 500),
                "CPU\nDEF:a=<%RRD cpu-user.derive %>:n:AVERAGE\nCDEF:b=a,0,100,CLAMP\nLINE1:b#FF0000"))
                .isInstanceOf(GraphDefinitionException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("CLAMP");
    }

    @Test
    void lastUpdateIsTheNewestOfTheFiles(@TempDir Path dir) {
        MetricKey a = MetricKey.of("a.gauge");
        MetricKey b = MetricKey.of("b.gauge");
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "p", a), a, END - 600, 10, i -> 1);
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "p", b), b, END - 60, 10, i -> 1);
        RrdGraphRenderer r = new RrdGraphRenderer(dir, SyntheticRrd.openEachTime());
        PreparedGraph g = r.prepare(query(PluginRef.of("p"), "g", Terms.window("day", NOW), 300),
                "DEF:a=<%RRD a.gauge %>:n:AVERAGE\nDEF:b=<%RRD b.gauge %>:n:AVERAGE\nDEF:c=<%RRD c.gauge %>:n:AVERAGE\n"
                        + "LINE1:a#FF0000");
        assertThat(g.lastUpdate()).hasValue(END - 60);
    }

    @Test
    void readsThroughTheSharedOpenFiles() throws IOException {
        try (RrdFiles files = new RrdFiles(8, RrdBackendKind.FILE)) {
            RrdGraphRenderer r = new RrdGraphRenderer(dataDir, files);
            PreparedGraph g = r.prepare(query(PluginRef.of("nginx"), "processes", Terms.window("day", NOW), 500),
                    fixture("nginx", "processes"));
            decode(g.png());
            assertThat(files.openFiles()).isEqualTo(3);
            decode(g.png());
            assertThat(files.opens()).isEqualTo(3);
        }
    }

    @Test
    void rendersHrulesOnNumbersAndVdefsVrulesCommentsAndOptions() throws IOException {
        String def = String.join("\n",
                "Label",
                "--border 1",
                "--font-render-mode light",
                "--rigid",
                "-u 500",
                "DEF:a=<%RRD read.gauge %>:n:AVERAGE",
                "VDEF:top=a,MAXIMUM",
                "VDEF:p95=a,95,PERCENT",
                "LINE2:a#FF000080:reading\\l",
                "HRULE:120#00FF00:limit:dashes=2,2",
                "HRULE:top#0000FF:peak",
                "VRULE:" + (END - 3600) + "#000000:deploy",
                "COMMENT:at 12\\:00\\c",
                "GPRINT:p95:%6.2lf p95\\r",
                "PRINT:p95:%.2lf");
        RenderedGraph g = renderer.render(renderer.resolve(def, ADDRESS, "nginx"), Terms.window("day", NOW), 500,
                "web01", "nginx");
        decode(g.png());
        assertThat(g.printLines()).hasSize(1);
    }

    @Test
    void p50OfAStackedFourDefGraph() throws IOException {
        // Reported, not asserted: 50 warm renders of a 4-DEF stacked 500x100 graph over 33 hours.
        GraphDefinition def = renderer.resolve(fixture("mysql", "innodb-io"), ADDRESS, "mysql");
        GraphWindow w = Terms.window("day", NOW);
        for (int i = 0; i < 30; i++) {
            renderer.render(def, w, 500, "web01", "mysql");
        }
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long t0 = System.nanoTime();
            renderer.render(def, w, 500, "web01", "mysql");
            nanos.add(System.nanoTime() - t0);
        }
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("graph render p50 %.2f ms, p90 %.2f ms (4-DEF stacked, 500x100, 33 h)%n",
                sorted[25] / 1e6, sorted[45] / 1e6);
        assertThat(Arrays.stream(sorted).min().orElseThrow()).isPositive();
    }
}

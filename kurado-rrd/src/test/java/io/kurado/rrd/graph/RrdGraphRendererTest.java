package io.kurado.rrd.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.kurado.api.KuradoException;
import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.api.graph.SeriesSource;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesRef;
import io.kurado.core.graph.GraphDefinitionException;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.web.Terms;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
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
    static final GraphDefinitionParser PARSER = new GraphDefinitionParser();

    @TempDir
    static Path dataDir;

    static RrdStorage storage;
    static RrdGraphRenderer renderer;

    @BeforeAll
    static void writeFilesForEveryFixture() throws Exception {
        for (Path fixture : fixtures().toList()) {
            PluginRef plugin = pluginOf(fixture);
            for (GraphElement.Def d : PARSER.parse(Files.readString(fixture)).defs()) {
                SeriesSource.Tag t = (SeriesSource.Tag) d.source();
                Path file = RrdLayout.file(dataDir, ADDRESS, plugin.escapedIdentifier(), t.key());
                if (!Files.exists(file)) {
                    SyntheticRrd.write(file, t.key(), END, MINUTES, i -> synthetic(t.key(), i));
                }
            }
        }
        storage = open(dataDir);
        renderer = new RrdGraphRenderer(storage);
    }

    @AfterAll
    static void closeStorage() {
        storage.close();
    }

    static RrdStorage open(Path dir) {
        return new RrdStorage(dir, RrdStorageOptions.defaults(InstantSource.system()));
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

    /** A request as the web UI makes it: the definition resolved for the host and plugin. */
    static GraphRequest request(String text, PluginRef plugin, GraphWindow window, int width) {
        GraphDefinition def = PARSER.parse(text, ADDRESS, plugin.escapedIdentifier());
        return new GraphRequest(def, window, width, GraphRequest.DEFAULT_HEIGHT, window.title() + " web01",
                def.verticalLabel().orElse(plugin.name()));
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
        RenderedGraph g = renderer.render(request(Files.readString(fixture), plugin, Terms.window("day", NOW), 500));
        BufferedImage img = decode(g.png());
        // the canvas is 500 × 100; the axes, title and legend make the image larger
        assertThat(img.getWidth()).isBetween(500 + 40, 500 + 200);
        assertThat(img.getHeight()).isGreaterThan(100 + 40);
        assertThat(img.getWidth()).isEqualTo(g.width());
    }

    @Test
    void aGraphDrawnAfterOthersOfItsSizeIsTheSameImageAsDrawnBefore() throws IOException {
        GraphRequest cpu = request(fixture("base", "cpu"), PluginRef.of("base"), Terms.window("day", NOW), 420);
        GraphRequest memory = request(fixture("base", "memory-usage"), PluginRef.of("base"), Terms.window("day", NOW), 420);
        byte[] first = renderer.render(cpu).png();

        for (int i = 0; i < 3; i++) {
            renderer.render(memory);
        }

        assertThat(renderer.render(cpu).png()).isEqualTo(first);
        assertThat(renderer.render(memory).png()).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(strings = {"day", "week", "month", "year", "1hour", "4hours", "8hours", "3days"})
    void everyTermRenders(String term) throws IOException {
        for (String[] pg : List.of(new String[] {"base", "cpu"}, new String[] {"base", "disk-usage"},
                new String[] {"redis", "mem"}, new String[] {"mysql", "innodb-io"})) {
            GraphWindow w = Terms.window(term, NOW);
            RenderedGraph r = renderer.render(request(fixture(pg[0], pg[1]), PluginRef.of(pg[0]), w, 400));
            BufferedImage img = decode(r.png());
            assertThat(img.getWidth()).isEqualTo(r.width());
            assertThat(img.getHeight()).isEqualTo(r.height());
        }
    }

    @Test
    void customWindowsRenderWithTheGridOfTheirSpan() throws IOException {
        for (long hours : new long[] {2, 30, 24 * 10, 24 * 30, 24 * 60}) {
            GraphWindow w = new GraphWindow("custom", NOW.minusSeconds(hours * 3600), NOW, "from to to");
            RenderedGraph r = renderer.render(request(fixture("base", "traffic"), PluginRef.of("base"), w, 300));
            decode(r.png());
        }
    }

    /** Custom ranges from a minute to ten years, in seconds. */
    static final long[] RANGES = {60, 5 * 60, 16 * 60, 45 * 60, 2 * 3600, 5 * 3600, 13 * 3600, 30 * 3600, 3 * 86400,
            6 * 86400, 13 * 86400, 40 * 86400, 100 * 86400, 200 * 86400, 400 * 86400, 800 * 86400, 3650L * 86400};

    @ParameterizedTest(name = "width {0}")
    @ValueSource(ints = {400, 500, 1100})
    void everyCustomRangeHasTimeLabelsThatDoNotOverlap(int width) throws IOException {
        List<String> unlabelled = new java.util.ArrayList<>();
        for (long range : RANGES) {
            GraphWindow w = new GraphWindow("custom", NOW.minusSeconds(range), NOW, "from to to");
            BufferedImage img = decode(renderer.render(request("DEF:a=<%RRD read.gauge %>:n:AVERAGE\nLINE1:a#FF0000",
                    PluginRef.of("nginx"), w, width)).png());
            List<int[]> labels = timeLabels(img, width);
            if (labels.size() < 2) {
                unlabelled.add(range + " s: " + labels.size() + " labels");
            }
            for (int[] l : labels) {
                // a label is at most ten characters of about 7 pixels; two overlapping would be one wider blot
                assertThat(l[1] - l[0] + 1).as("width of a label of a range of %d s at %d px", range, width).isLessThan(80);
            }
        }
        assertThat(unlabelled).as("ranges with fewer than two time labels at %d px", width).isEmpty();
    }

    @Test
    void sixteenMinutesAreLabelledEveryFewMinutes() {
        TimeGrid g = TimeGrid.custom(16 * 60, 500);
        assertThat(g.format()).isEqualTo("%H:%M");
        assertThat(g.labelUnit()).isEqualTo(org.rrd4j.graph.RrdGraphConstants.MINUTE);
        assertThat(g.labelCount()).isBetween(2, 5);
        assertThat(TimeGrid.custom(30 * 3600, 500).format()).as("times over more than a day name the weekday").startsWith("%a");
        assertThat(TimeGrid.custom(10 * 86400, 500).format()).isEqualTo("%m/%d");
        assertThat(TimeGrid.custom(200 * 86400, 500).format()).isEqualTo("%b");
        assertThat(TimeGrid.custom(3650L * 86400, 500).format()).isEqualTo("%Y");
    }

    @Test
    void theLabelStepOfEveryRangeLeavesRoomBetweenLabelsAndFitsTwoInTheCanvas() {
        for (int width : new int[] {400, 500, 1100}) {
            for (long range = 30; range <= 20L * 365 * 86400; range = range * 21 / 20 + 1) {
                TimeGrid g = TimeGrid.custom(range, width);
                double step = stepSeconds(g.labelUnit(), g.labelCount()) * width / (double) range;
                int labelWidth = TimeGrid.CHAR_PIXELS * TimeGrid.labelLength(g.format());
                assertThat(step).as("pixels between labels of a range of %d s at %d px", range, width)
                        .isGreaterThanOrEqualTo(labelWidth + 2.0 * TimeGrid.CHAR_PIXELS)
                        .isLessThanOrEqualTo(range < 20L * 365 * 86400 / 3 ? width / 2.0 + labelWidth : Double.MAX_VALUE);
            }
        }
    }

    private static long stepSeconds(int unit, int count) {
        long s = switch (unit) {
            case org.rrd4j.graph.RrdGraphConstants.SECOND -> 1;
            case org.rrd4j.graph.RrdGraphConstants.MINUTE -> 60;
            case org.rrd4j.graph.RrdGraphConstants.HOUR -> 3600;
            case org.rrd4j.graph.RrdGraphConstants.DAY -> 86400;
            case org.rrd4j.graph.RrdGraphConstants.WEEK -> 7 * 86400;
            case org.rrd4j.graph.RrdGraphConstants.MONTH -> 30 * 86400;
            default -> 365 * 86400;
        };
        return s * count;
    }

    /** @return left and right of each time label: dark blots below the canvas, ten pixels apart or more */
    static List<int[]> timeLabels(BufferedImage img, int width) {
        int[] c = canvas(img, width);
        List<int[]> out = new java.util.ArrayList<>();
        int start = -1;
        int last = -100;
        for (int x = c[0]; x <= c[1]; x++) {
            boolean dark = false;
            for (int y = c[3] + 3; y < Math.min(c[3] + 20, img.getHeight() - 3) && !dark; y++) {
                dark = (img.getRGB(x, y) & 0xFFFFFF) == 0x222222;
            }
            if (dark) {
                if (x - last >= 10) {
                    if (start >= 0) {
                        out.add(new int[] {start, last});
                    }
                    start = x;
                }
                last = x;
            }
        }
        if (start >= 0) {
            out.add(new int[] {start, last});
        }
        return out;
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
                "VDEF:cons=used_b,LSLINT",
                "CDEF:trend=used_b,POP,slope,COUNT,*,cons,+",
                "VDEF:usedmax=used,MAXIMUM",
                "AREA:in#00C000:In",
                "LINE1:out#0000FF:Out",
                "PRINT:in:AVERAGE:%.3lf",
                "PRINT:out:MAX:%.3lf",
                "PRINT:trend:LAST:%.3lf",
                "PRINT:usedmax:%.1lf",
                "PRINT:used:LAST:%.1lf",
                "PRINT:rate:AVERAGE:%.4lf",
                "PRINT:in:AVERAGE:%.1lf%s");
        GraphWindow w = Terms.window("4hours", NOW);
        RenderedGraph g;
        try (RrdStorage s = open(dir)) {
            g = new RrdGraphRenderer(s).render(request(def, PluginRef.of("base"), w, 500));
        }

        List<Double> printed = g.printLines().subList(0, 6).stream().map(s -> Double.parseDouble(s.strip())).toList();
        assertThat(printed.get(0)).isEqualTo(rxRate * 8.0);
        assertThat(printed.get(1)).isEqualTo(txRate * 8.0);
        // the least-squares line of a straight series ends where the series ends, give or take the
        // growth of two minutes (the last point of the graph's grid may lie past the last sample)
        assertThat(printed.get(2)).isEqualTo((5000.0 + 599) * 1000, within(2000.0));
        assertThat(printed.get(3)).isEqualTo(5000.0 + 599);
        assertThat(printed.get(4)).isEqualTo(5000.0 + 599);
        assertThat(printed.get(5)).isEqualTo(20.0, within(1e-9)); // available is always four times used
        assertThat(g.printLines().get(6)).startsWith("1.0").contains("M");
    }

    @Test
    void dataHasOneColumnPerPlotAndOneRowPerStep() throws IOException {
        GraphWindow w = Terms.window("1hour", NOW);
        GraphData data = renderer.data(request(fixture("base", "memory-usage"), PluginRef.of("base"), w, 500));
        assertThat(data.columns()).containsExactly("used", "buffers", "cached", "avail real", "used  swap",
                "total swap", "total real");
        assertThat(data.rows()).hasSizeBetween(70, 72);
        assertThat(data.rows().get(1).time() - data.rows().get(0).time()).isEqualTo(60);
        GraphData.Row last = data.rows().stream().filter(r -> r.time() == END).findFirst().orElseThrow();
        assertThat(last.values().get(0)).isEqualTo(synthetic(MetricKey.of("memory-used.gauge"), MINUTES - 1), within(1e-9));
    }

    @Test
    void legendOrVariableNamesTheColumns() throws IOException {
        GraphData data = renderer.data(request(fixture("jolokia", "m_heap_s"), PluginRef.of("jolokia"),
                Terms.window("1hour", NOW), 500));
        assertThat(data.columns()).containsExactly("Committed", "v2", "Used", "v3");
    }

    @Test
    void aMissingSeriesDrawsAsUnknownAndCreatesNothing() throws IOException {
        PluginRef plugin = PluginRef.of("nginx", "8080");
        GraphRequest r = request("Request per sec\nDEF:a=<%RRD reqs.derive %>:n:AVERAGE\nLINE1:a#00C000:Request", plugin,
                Terms.window("day", NOW), 500);
        RenderedGraph g = renderer.render(r);
        assertThat(decode(g.png()).getHeight()).isGreaterThan(100);
        assertThat(g.notes()).singleElement().asString().contains("line 2 DEF:a")
                .contains("no series 'reqs.derive' of plugin nginx%3A8080 on " + ADDRESS).contains("drawn as unknown")
                .doesNotContain(dataDir.toString());
        assertThat(Files.exists(dataDir.resolve(ADDRESS).resolve("nginx%3A8080"))).isFalse();
    }

    @Test
    void aConsolidationTheSeriesDoesNotKeepIsAnErrorNamingIt() {
        GraphRequest r = request("DEF:a=<%RRD read.gauge %>:n:LAST\nLINE1:a#00C000:x", PluginRef.of("nginx"),
                Terms.window("day", NOW), 500);
        assertThatThrownBy(() -> renderer.render(r)).isInstanceOf(KuradoException.class)
                .hasMessageContaining("line 1 DEF:a").hasMessageContaining("keeps no LAST points");
    }

    @Test
    void definitionErrorNamesLineAndToken() {
        assertThatThrownBy(() -> request("CPU\nDEF:a=<%RRD cpu-user.derive %>:n:AVERAGE\nCDEF:b=a,0,100,CLAMP\nLINE1:b#FF0000",
                PluginRef.of("base"), Terms.window("day", NOW), 500))
                .isInstanceOf(GraphDefinitionException.class)
                .hasMessageContaining("line 3")
                .hasMessageContaining("CLAMP");
    }

    @Test
    void drawsSamplesThatStillWaitForTheirFile(@TempDir Path dir) throws IOException {
        MetricKey key = MetricKey.of("loadavg-1.gauge");
        AtomicLong now = new AtomicLong(END - 600);
        try (RrdStorage s = new RrdStorage(dir, new RrdStorageOptions(1000, java.time.Duration.ofHours(1), 1,
                () -> Instant.ofEpochSecond(now.get())))) {
            s.write(List.of(new io.kurado.api.Sample(ADDRESS, PluginRef.of("base"), key, 1.5, END - 600)));
            s.flush(); // created; its next write comes after 1 to 1000 samples, to spread writes
            s.write(List.of(new io.kurado.api.Sample(ADDRESS, PluginRef.of("base"), key, 1.5, END - 540)));
            s.flush(); // written once more: from here on, a thousand samples per write
            for (int m = 2; m <= 9; m++) {
                s.write(List.of(new io.kurado.api.Sample(ADDRESS, PluginRef.of("base"), key, 2.5, END - 600 + 60L * m)));
            }
            now.set(END);
            Path file = RrdLayout.file(dir, ADDRESS, "base", key);
            try (org.rrd4j.core.RrdDb db = org.rrd4j.core.RrdDb.getBuilder().setPath(file.toString()).setReadOnly(true)
                    .setBackendFactory(new org.rrd4j.core.RrdRandomAccessFileBackendFactory()).build()) {
                assertThat(db.getLastUpdateTime()).isEqualTo(END - 540); // eight minutes wait in memory
            }
            String def = String.join("\n", "Load", "DEF:a=<%RRD_FOR loadavg-1.gauge %>:n:AVERAGE", "LINE1:a#FF0000:load",
                    "PRINT:a:LAST:%.2lf");
            RenderedGraph g = new RrdGraphRenderer(s).render(request(def, PluginRef.of("base"), Terms.window("1hour", NOW), 500));
            assertThat(g.printLines()).containsExactly("2.50");
        }
    }

    @Test
    void aSeriesNeverWrittenDrawsAsUnknownInsteadOfFailingTheGraph(@TempDir Path dir) throws IOException {
        try (RrdStorage s = open(dir)) {
            String def = String.join("\n", "Replication lag", "DEF:a=<%RRD_FOR lag.gauge %>:n:AVERAGE", "LINE1:a#FF0000:lag",
                    "PRINT:a:LAST:%.2lf");
            RenderedGraph g = new RrdGraphRenderer(s).render(request(def, PluginRef.of("mysql"), Terms.window("day", NOW), 500));
            assertThat(decode(g.png()).getWidth()).isGreaterThan(500);
            assertThat(g.printLines()).singleElement().asString().containsIgnoringCase("nan");
            assertThat(redPixels(decode(g.png()))).isZero();
        }
    }

    @Test
    void aSeriesIsLaidOnTheGridByTimeWeightedMeansOfItsKnownPoints() {
        // points end at 60, 120, 180, 240: 1, NaN, 3, 5
        io.kurado.api.storage.SeriesData d = new io.kurado.api.storage.SeriesData(60, 60, new double[] {1, Double.NaN, 3, 5});
        assertThat(SeriesPlottable.mean(d, 0, 60)).isEqualTo(1.0);
        assertThat(SeriesPlottable.mean(d, 60, 120)).isNaN();
        assertThat(SeriesPlottable.mean(d, 0, 240)).isEqualTo(3.0);       // (1 + 3 + 5) / 3 over the known minutes
        assertThat(SeriesPlottable.mean(d, 150, 210)).isEqualTo(4.0);     // half of 3, half of 5
        assertThat(SeriesPlottable.mean(d, 170, 180)).isEqualTo(3.0);     // inside one point
        assertThat(SeriesPlottable.mean(d, 240, 300)).isNaN();            // after the series
        assertThat(SeriesPlottable.mean(d, -600, 0)).isNaN();             // before it
    }

    @Test
    void aFileWrittenForTheFirstTimeAMinuteAgoDrawsALineInTheDayGraph(@TempDir Path dir) throws IOException {
        MetricKey key = MetricKey.of("loadavg-1.gauge");
        // a Day graph has a point every 237 s: over four successive minutes, some lie inside one point
        for (int k = 0; k < 4; k++) {
            long t0 = END - 60 - 60L * k;
            AtomicLong now = new AtomicLong(t0);
            try (RrdStorage s = new RrdStorage(dir.resolve("m" + k), RrdStorageOptions.defaults(() -> Instant.ofEpochSecond(now.get())))) {
                s.write(List.of(new io.kurado.api.Sample(ADDRESS, PluginRef.of("base"), key, 1.5, t0)));
                now.set(t0 + 60);
                s.write(List.of(new io.kurado.api.Sample(ADDRESS, PluginRef.of("base"), key, 1.5, t0 + 60)));
                now.set(t0 + 80);
                for (String cf : List.of("LINE1", "AREA")) {
                    String def = String.join("\n", "Load",
                            "DEF:a=<%RRD_FOR loadavg-1.gauge %>:n:AVERAGE",
                            cf + ":a#FF0000:load",
                            "GPRINT:a:LAST:cur\\:%.2lf",
                            "PRINT:a:LAST:%.2lf",
                            "PRINT:a:MAX:%.2lf");
                    RenderedGraph g = new RrdGraphRenderer(s).render(request(def, PluginRef.of("base"),
                            Terms.window("day", Instant.ofEpochSecond(now.get())), 500));

                    assertThat(g.printLines()).as("%s of minute %d", cf, k).containsExactly("1.50", "1.50");
                    assertThat(redPixels(decode(g.png()))).as("pixels of the %s of minute %d", cf, k).isGreaterThan(0);
                }
            }
        }
    }

    /**
     * Every kind of element drawn exactly on a grid line: the axis runs 0 to 2 with a grid line at
     * 1.0, and a vertical grid line every four hours of the Day graph. A grid painted over the data
     * hid a one-pixel line lying on it; rrdtool shows the data over the grid.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "LINE1:one#FF0000",
            "LINE1:one#FF0000::dashes=3,6",
            "LINE2:one#FF0000",
            "AREA:one#FF0000",
            "AREA:half#0000FF\nSTACK:half#FF0000",
            "LINE1:half#0000FF\nLINE1:half#FF0000::STACK",
            "HRULE:1#FF0000",
            "VDEF:top=one,MAXIMUM\nHRULE:top#FF0000",
            "VRULE:" + (END - 4 * 3600 - (END % 3600)) + "#FF0000"})
    void dataLyingOnAGridLineIsDrawnOverIt(String element, @TempDir Path dir) throws IOException {
        MetricKey key = MetricKey.of("load.gauge");
        SyntheticRrd.write(RrdLayout.file(dir, ADDRESS, "base", key), key, END, MINUTES, i -> 1.0);
        String def = String.join("\n", "Load", "DEF:one=<%RRD_FOR load.gauge %>:n:AVERAGE", "CDEF:half=one,2,/",
                element.replace("\\n", "\n"));
        BufferedImage img;
        try (RrdStorage s = open(dir)) {
            img = decode(new RrdGraphRenderer(s).render(request(def, PluginRef.of("base"), Terms.window("day", NOW), 500)).png());
        }
        int[] canvas = canvas(img);
        if (element.startsWith("VRULE")) {
            int x = columnWithMostRed(img, canvas);
            assertThat(redInColumn(img, x, canvas)).as("red pixels of the rule's column").isGreaterThanOrEqualTo(canvas[3] - canvas[2] - 2);
            return;
        }
        int y = rowOfValue(img, canvas, 1.0);
        // on the row of 1.0 the element is red from edge to edge (a dashed line: a third, 3 on 6 off)
        int red = 0;
        StringBuilder missing = new StringBuilder();
        for (int x = canvas[0] + 1; x < canvas[1]; x++) {
            if ((img.getRGB(x, y) & 0xFFFFFF) == 0xFF0000) {
                red++;
            } else if (missing.length() < 200) {
                missing.append(' ').append(x - canvas[0]).append('=').append(Integer.toHexString(img.getRGB(x, y) & 0xFFFFFF));
            }
        }
        int width = canvas[1] - canvas[0] - 1;
        assertThat(red).as("red pixels on the grid line of 1.0 (of %d); not red:%s", width, missing)
                .isGreaterThanOrEqualTo(element.contains("dashes") ? width / 3 - 2 : width);
    }

    static int[] canvas(BufferedImage img) {
        return canvas(img, 500);
    }

    @Test
    void theLegendBoxOfAnInvisibleLineShowsTheBackgroundInsideItsFrame() throws IOException {
        String def = "DEF:a=<%RRD read.gauge %>:n:AVERAGE\nLINE0:a#FF0000:Capacity\nAREA:a#00FF00:Shown";
        BufferedImage img = decode(renderer.render(request(def, PluginRef.of("nginx"), Terms.window("day", NOW), 500)).png());
        int[] c = canvas(img, 500);
        // the first legend box: the topmost, leftmost frame pixel below the time labels is its corner
        for (int y = c[3] + 20; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == 0x222222) {
                    assertThat(img.getRGB(x + 3, y + 3) & 0xFFFFFF).as("inside the legend box at %d,%d", x, y).isEqualTo(0xF3F3F3);
                    return;
                }
            }
        }
        throw new AssertionError("no legend box below the canvas");
    }

    /** @return left, right, top and bottom of the canvas: the white rectangle the axes frame */
    static int[] canvas(BufferedImage img, int width) {
        // the x axis: the longest row of the axis colour; the y axis: the longest column of it
        int axisRow = -1;
        int best = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < img.getWidth(); x++) {
                n += (img.getRGB(x, y) & 0xFFFFFF) == 0x111111 ? 1 : 0;
            }
            if (n > best) {
                best = n;
                axisRow = y;
            }
        }
        int left = -1;
        for (int x = 0; x < img.getWidth() && left < 0; x++) {
            if ((img.getRGB(x, axisRow) & 0xFFFFFF) == 0x111111 && (img.getRGB(x, axisRow - 5) & 0xFFFFFF) == 0x111111) {
                left = x;
            }
        }
        int right = left + width;
        int top = axisRow - 100;
        return new int[] {left, right, top, axisRow};
    }

    /** @return the row of a value on the default axis, 0 to 2 over the canvas' 100 pixels */
    private static int rowOfValue(BufferedImage img, int[] canvas, double value) {
        return canvas[3] - (int) Math.round(value / 2 * (canvas[3] - canvas[2]));
    }

    private static int columnWithMostRed(BufferedImage img, int[] canvas) {
        int best = -1;
        int most = -1;
        for (int x = canvas[0] + 1; x < canvas[1]; x++) {
            int n = redInColumn(img, x, canvas);
            if (n > most) {
                most = n;
                best = x;
            }
        }
        return best;
    }

    private static int redInColumn(BufferedImage img, int x, int[] canvas) {
        int n = 0;
        for (int y = canvas[2]; y < canvas[3]; y++) {
            n += (img.getRGB(x, y) & 0xFFFFFF) == 0xFF0000 ? 1 : 0;
        }
        return n;
    }

    /** Pixels of pure red in the image, but the legend's colour box (below the canvas). */
    private static int redPixels(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight() - 40; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xFFFFFF) == 0xFF0000) {
                    n++;
                }
            }
        }
        return n;
    }

    @Test
    void legendsTitlesAndAxisLabelsAreAsLargeAsRrdtoolDrawsTheOriginalsSize8() throws IOException {
        // rrdtool 1.7 draws "--font LEGEND:8:" text of DejaVu Sans Mono 6.8 px a character and
        // 8 px high for capitals; rrd4j drew 8 points as 8 pixels, 4.9 px a character
        String def = "DEF:a=<%RRD read.gauge %>:n:AVERAGE\nLINE1:a#FF0000\nCOMMENT:HHHHHHHHHHHHHHHHHHHH";
        BufferedImage img = decode(renderer.render(request(def, PluginRef.of("nginx"), Terms.window("day", NOW), 500)).png());

        int[] legend = lowestTextLine(img);
        assertThat(legend[1] - legend[0] + 1).as("width of 20 capitals").isBetween(20 * 6, 20 * 8);
        assertThat(legend[3] - legend[2] + 1).as("height of capitals").isBetween(8, 10);
    }

    /** @return left, right, top and bottom of the dark pixels of the lowest line of text */
    private static int[] lowestTextLine(BufferedImage img) {
        int bottom = -1;
        int top = -1;
        for (int y = img.getHeight() - 1; y >= 0; y--) {
            boolean dark = false;
            for (int x = 0; x < img.getWidth() && !dark; x++) {
                dark = isDark(img.getRGB(x, y));
            }
            if (dark && bottom < 0) {
                bottom = y;
            } else if (!dark && bottom >= 0) {
                top = y + 1;
                break;
            }
        }
        int left = Integer.MAX_VALUE;
        int right = -1;
        for (int y = top; y <= bottom; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (isDark(img.getRGB(x, y))) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                }
            }
        }
        return new int[] {left, right, top, bottom};
    }

    private static boolean isDark(int rgb) {
        return ((rgb >> 16) & 0xFF) < 120 && ((rgb >> 8) & 0xFF) < 120 && (rgb & 0xFF) < 120;
    }

    @Test
    void windowsUpToAWeekAreReadAtTheFinestDetailAndLongerOnesAtTheCanvasResolution() {
        for (String term : List.of("1hour", "4hours", "8hours", "day", "3days", "week")) {
            assertThat(RrdGraphRenderer.detail(Terms.window(term, NOW))).as(term).isEqualTo(Detail.FINEST);
        }
        assertThat(RrdGraphRenderer.detail(Terms.window("month", NOW))).isEqualTo(Detail.RESOLUTION);
        assertThat(RrdGraphRenderer.detail(Terms.window("year", NOW))).isEqualTo(Detail.RESOLUTION);
        assertThat(RrdGraphRenderer.detail(new GraphWindow("custom", NOW.minus(Duration.ofDays(8)), NOW, "t")))
                .isEqualTo(Detail.FINEST);
        assertThat(RrdGraphRenderer.detail(new GraphWindow("custom", NOW.minus(Duration.ofDays(9)), NOW, "t")))
                .isEqualTo(Detail.RESOLUTION);
    }

    @Test
    void anEmptyDefinitionIsAnErrorSayingSo() {
        GraphRequest r = request("", PluginRef.of("nginx"), Terms.window("day", NOW), 500);
        assertThatThrownBy(() -> renderer.render(r)).isInstanceOf(KuradoException.class)
                .hasMessageContaining("the graph definition is empty");
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
        RenderedGraph g = renderer.render(request(def, PluginRef.of("nginx"), Terms.window("day", NOW), 500));
        decode(g.png());
        assertThat(g.printLines()).hasSize(1);
    }
}

package io.kurado.rrd.graph;

import io.kurado.api.DataSourceType;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.api.graph.SeriesSource;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.web.Terms;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * CPU time per graph of the base view's eight definitions (day, 420 pixels, as the comparison page
 * draws them) over 36 hours of synthetic minutes, drawn one after the other in one thread: the
 * whole drawing ({@link RrdGraphRenderer#render}) and {@link PngEncoder#encode} alone, over layers
 * made from the drawn images (the background made transparent, the canvas left opaque). Not a test:
 * run it by hand, e.g. {@code java -cp <kurado-rrd's test classpath> io.kurado.rrd.graph.GraphRenderBench
 * [rounds]}; the first rounds warm the JIT up, the last is printed as a RESULT line.
 */
public final class GraphRenderBench {
    private static final long END = 1_700_000_040L;
    private static final String ADDRESS = "192.0.2.10";
    private static final int WIDTH = 420;

    private GraphRenderBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 12;
        Path dir = Files.createTempDirectory("kurado-graphbench");
        Path base = Path.of(GraphRenderBench.class.getResource("/graphs/base").toURI());
        GraphDefinitionParser parser = new GraphDefinitionParser();
        List<String> texts = new ArrayList<>();
        try (Stream<Path> s = Files.list(base)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".def")).sorted().toList()) {
                texts.add(Files.readString(f));
            }
        }
        for (String text : texts) {
            for (GraphElement.Def d : parser.parse(text).defs()) {
                SeriesSource.Tag t = (SeriesSource.Tag) d.source();
                Path file = RrdLayout.file(dir, ADDRESS, "base", t.key());
                if (!Files.exists(file)) {
                    SyntheticRrd.write(file, t.key(), END, 36 * 60, i -> t.key().type() == DataSourceType.GAUGE
                            ? 100 + 50 * Math.sin(i / 90.0) : 600.0 * i + 3000 * (1 - Math.cos(i / 90.0)));
                }
            }
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        try (RrdStorage storage = new RrdStorage(dir, RrdStorageOptions.defaults(InstantSource.system()))) {
            RrdGraphRenderer renderer = new RrdGraphRenderer(storage);
            GraphWindow window = Terms.window("day", Instant.ofEpochSecond(END));
            List<GraphRequest> requests = new ArrayList<>();
            for (String text : texts) {
                GraphDefinition def = parser.parse(text, ADDRESS, "base");
                requests.add(new GraphRequest(def, window, WIDTH, GraphRequest.DEFAULT_HEIGHT, window.title() + " web01",
                        def.verticalLabel().orElse("base")));
            }
            List<BufferedImage> layers = new ArrayList<>();
            long bytes = 0;
            for (GraphRequest r : requests) {
                byte[] png = renderer.render(r).png();
                bytes += png.length;
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
                BufferedImage layer = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_ARGB);
                for (int y = 0; y < img.getHeight(); y++) {
                    for (int x = 0; x < img.getWidth(); x++) {
                        int p = img.getRGB(x, y);
                        layer.setRGB(x, y, (p & 0xFFFFFF) == 0xF3F3F3 ? 0 : p);
                    }
                }
                layers.add(layer);
            }
            double renderMs = 0;
            double encodeMs = 0;
            for (int round = 1; round <= rounds; round++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 25; i++) {
                    for (GraphRequest r : requests) {
                        renderer.render(r);
                    }
                }
                long t1 = mx.getCurrentThreadCpuTime();
                for (int i = 0; i < 100; i++) {
                    for (BufferedImage l : layers) {
                        int[] px = ((java.awt.image.DataBufferInt) l.getRaster().getDataBuffer()).getData();
                        PngEncoder.encode(px, l.getWidth(), l.getHeight(), 0xFFF3F3F3, 0xFFFFFFFF, 0, 0, 0, 0);
                    }
                }
                long t2 = mx.getCurrentThreadCpuTime();
                renderMs = (t1 - t0) / 1e6 / (25 * requests.size());
                encodeMs = (t2 - t1) / 1e6 / (100 * layers.size());
                System.out.printf(Locale.ROOT, "round %d: render %.3f ms CPU per graph, encode alone %.3f ms%n", round, renderMs, encodeMs);
            }
            System.out.printf(Locale.ROOT, "RESULT graph-render graphs=%d width=%d render_cpu_ms_per_graph=%.3f encode_cpu_ms_per_graph=%.3f "
                    + "bytes_per_graph=%d%n", requests.size(), WIDTH, renderMs, encodeMs, bytes / requests.size());
        }
    }
}

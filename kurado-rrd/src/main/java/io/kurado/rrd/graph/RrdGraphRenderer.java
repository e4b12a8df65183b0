package io.kurado.rrd.graph;

import io.kurado.api.KuradoException;
import io.kurado.core.graph.FileRef;
import io.kurado.core.graph.GraphDefinition;
import io.kurado.core.graph.GraphDefinitionParser;
import io.kurado.core.graph.GraphElement;
import io.kurado.core.graph.Operand;
import io.kurado.core.web.GraphData;
import io.kurado.core.web.GraphQuery;
import io.kurado.core.web.GraphRenderer;
import io.kurado.core.web.GraphWindow;
import io.kurado.core.web.PreparedGraph;
import io.kurado.rrd.RrdFiles;
import io.kurado.rrd.RrdLayout;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.DataHolder;
import org.rrd4j.core.FetchData;
import org.rrd4j.data.DataProcessor;
import org.rrd4j.data.Variable;
import org.rrd4j.graph.ElementsNames;
import org.rrd4j.graph.RrdGraph;
import org.rrd4j.graph.RrdGraphConstants;
import org.rrd4j.graph.RrdGraphDef;
import org.rrd4j.graph.RrdGraphInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Draws graph definitions from the RRD files of a data directory with rrd4j, in memory, with the
 * original Kurado's options: canvas {@code width × 100}, lower limit 0 and upper limit 2 (not
 * rigid), the x-grid of the term, no rrdtool tag, the original colours, the title
 * {@code <term title> <hostname>} and size-8 fonts.
 *
 * <p>Files are read through a {@link DbAccess} (normally the storage's {@link RrdFiles}), so a
 * graph never opens a second {@code RrdDb} on a file being written. Missing files are not created.
 * Thread-safe.
 */
public final class RrdGraphRenderer implements GraphRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(RrdGraphRenderer.class);

    /** The canvas height, as the original's {@code -h}. */
    public static final int HEIGHT = 100;

    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);
    private static final float FONT_SIZE = 8f;

    private final Path dataDir;
    private final DbAccess access;
    private final GraphDefinitionParser parser = new GraphDefinitionParser();

    /**
     * @param dataDir the data directory the template tags resolve into
     * @param access reads files through whoever holds them open
     */
    public RrdGraphRenderer(Path dataDir, DbAccess access) {
        this.dataDir = Objects.requireNonNull(dataDir, "dataDir");
        this.access = Objects.requireNonNull(access, "access");
    }

    /**
     * @param dataDir the data directory the template tags resolve into
     * @param files the open files shared with the storage
     */
    public RrdGraphRenderer(Path dataDir, RrdFiles files) {
        this(dataDir, files::withDb);
    }

    /**
     * Parses and resolves the definition for the query; nothing is read yet.
     *
     * @throws io.kurado.core.graph.GraphDefinitionException when the definition cannot be drawn
     */
    @Override
    public PreparedGraph prepare(GraphQuery query, String definition) {
        GraphDefinition def = parser.parse(definition, query.address(), query.plugin().escapedIdentifier(),
                (address, plugin, key) -> RrdLayout.file(dataDir, address, plugin, key));
        String what = "address:" + query.address() + " plugin:" + query.plugin().name() + " graph:" + query.graph();
        return new Prepared(def, query.window(), query.width(), query.host().host().hostname(),
                query.plugin().name(), what);
    }

    /**
     * Parses a definition given explicitly and resolves its tags for one host and plugin.
     *
     * @param definition the rrdtool text
     * @param address the host address
     * @param escapedPlugin the escaped plugin identifier
     * @return the resolved definition
     * @throws io.kurado.core.graph.GraphDefinitionException when it cannot be drawn
     */
    public GraphDefinition resolve(String definition, String address, String escapedPlugin) {
        return parser.parse(definition, address, escapedPlugin,
                (a, p, key) -> RrdLayout.file(dataDir, a, p, key));
    }

    /**
     * Draws a resolved definition.
     *
     * @param def the definition, every {@code DEF} naming a file
     * @param window the time range and the term (its title starts the graph title)
     * @param width the canvas width
     * @param hostname the hostname in the title
     * @param fallbackLabel the vertical label when the definition has none (the plugin name)
     * @return the PNG and the {@code PRINT} results
     * @throws KuradoException when a file is missing or the graph cannot be drawn
     */
    public RenderedGraph render(GraphDefinition def, GraphWindow window, int width, String hostname, String fallbackLabel) {
        return new Prepared(def, window, width, hostname, fallbackLabel, "graph").render();
    }

    /**
     * The values a resolved definition plots, one column per {@code LINE}, {@code AREA} and
     * {@code STACK} of a variable (named by its legend, else the variable), one row per step.
     *
     * @param def the definition
     * @param window the time range
     * @param width the canvas width, which chooses the archive as for the image
     * @return the values
     */
    public GraphData data(GraphDefinition def, GraphWindow window, int width) {
        return new Prepared(def, window, width, "", "", "graph").data();
    }

    /** One definition for one window. */
    private final class Prepared implements PreparedGraph {
        private final GraphDefinition def;
        private final GraphWindow window;
        private final int width;
        private final String hostname;
        private final String fallbackLabel;
        private final String what;
        private final long start;
        private final long end;

        Prepared(GraphDefinition def, GraphWindow window, int width, String hostname, String fallbackLabel, String what) {
            this.def = def;
            this.window = window;
            this.width = width;
            this.hostname = hostname;
            this.fallbackLabel = fallbackLabel;
            this.what = what;
            this.start = window.start().getEpochSecond();
            this.end = window.end().getEpochSecond();
        }

        @Override
        public OptionalLong lastUpdate() {
            OptionalLong newest = OptionalLong.empty();
            for (Path f : def.files()) {
                if (Files.exists(f)) {
                    long t = access.withDb(f, db -> {
                        try {
                            return db.getLastUpdateTime();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                    if (newest.isEmpty() || t > newest.getAsLong()) {
                        newest = OptionalLong.of(t);
                    }
                }
            }
            return newest;
        }

        @Override
        public byte[] png() {
            return render().png();
        }

        RenderedGraph render() {
            Map<GraphElement.Def, FetchData> fetched = fetch();
            RrdGraphDef gd = new RrdGraphDef(start, end);
            gd.setFilename(RrdGraphConstants.IN_MEMORY_IMAGE);
            gd.setImageFormat("png");
            gd.setWidth(width);
            gd.setHeight(HEIGHT);
            gd.setMinValue(0);
            gd.setMaxValue(2);
            gd.setVerticalLabel(def.verticalLabel().orElse(fallbackLabel));
            gd.setShowSignature(false);
            gd.setTitle(window.title() + " " + hostname);
            gd.setColor(ElementsNames.back, rgb("#F3F3F3"));
            gd.setColor(ElementsNames.canvas, rgb("#FFFFFF"));
            gd.setColor(ElementsNames.grid, rgb("#8F8F8F"));
            gd.setColor(ElementsNames.mgrid, rgb("#666666"));
            gd.setColor(ElementsNames.font, rgb("#222222"));
            gd.setColor(ElementsNames.frame, rgb("#222222"));
            gd.setColor(ElementsNames.xaxis, rgb("#111111"));
            gd.setColor(ElementsNames.yaxis, rgb("#111111"));
            gd.setColor(ElementsNames.shadea, rgb("#DDDDDD"));
            gd.setColor(ElementsNames.shadeb, rgb("#DDDDDD"));
            gd.setColor(ElementsNames.arrow, rgb("#F89407"));
            Font base = gd.getFont(RrdGraphConstants.FontTag.DEFAULT).deriveFont(FONT_SIZE);
            gd.setFont(RrdGraphConstants.FontTag.TITLE, base);
            gd.setFont(RrdGraphConstants.FontTag.AXIS, base);
            gd.setFont(RrdGraphConstants.FontTag.LEGEND, base);
            TimeGrid.of(window).apply(gd);
            addSources(gd, fetched);
            for (GraphElement e : def.elements()) {
                draw(gd, e);
            }
            try {
                RrdGraphInfo info = new RrdGraph(gd).getRrdGraphInfo();
                String[] prints = info.getPrintLines();
                return new RenderedGraph(info.getBytes(), info.getWidth(), info.getHeight(),
                        prints == null ? List.of() : List.of(prints));
            } catch (IOException | RuntimeException e) {
                throw new KuradoException(what + ": cannot draw: " + e.getMessage(), e);
            }
        }

        @Override
        public GraphData data() {
            Map<GraphElement.Def, FetchData> fetched = fetch();
            DataProcessor dp = new DataProcessor(start, end);
            addSources(dp, fetched);
            try {
                dp.processData();
            } catch (IOException | RuntimeException e) {
                throw new KuradoException(what + ": cannot compute data: " + e.getMessage(), e);
            }
            List<String> columns = new ArrayList<>();
            List<double[]> series = new ArrayList<>();
            for (GraphElement e : def.elements()) {
                String vname = null;
                java.util.Optional<String> legend = java.util.Optional.empty();
                if (e instanceof GraphElement.Line l && l.value() instanceof Operand.Var v) {
                    vname = v.name();
                    legend = l.legend();
                } else if (e instanceof GraphElement.Area a && a.value() instanceof Operand.Var v) {
                    vname = v.name();
                    legend = a.legend();
                } else if (e instanceof GraphElement.Stack s) {
                    vname = s.vname();
                    legend = s.legend();
                }
                if (vname != null) {
                    String name = legend.map(RrdGraphRenderer::plainLegend).filter(s -> !s.isEmpty()).orElse(vname);
                    columns.add(name);
                    series.add(dp.getValues(vname));
                }
            }
            long[] ts = dp.getTimestamps();
            List<GraphData.Row> rows = new ArrayList<>(ts.length);
            for (int i = 0; i < ts.length; i++) {
                List<Double> values = new ArrayList<>(series.size());
                for (double[] s : series) {
                    values.add(s[i]);
                }
                rows.add(new GraphData.Row(ts[i], values));
            }
            return new GraphData(columns, rows);
        }

        /** Reads every DEF's data through the shared files; a missing file is an error naming it. */
        private Map<GraphElement.Def, FetchData> fetch() {
            long resolution = Math.max(1, (end - start) / width);
            Map<GraphElement.Def, FetchData> out = new HashMap<>();
            Map<String, FetchData> byFileAndCf = new HashMap<>();
            for (GraphElement.Def d : def.defs()) {
                if (!(d.file() instanceof FileRef.File f)) {
                    throw new KuradoException(what + ": line " + d.line() + " DEF:" + d.vname() + " has an unresolved template tag");
                }
                Path path = f.path();
                if (!Files.exists(path)) {
                    throw new KuradoException(what + ": opening '" + path + "': No such file or directory");
                }
                ConsolFun cf = ConsolFun.valueOf(d.cf().name());
                FetchData data = byFileAndCf.computeIfAbsent(path + "\u0000" + cf, k -> access.withDb(path, db -> {
                    try {
                        return db.createFetchRequest(cf, start, end, resolution).fetchData();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (RuntimeException e) {
                        throw new KuradoException(what + ": line " + d.line() + " DEF:" + d.vname() + ": cannot read "
                                + cf + " from '" + path + "': " + e.getMessage(), e);
                    }
                }));
                out.put(d, data);
            }
            return out;
        }

        private void addSources(DataHolder holder, Map<GraphElement.Def, FetchData> fetched) {
            for (GraphElement e : def.elements()) {
                if (e instanceof GraphElement.Def d) {
                    FetchData data = fetched.get(d);
                    if (!List.of(data.getDsNames()).contains(d.ds())) {
                        throw new KuradoException(what + ": line " + d.line() + " DEF:" + d.vname() + ": no data source '"
                                + d.ds() + "' in the file");
                    }
                    holder.datasource(d.vname(), d.ds(), data);
                } else if (e instanceof GraphElement.Cdef c) {
                    holder.datasource(c.vname(), c.rpn());
                } else if (e instanceof GraphElement.Vdef v) {
                    holder.datasource(v.vname(), v.source(), variable(v));
                } else if (e instanceof GraphElement.Gprint g && g.cf().isPresent()) {
                    holder.datasource(printName(g.line()), g.vname(), variable(g.cf().get()));
                } else if (e instanceof GraphElement.Print p && p.cf().isPresent()) {
                    holder.datasource(printName(p.line()), p.vname(), variable(p.cf().get()));
                } else if (e instanceof GraphElement.Line l && l.value() instanceof Operand.Constant k) {
                    holder.datasource(constName(l.line()), constRpn(k.value()));
                } else if (e instanceof GraphElement.Area a && a.value() instanceof Operand.Constant k) {
                    holder.datasource(constName(a.line()), constRpn(k.value()));
                }
            }
        }

        private void draw(RrdGraphDef gd, GraphElement e) {
            if (e instanceof GraphElement.Line l) {
                String src = l.value() instanceof Operand.Var v ? v.name() : constName(l.line());
                boolean visible = l.colour().isPresent() && l.width() > 0;
                Color colour = visible ? rgb(l.colour().get()) : TRANSPARENT;
                String legend = l.colour().isPresent() ? l.legend().orElse(null) : null;
                gd.line(src, colour, legend, stroke(Math.max(l.width(), 1), l.dashes()), l.stack());
            } else if (e instanceof GraphElement.Area a) {
                String src = a.value() instanceof Operand.Var v ? v.name() : constName(a.line());
                Color colour = a.colour().map(RrdGraphRenderer::rgb).orElse(TRANSPARENT);
                gd.area(src, colour, a.colour().isPresent() ? a.legend().orElse(null) : null, a.stack());
            } else if (e instanceof GraphElement.Stack s) {
                Color colour = s.colour().map(RrdGraphRenderer::rgb).orElse(TRANSPARENT);
                gd.stack(s.vname(), colour, s.colour().isPresent() ? s.legend().orElse(null) : null);
            } else if (e instanceof GraphElement.Gprint g) {
                gd.gprint(g.cf().isPresent() ? printName(g.line()) : g.vname(), g.format());
            } else if (e instanceof GraphElement.Print p) {
                gd.print(p.cf().isPresent() ? printName(p.line()) : p.vname(), p.format());
            } else if (e instanceof GraphElement.Comment c) {
                gd.comment(c.text());
            } else if (e instanceof GraphElement.Hrule h) {
                BasicStroke stroke = stroke(1, h.dashes());
                if (h.value() instanceof Operand.Constant k) {
                    gd.hrule(k.value(), rgb(h.colour()), h.legend().orElse(null), stroke);
                } else {
                    // rrd4j rules take numbers only: a VDEF's value is drawn as a line at that height
                    gd.line(((Operand.Var) h.value()).name(), rgb(h.colour()), h.legend().orElse(null), stroke, false);
                }
            } else if (e instanceof GraphElement.Vrule v) {
                gd.vrule(v.time(), rgb(v.colour()), v.legend().orElse(null), stroke(1, v.dashes()));
            } else if (e instanceof GraphElement.Option o) {
                option(gd, o);
            }
        }

        private void option(RrdGraphDef gd, GraphElement.Option o) {
            String v = o.value().orElse("");
            switch (o.name()) {
                case "lower-limit" -> gd.setMinValue(Double.parseDouble(v));
                case "upper-limit" -> gd.setMaxValue(Double.parseDouble(v));
                case "rigid" -> gd.setRigid(true);
                case "base" -> gd.setBase(Double.parseDouble(v));
                case "units-exponent" -> gd.setUnitsExponent((int) Double.parseDouble(v));
                case "units-length" -> gd.setUnitsLength((int) Double.parseDouble(v));
                case "logarithmic" -> gd.setLogarithmic(true);
                case "alt-autoscale" -> gd.setAltAutoscale(true);
                case "alt-autoscale-min" -> gd.setAltAutoscaleMin(true);
                case "alt-autoscale-max" -> gd.setAltAutoscaleMax(true);
                case "no-legend" -> gd.setNoLegend(true);
                case "force-rules-legend" -> gd.setForceRulesLegend(true);
                case "only-graph" -> gd.setOnlyGraph(true);
                case "vertical-label" -> gd.setVerticalLabel(v);
                case "title" -> gd.setTitle(v);
                default -> LOG.debug("line {}: option --{} only changes looks; ignored", o.line(), o.name());
            }
        }
    }

    private static String printName(int line) {
        return "kurado_print_" + line;
    }

    private static String constName(int line) {
        return "kurado_const_" + line;
    }

    private static String constRpn(double value) {
        return Double.isNaN(value) ? "UNKN" : Double.toString(value);
    }

    private static Variable variable(GraphElement.Cf cf) {
        return switch (cf) {
            case AVERAGE -> new Variable.AVERAGE();
            case MIN -> new Variable.MIN();
            case MAX -> new Variable.MAX();
            case LAST -> new Variable.LAST();
        };
    }

    private static Variable variable(GraphElement.Vdef v) {
        return switch (v.function()) {
            case MAXIMUM -> new Variable.MAX();
            case MINIMUM -> new Variable.MIN();
            case AVERAGE -> new Variable.AVERAGE();
            case STDEV -> new Variable.STDDEV();
            case LAST -> new Variable.LAST();
            case FIRST -> new Variable.FIRST();
            case TOTAL -> new Variable.TOTAL();
            case PERCENT -> new Variable.PERCENTILE(v.argument().orElseThrow());
            case PERCENTNAN -> new Variable.PERCENTILENAN(v.argument().orElseThrow());
            case LSLSLOPE -> new Variable.LSLSLOPE();
            case LSLINT -> new Variable.LSLINT();
            case LSLCORREL -> new Variable.LSLCORREL();
        };
    }

    private static BasicStroke stroke(double width, List<Float> dashes) {
        if (dashes.isEmpty()) {
            return new BasicStroke((float) width);
        }
        float[] d = new float[dashes.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dashes.get(i);
        }
        return new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, d, 0f);
    }

    /** {@code #RRGGBB} or {@code #RRGGBBAA} as a colour. */
    static Color rgb(String hex) {
        int r = Integer.parseInt(hex.substring(1, 3), 16);
        int g = Integer.parseInt(hex.substring(3, 5), 16);
        int b = Integer.parseInt(hex.substring(5, 7), 16);
        int a = hex.length() == 9 ? Integer.parseInt(hex.substring(7, 9), 16) : 255;
        return new Color(r, g, b, a);
    }

    /** A legend without its trailing marker and spaces, for column names. */
    static String plainLegend(String legend) {
        String s = legend;
        if (s.length() >= 2 && s.charAt(s.length() - 2) == '\\') {
            s = s.substring(0, s.length() - 2);
        }
        return s.strip();
    }
}

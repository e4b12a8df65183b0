package io.kurado.rrd.graph;

import io.kurado.api.KuradoException;
import io.kurado.api.graph.GraphData;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.GraphRenderer;
import io.kurado.api.graph.GraphRequest;
import io.kurado.api.graph.GraphWindow;
import io.kurado.api.graph.Operand;
import io.kurado.api.graph.RenderedGraph;
import io.kurado.api.graph.SeriesSource;
import io.kurado.api.storage.Detail;
import io.kurado.api.storage.SeriesData;
import io.kurado.api.storage.SeriesQuery;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.storage.Storage;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.rrd4j.core.DataHolder;
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
 * Draws resolved graph definitions with rrd4j's graph engine, in memory, with the original
 * Kurado's options: lower limit 0 and upper limit 2 (not rigid), the x-grid of the term, no
 * rrdtool tag, the original colours and size-8 fonts (drawn as large as rrdtool draws 8 points,
 * about 11 pixels); canvas size, title and vertical label as the request gives them. The grid is
 * dotted and lies below the data, as rrdtool shows it, so a line on a grid line stays visible.
 *
 * <p>Series are read through {@link Storage#read}, one query per {@code DEF}, and laid on the
 * graph's time grid (one point per pixel) by time weighted averaging, as rrdtool does. So the
 * renderer draws from any storage. Windows of up to a week ({@code 1hour} to {@code week}, and
 * custom ranges up to 8 days) read the finest points kept wherever they reach
 * ({@link Detail#FINEST}), so a new series shows from its first minute; {@code month},
 * {@code year} and longer ranges read one step near the canvas resolution, as the original did
 * ({@link Detail#RESOLUTION}). A series that was never written draws as unknown, so the graph
 * shows, empty, instead of failing; nothing is created. A least-squares trend ({@code LSLSLOPE} and
 * {@code LSLINT}) is drawn only where enough of the window's data back it ({@link TrendLines}).
 * Thread-safe.
 */
public final class RrdGraphRenderer implements GraphRenderer {
    private static final Logger LOG = LoggerFactory.getLogger(RrdGraphRenderer.class);

    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);
    private static final String BACK = "#F3F3F3";
    private static final String CANVAS = "#FFFFFF";
    /** rrdtool's grid lines: one pixel on, one off. */
    private static final float[] GRID_DASHES = {1f, 1f};
    /** The original's size 8: rrdtool draws points at 100 dpi, Java at 72 (one point a pixel). */
    private static final float FONT_SIZE = 8f * 100 / 72;

    /** The longest window read at the finest detail: the week term's. */
    private static final Duration FINEST_UP_TO = Duration.ofDays(8);

    private final Storage storage;

    /** @param storage where the series are read from */
    public RrdGraphRenderer(Storage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    @Override
    public RenderedGraph render(GraphRequest request) {
        return new Drawing(request).render();
    }

    @Override
    public GraphData data(GraphRequest request) {
        return new Drawing(request).data();
    }

    /** One request being drawn. */
    private final class Drawing {
        private final GraphRequest request;
        private final GraphDefinition def;
        private final long start;
        private final long end;
        private final List<String> notes = new ArrayList<>();

        Drawing(GraphRequest request) {
            this.request = request;
            this.def = request.definition();
            this.start = request.window().start().getEpochSecond();
            this.end = request.window().end().getEpochSecond();
        }

        RenderedGraph render() {
            if (def.elements().isEmpty()) {
                throw new KuradoException("the graph definition is empty: it has no DEF, LINE, AREA or other element");
            }
            Map<GraphElement.Def, SeriesData> fetched = fetch();
            RrdGraphDef gd = new RrdGraphDef(start, end);
            BasicStroke gridStroke = new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, GRID_DASHES, 0f);
            BasicStroke tickStroke = new BasicStroke(1f);
            gd.setFilename(RrdGraphConstants.IN_MEMORY_IMAGE);
            gd.setImageFormat("png");
            gd.setWidth(request.width());
            gd.setHeight(request.height());
            gd.setMinValue(0);
            gd.setMaxValue(2);
            gd.setVerticalLabel(request.verticalLabel());
            gd.setShowSignature(false);
            gd.setTitle(request.title());
            // the worker paints background and canvas last, below the grid, and the grid below the data
            Color backMarker = new Color(0, 0, 0, 0);
            Color canvasMarker = new Color(0, 0, 0, 0);
            gd.setColor(ElementsNames.back, backMarker);
            gd.setColor(ElementsNames.canvas, canvasMarker);
            gd.setGridStroke(gridStroke);
            gd.setTickStroke(tickStroke);
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
            TimeGrid.of(request.window(), request.width()).apply(gd);
            // rrd4j lays series without a file on a grid of one point per pixel
            long step = Math.max((end - start) / request.width(), 1);
            Map<String, TrendLines.Mask> masks = trendMasks(fetched, step, dp -> dp.setPixelCount(request.width()));
            addSources(gd, fetched, step, masks);
            for (GraphElement e : def.elements()) {
                draw(gd, e, masks);
            }
            try {
                GridBelowDataWorker worker = new GridBelowDataWorker(rgb(BACK), rgb(CANVAS), backMarker, canvasMarker,
                        gridStroke, tickStroke);
                RrdGraphInfo info = new RrdGraph(gd, worker).getRrdGraphInfo();
                String[] prints = info.getPrintLines();
                return new RenderedGraph(info.getBytes(), info.getWidth(), info.getHeight(),
                        prints == null ? List.of() : List.of(prints), notes);
            } catch (IOException | RuntimeException e) {
                throw new KuradoException("cannot draw: " + e.getMessage(), e);
            }
        }

        GraphData data() {
            Map<GraphElement.Def, SeriesData> fetched = fetch();
            long step = fetched.values().stream().mapToLong(SeriesData::step).min()
                    .orElse(Math.max((end - start) / request.width(), 1));
            Map<String, TrendLines.Mask> masks = trendMasks(fetched, step, p -> p.setStep(step));
            DataProcessor dp = new DataProcessor(start, end);
            dp.setStep(step);
            addSources(dp, fetched, step, masks);
            try {
                dp.processData();
            } catch (IOException | RuntimeException e) {
                throw new KuradoException("cannot compute data: " + e.getMessage(), e);
            }
            List<String> columns = new ArrayList<>();
            List<double[]> series = new ArrayList<>();
            for (GraphElement e : def.elements()) {
                String vname = null;
                Optional<String> legend = Optional.empty();
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

        /** Reads every DEF's series from the storage; a series never written reads as unknown. */
        private Map<GraphElement.Def, SeriesData> fetch() {
            Duration resolution = Duration.ofSeconds(Math.max(1, (end - start) / request.width()));
            Map<GraphElement.Def, SeriesData> out = new HashMap<>();
            Map<String, SeriesData> bySeriesAndCf = new HashMap<>();
            for (GraphElement.Def d : def.defs()) {
                SeriesRef ref = ((SeriesSource.Series) d.source()).ref();
                SeriesData data = bySeriesAndCf.computeIfAbsent(ref + "\u0000" + d.cf(), k -> read(d, ref, resolution));
                out.put(d, data);
            }
            return out;
        }

        private SeriesData read(GraphElement.Def d, SeriesRef ref, Duration resolution) {
            String where = "line " + d.line() + " DEF:" + d.vname() + ": ";
            Optional<SeriesData> data;
            try {
                data = storage.read(new SeriesQuery(ref, d.cf(), request.window().start(), request.window().end(), resolution,
                        detail(request.window())));
            } catch (RuntimeException e) {
                throw new KuradoException(where + (e instanceof KuradoException ? "" : "cannot read " + ref + ": ")
                        + e.getMessage(), e);
            }
            // A series never written (a counter the server does not report, a fetch that never worked)
            // draws as unknown, as a file of unknowns would: the graph shows, empty, instead of failing.
            if (data.isEmpty()) {
                notes.add(where + "no series " + ref + " (nothing has been written to it): drawn as unknown");
                return unknown(resolution);
            }
            return data.get();
        }

        /** @return a series of unknowns over the window, at a step near the resolution */
        private SeriesData unknown(Duration resolution) {
            long step = Math.max(60, resolution.toSeconds() / 60 * 60);
            long first = start - Math.floorMod(start, step);
            int n = (int) ((end - first) / step + 1);
            double[] values = new double[n];
            java.util.Arrays.fill(values, Double.NaN);
            return new SeriesData(first, step, values);
        }

        /**
         * Where the definition's least-squares trends are drawn ({@link TrendLines}), from a first
         * pass over the data on the grid the drawing uses.
         *
         * @param grid sets that grid on a data processor
         * @return the masks of the trends by name, empty when the definition has none
         */
        private Map<String, TrendLines.Mask> trendMasks(Map<GraphElement.Def, SeriesData> fetched, long step,
                java.util.function.Consumer<DataProcessor> grid) {
            TrendLines trends = TrendLines.of(def);
            if (trends.isEmpty()) {
                return Map.of();
            }
            DataProcessor first = new DataProcessor(start, end);
            grid.accept(first);
            addSources(first, fetched, step, Map.of());
            try {
                first.processData();
            } catch (IOException | RuntimeException e) {
                throw new KuradoException("cannot compute data: " + e.getMessage(), e);
            }
            Map<String, TrendLines.Mask> masks = trends.masks(first.getTimestamps(), first::getValues);
            for (GraphElement e : def.elements()) {
                if (e instanceof GraphElement.Cdef c && masks.containsKey(c.vname())) {
                    masks.get(c.vname()).note().ifPresent(n -> notes.add("line " + c.line() + " CDEF:" + c.vname()
                            + ": the least-squares trend is " + n));
                }
            }
            return masks;
        }

        private void addSources(DataHolder holder, Map<GraphElement.Def, SeriesData> fetched, long step,
                Map<String, TrendLines.Mask> masks) {
            for (GraphElement e : def.elements()) {
                if (e instanceof GraphElement.Def d) {
                    holder.datasource(d.vname(), new SeriesPlottable(fetched.get(d), step));
                } else if (e instanceof GraphElement.Cdef c && masks.containsKey(c.vname())) {
                    holder.datasource(TrendLines.rawName(c.vname()), c.rpn());
                    holder.datasource(c.vname(), masks.get(c.vname()).rpn());
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

        /** @return the legend of a plot of {@code src}, saying so when it is a trend not drawn */
        private String legend(Optional<String> legend, String src, Map<String, TrendLines.Mask> masks) {
            Optional<String> note = Optional.ofNullable(masks.get(src)).flatMap(TrendLines.Mask::note);
            return legend.map(l -> note.map(n -> TrendLines.legendWithNote(l, n)).orElse(l)).orElse(null);
        }

        private void draw(RrdGraphDef gd, GraphElement e, Map<String, TrendLines.Mask> masks) {
            if (e instanceof GraphElement.Line l) {
                String src = l.value() instanceof Operand.Var v ? v.name() : constName(l.line());
                boolean visible = l.colour().isPresent() && l.width() > 0;
                Color colour = visible ? rgb(l.colour().get()) : TRANSPARENT;
                String legend = l.colour().isPresent() ? legend(l.legend(), src, masks) : null;
                gd.line(src, colour, legend, stroke(Math.max(l.width(), 1), l.dashes()), l.stack());
            } else if (e instanceof GraphElement.Area a) {
                String src = a.value() instanceof Operand.Var v ? v.name() : constName(a.line());
                Color colour = a.colour().map(RrdGraphRenderer::rgb).orElse(TRANSPARENT);
                gd.area(src, colour, a.colour().isPresent() ? legend(a.legend(), src, masks) : null, a.stack());
            } else if (e instanceof GraphElement.Stack s) {
                Color colour = s.colour().map(RrdGraphRenderer::rgb).orElse(TRANSPARENT);
                gd.stack(s.vname(), colour, s.colour().isPresent() ? legend(s.legend(), s.vname(), masks) : null);
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

    /**
     * @param window a graph window
     * @return how finely it is read: windows up to a week at the finest detail kept, longer ones
     *     (month, year, long custom ranges) at one step near the resolution
     */
    static Detail detail(GraphWindow window) {
        return switch (window.term()) {
            case "month", "year" -> Detail.RESOLUTION;
            case "custom" -> Duration.between(window.start(), window.end()).compareTo(FINEST_UP_TO) <= 0
                    ? Detail.FINEST : Detail.RESOLUTION;
            default -> Detail.FINEST;
        };
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

    private static Variable variable(io.kurado.api.storage.Consolidation cf) {
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

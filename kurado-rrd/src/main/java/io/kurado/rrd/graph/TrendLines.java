package io.kurado.rrd.graph;

import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.Operand;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Least-squares trend lines: a {@code CDEF} built on a {@code VDEF} of {@code LSLSLOPE} or
 * {@code LSLINT}, such as the base view's disk "Prediction"
 * ({@code used_b,POP,slope,COUNT,*,cons,+}). rrdtool draws such a line across the whole window,
 * however few of its points have data: a host that reported for ten minutes got a line
 * extrapolated across days, down to hundreds of gigabytes below zero, dragging the axis with it.
 *
 * <p>Here a trend is drawn only where the data it is fitted to back it: not at all unless its
 * source has data in at least {@link #MIN_COVERAGE} of the window's points (its legend then says
 * so), only between the source's first and last known points, and only within the range of the
 * graph's other plotted data (for the disk, up to its capacity) widened by a tenth, so that it
 * cannot drag the axis far outside them. The definition itself is unchanged: the trend's
 * {@code CDEF} is evaluated as written under another name, and its own name is given the masked
 * values.
 */
final class TrendLines {
    /** The share of the window's points its source must have data in for a trend to be drawn. */
    static final double MIN_COVERAGE = 0.25;

    /** How far past the range of the plotted data a trend may run, as a share of that range. */
    static final double MARGIN = 0.1;

    /** A trend CDEF and the sources its VDEFs fit. */
    private record Trend(GraphElement.Cdef cdef, Set<String> sources) {}

    /**
     * How one trend is drawn.
     *
     * @param rpn the RPN giving the trend's name its masked values
     * @param note empty when drawn; else why not, for its legend and the graph's notes
     */
    record Mask(String rpn, Optional<String> note) {}

    private final GraphDefinition def;
    private final Map<String, Trend> trends;

    private TrendLines(GraphDefinition def, Map<String, Trend> trends) {
        this.def = def;
        this.trends = trends;
    }

    /**
     * @param def a graph definition
     * @return its trend lines, none when it has no least-squares VDEF
     */
    static TrendLines of(GraphDefinition def) {
        Map<String, String> fits = new HashMap<>();
        Map<String, Trend> trends = new LinkedHashMap<>();
        for (GraphElement e : def.elements()) {
            if (e instanceof GraphElement.Vdef v && (v.function() == GraphElement.VdefFunction.LSLSLOPE
                    || v.function() == GraphElement.VdefFunction.LSLINT)) {
                fits.put(v.vname(), v.source());
            } else if (e instanceof GraphElement.Cdef c) {
                Set<String> sources = new HashSet<>();
                for (String token : c.rpn().split(",")) {
                    String source = fits.get(token.strip());
                    if (source != null) {
                        sources.add(source);
                    }
                }
                if (!sources.isEmpty()) {
                    trends.put(c.vname(), new Trend(c, Set.copyOf(sources)));
                }
            }
        }
        return new TrendLines(def, trends);
    }

    /** @return whether the definition has no trend line */
    boolean isEmpty() {
        return trends.isEmpty();
    }

    /** @return the name the trend's CDEF is evaluated under, as written */
    static String rawName(String vname) {
        return "kurado_trend_" + vname;
    }

    /**
     * Decides where each trend is drawn, from the values of the graph's sources on its grid.
     *
     * @param timestamps the grid's times
     * @param values the values of a variable on the grid
     * @return the mask of every trend, by its name
     */
    Map<String, Mask> masks(long[] timestamps, Function<String, double[]> values) {
        Map<String, Mask> out = new HashMap<>();
        double[] bounds = plottedRange(values);
        for (Trend t : trends.values()) {
            int n = timestamps.length;
            int known = 0;
            long first = Long.MAX_VALUE;
            long last = Long.MIN_VALUE;
            double lo = bounds[0];
            double hi = bounds[1];
            for (String source : t.sources()) {
                double[] v = values.apply(source);
                int sourceKnown = 0;
                for (int i = 0; i < n && i < v.length; i++) {
                    if (!Double.isNaN(v[i])) {
                        sourceKnown++;
                        first = Math.min(first, timestamps[i]);
                        last = Math.max(last, timestamps[i]);
                        lo = Double.isNaN(lo) ? v[i] : Math.min(lo, v[i]);
                        hi = Double.isNaN(hi) ? v[i] : Math.max(hi, v[i]);
                    }
                }
                known = Math.max(known, sourceKnown);
            }
            double coverage = n == 0 ? 0 : (double) known / n;
            String name = t.cdef().vname();
            if (coverage < MIN_COVERAGE || first > last) {
                String note = String.format(Locale.ROOT, "not drawn: data in %d%% of this range, %d%% needed",
                        (int) Math.floor(coverage * 100), (int) Math.round(MIN_COVERAGE * 100));
                out.put(name, new Mask(rawName(name) + ",POP,UNKN", Optional.of(note)));
                continue;
            }
            double margin = hi > lo ? MARGIN * (hi - lo) : Math.max(MARGIN * Math.abs(hi), 1);
            double low = lo >= 0 ? Math.max(0, lo - margin) : lo - margin;
            double high = hi <= 0 ? Math.min(0, hi + margin) : hi + margin;
            // unknown before the first and after the last known point, and outside [low, high]
            String rpn = "TIME," + first + ",LT,TIME," + last + ",GT,+,UNKN," + rawName(name) + "," + number(low) + ","
                    + number(high) + ",LIMIT,IF";
            out.put(name, new Mask(rpn, Optional.empty()));
        }
        return out;
    }

    /**
     * @return the smallest and largest values the graph plots besides its trends (stacked ones
     *     summed), NaN when none
     */
    private double[] plottedRange(Function<String, double[]> values) {
        double lo = Double.NaN;
        double hi = Double.NaN;
        double[] previous = null;
        for (GraphElement e : def.elements()) {
            String vname = null;
            boolean stacked = false;
            boolean visible = false;
            if (e instanceof GraphElement.Line l && l.value() instanceof Operand.Var v) {
                vname = v.name();
                stacked = l.stack();
                visible = l.colour().isPresent() && l.width() > 0;
            } else if (e instanceof GraphElement.Area a && a.value() instanceof Operand.Var v) {
                vname = v.name();
                stacked = a.stack();
                visible = a.colour().isPresent();
            } else if (e instanceof GraphElement.Stack s) {
                vname = s.vname();
                stacked = true;
                visible = s.colour().isPresent();
            }
            if (vname == null) {
                continue;
            }
            double[] own = values.apply(vname);
            double[] plotted = own;
            if (stacked && previous != null) {
                plotted = new double[own.length];
                for (int i = 0; i < own.length; i++) {
                    double base = i < previous.length && !Double.isNaN(previous[i]) ? previous[i] : 0;
                    plotted[i] = base + (Double.isNaN(own[i]) ? 0 : own[i]);
                }
            }
            previous = plotted;
            if (!visible || trends.containsKey(vname)) {
                continue;
            }
            for (double x : plotted) {
                if (!Double.isNaN(x) && !Double.isInfinite(x)) {
                    lo = Double.isNaN(lo) ? x : Math.min(lo, x);
                    hi = Double.isNaN(hi) ? x : Math.max(hi, x);
                }
            }
        }
        return new double[] {lo, hi};
    }

    /**
     * @param legend a plotted element's legend
     * @param note why its trend is not drawn
     * @return the legend saying so, before its trailing alignment marker if it has one
     */
    static String legendWithNote(String legend, String note) {
        String body = legend;
        String marker = "";
        if (body.length() >= 2 && body.charAt(body.length() - 2) == '\\') {
            marker = body.substring(body.length() - 2);
            body = body.substring(0, body.length() - 2);
        }
        return body.stripTrailing() + " (" + note + ")" + marker;
    }

    private static String number(double v) {
        return Double.toString(v);
    }
}

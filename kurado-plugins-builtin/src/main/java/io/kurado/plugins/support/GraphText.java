package io.kurado.plugins.support;

/**
 * Builds the rrdtool graph text of a viewer, one argument per line, starting with the vertical
 * label. Every {@code DEF} reads data source {@code n} of a file of this host and plugin
 * ({@code <%RRD_FOR key %>}), as the original's files hold one data source named {@code n}.
 *
 * <pre>{@code
 * new GraphText("Request per sec")
 *         .def("reqs", "reqs.derive").limit("rps", "reqs", 0, 1e7)
 *         .draw("LINE1", "rps", "#aa0000", "Request").curAveMax("rps", "%6.2lf")
 *         .toString();
 * }</pre>
 */
public final class GraphText {
    private final StringBuilder sb = new StringBuilder(1024);

    /** @param verticalLabel the first line, the graph's vertical label */
    public GraphText(String verticalLabel) {
        sb.append(verticalLabel).append('\n');
    }

    /**
     * {@code DEF:<name>=<%RRD_FOR <key> %>:n:AVERAGE}.
     *
     * @param name the variable
     * @param key the metric key with its type, e.g. {@code busy.gauge}
     * @return this builder
     */
    public GraphText def(String name, String key) {
        return line("DEF:" + name + "=<%RRD_FOR " + key + " %>:n:AVERAGE");
    }

    /**
     * @param name the variable
     * @param rpn its RPN expression
     * @return this builder
     */
    public GraphText cdef(String name, String rpn) {
        return line("CDEF:" + name + "=" + rpn);
    }

    /**
     * {@code CDEF:<name>=<source>,<min>,<max>,LIMIT}: clamps a rate so that counter resets do not
     * draw spikes.
     *
     * @param name the new variable
     * @param source the variable clamped
     * @param min the lowest value kept
     * @param max the highest value kept
     * @return this builder
     */
    public GraphText limit(String name, String source, long min, long max) {
        return cdef(name, source + "," + min + "," + max + ",LIMIT");
    }

    /**
     * @param name the variable
     * @param rpn its RPN expression
     * @return this builder
     */
    public GraphText vdef(String name, String rpn) {
        return line("VDEF:" + name + "=" + rpn);
    }

    /**
     * {@code <kind>:<vname><colour>:<legend>}.
     *
     * @param kind {@code AREA}, {@code STACK}, {@code LINE}, {@code LINE1}, {@code LINE2}…
     * @param vname the variable drawn
     * @param colour {@code #RRGGBB}
     * @param legend the legend text (trailing spaces align columns)
     * @return this builder
     */
    public GraphText draw(String kind, String vname, String colour, String legend) {
        return line(kind + ":" + vname + colour + ":" + legend);
    }

    /**
     * {@code <kind>:<vname><colour>} without a legend.
     *
     * @param kind the element
     * @param vname the variable drawn
     * @param colour {@code #RRGGBB}
     * @return this builder
     */
    public GraphText draw(String kind, String vname, String colour) {
        return line(kind + ":" + vname + colour);
    }

    /**
     * A dashed line: {@code <kind>:<vname><colour>:<legend>:dashes=<dashes>}.
     *
     * @param kind the element
     * @param vname the variable drawn
     * @param colour {@code #RRGGBB}
     * @param legend the legend text
     * @param dashes on and off lengths, e.g. {@code 3,6}
     * @return this builder
     */
    public GraphText draw(String kind, String vname, String colour, String legend, String dashes) {
        return line(kind + ":" + vname + colour + ":" + legend + ":dashes=" + dashes);
    }

    /**
     * {@code GPRINT:<vname>:<cf>:<label>\:<format>}.
     *
     * @param vname the variable
     * @param cf {@code LAST}, {@code AVERAGE}, {@code MAX}…
     * @param label the text before the value
     * @param format the printf format, e.g. {@code %6.1lf}
     * @return this builder
     */
    public GraphText gprint(String vname, String cf, String label, String format) {
        return line("GPRINT:" + vname + ":" + cf + ":" + label + "\\:" + format);
    }

    /**
     * Current, average and maximum of a value, the last ending the legend line.
     *
     * @param vname the variable
     * @param format the printf format of each value
     * @return this builder
     */
    public GraphText curAveMax(String vname, String format) {
        gprint(vname, "LAST", "Cur", format);
        gprint(vname, "AVERAGE", "Ave", format);
        return gprint(vname, "MAX", "Max", format + "\\l");
    }

    /**
     * The current value only, ending the legend line.
     *
     * @param vname the variable
     * @param format the printf format
     * @return this builder
     */
    public GraphText cur(String vname, String format) {
        return gprint(vname, "LAST", "Cur", format + "\\l");
    }

    /**
     * Draws a series and prints its current, average and maximum value.
     *
     * @param kind the element
     * @param vname the variable
     * @param colour {@code #RRGGBB}
     * @param legend the legend text
     * @param format the printf format of each value
     * @return this builder
     */
    public GraphText series(String kind, String vname, String colour, String legend, String format) {
        return draw(kind, vname, colour, legend).curAveMax(vname, format);
    }

    /**
     * A line as it is.
     *
     * @param text one rrdtool argument
     * @return this builder
     */
    public GraphText line(String text) {
        sb.append(text).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}

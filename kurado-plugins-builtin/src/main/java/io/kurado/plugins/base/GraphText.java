package io.kurado.plugins.base;

/** Builds rrdtool graph text, one argument per line, starting with the vertical label. */
final class GraphText {
    private final StringBuilder sb = new StringBuilder(1024);

    GraphText(String verticalLabel) {
        sb.append(verticalLabel).append('\n');
    }

    /** {@code DEF:<name>=<%RRD_FOR <key> %>:n:AVERAGE}. */
    GraphText def(String name, String key) {
        return line("DEF:" + name + "=<%RRD_FOR " + key + " %>:n:AVERAGE");
    }

    GraphText cdef(String name, String rpn) {
        return line("CDEF:" + name + "=" + rpn);
    }

    GraphText vdef(String name, String rpn) {
        return line("VDEF:" + name + "=" + rpn);
    }

    /** {@code <kind>:<vname><colour>:<legend>} with an optional {@code :dashes=…}. */
    GraphText draw(String kind, String vname, String colour, String legend) {
        return line(kind + ":" + vname + colour + ":" + legend);
    }

    GraphText draw(String kind, String vname, String colour, String legend, String dashes) {
        return line(kind + ":" + vname + colour + ":" + legend + ":dashes=" + dashes);
    }

    GraphText gprint(String vname, String cf, String label, String format) {
        return line("GPRINT:" + vname + ":" + cf + ":" + label + "\\:" + format);
    }

    /** Current, average and maximum of a value, the last ending the legend line. */
    GraphText curAveMax(String vname, String format) {
        gprint(vname, "LAST", "Cur", format);
        gprint(vname, "AVERAGE", "Ave", format);
        return gprint(vname, "MAX", "Max", format + "\\l");
    }

    GraphText line(String text) {
        sb.append(text).append('\n');
        return this;
    }

    @Override
    public String toString() {
        return sb.toString();
    }
}

package io.kurado.api.graph;

import io.kurado.api.storage.Consolidation;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One line of a graph definition. Every element remembers the 1-based line of the text it came
 * from, so that a renderer can name it when something goes wrong.
 *
 * @since 0.1
 */
public sealed interface GraphElement {
    /** @return the 1-based line of the definition text */
    int line();

    /** The aggregations a {@code VDEF} computes. */
    enum VdefFunction {
        /** the largest value */
        MAXIMUM,
        /** the smallest value */
        MINIMUM,
        /** the mean */
        AVERAGE,
        /** the standard deviation */
        STDEV,
        /** the last known value */
        LAST,
        /** the first known value */
        FIRST,
        /** the sum of value × step */
        TOTAL,
        /** the n-th percentile, unknowns counted as -infinity */
        PERCENT,
        /** the n-th percentile of the known values */
        PERCENTNAN,
        /** slope of the least-squares line */
        LSLSLOPE,
        /** y-intercept of the least-squares line */
        LSLINT,
        /** correlation of the least-squares line */
        LSLCORREL;

        /** @return whether it takes a number before its name ({@code x,95,PERCENT}) */
        public boolean takesArgument() {
            return this == PERCENT || this == PERCENTNAN;
        }
    }

    /**
     * {@code DEF:vname=file:ds:CF}.
     *
     * @param line the line
     * @param vname the variable
     * @param source the series, or a tag to resolve
     * @param ds the data source name as written ({@code n} for AVERAGE, MIN and MAX, as the
     *     original forces)
     * @param cf the consolidation function
     */
    record Def(int line, String vname, SeriesSource source, String ds, Consolidation cf) implements GraphElement {
        /** Validates the fields. */
        public Def {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(ds, "ds");
            Objects.requireNonNull(cf, "cf");
        }
    }

    /**
     * {@code CDEF:vname=rpn}.
     *
     * @param line the line
     * @param vname the variable
     * @param rpn the expression, comma separated
     */
    record Cdef(int line, String vname, String rpn) implements GraphElement {
        /** Validates the fields. */
        public Cdef {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(rpn, "rpn");
        }
    }

    /**
     * {@code VDEF:vname=source,[argument,]FUNCTION}.
     *
     * @param line the line
     * @param vname the variable
     * @param rpn the expression as written
     * @param source the variable it aggregates
     * @param function the aggregation
     * @param argument the percentile for {@code PERCENT} and {@code PERCENTNAN}
     */
    record Vdef(int line, String vname, String rpn, String source, VdefFunction function, OptionalDouble argument)
            implements GraphElement {
        /** Validates the fields. */
        public Vdef {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(rpn, "rpn");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(argument, "argument");
        }
    }

    /**
     * {@code LINE[width]:value[#colour][:legend][:STACK][:dashes[=a,b…]]}.
     *
     * @param line the line
     * @param width the width in pixels; 0 draws nothing but keeps the legend
     * @param value what is drawn
     * @param colour {@code #RRGGBB} or {@code #RRGGBBAA}; empty draws nothing (the value still scales the axis)
     * @param legend the legend text with its marker, empty when none was given
     * @param stack whether it stacks on the previous line or area
     * @param dashes the dash pattern, empty for a solid line
     */
    record Line(int line, double width, Operand value, Optional<String> colour, Optional<String> legend, boolean stack,
            List<Float> dashes) implements GraphElement {
        /** Validates the fields and copies the dashes. */
        public Line {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(legend, "legend");
            dashes = List.copyOf(dashes);
            if (!(width >= 0)) {
                throw new IllegalArgumentException("line width must not be negative: " + width);
            }
        }
    }

    /**
     * {@code AREA:value[#colour][:legend][:STACK]}.
     *
     * @param line the line
     * @param value what is drawn
     * @param colour the colour; empty draws nothing
     * @param legend the legend text, empty when none was given
     * @param stack whether it stacks on the previous line or area
     */
    record Area(int line, Operand value, Optional<String> colour, Optional<String> legend, boolean stack)
            implements GraphElement {
        /** Validates the fields. */
        public Area {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(legend, "legend");
        }
    }

    /**
     * The old {@code STACK:vname[#colour][:legend]}: stacks on the previous line or area and is drawn
     * like it.
     *
     * @param line the line
     * @param vname the variable
     * @param colour the colour; empty draws nothing
     * @param legend the legend text, empty when none was given
     */
    record Stack(int line, String vname, Optional<String> colour, Optional<String> legend) implements GraphElement {
        /** Validates the fields. */
        public Stack {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(legend, "legend");
        }
    }

    /**
     * {@code GPRINT:vdef:format} or the old {@code GPRINT:vname:CF:format}: a value in the legend.
     *
     * @param line the line
     * @param vname the variable ({@code VDEF} when {@code cf} is empty)
     * @param cf the aggregation of the old form
     * @param format the printf format with {@code %s}/{@code %S} and {@code %%}
     */
    record Gprint(int line, String vname, Optional<Consolidation> cf, String format) implements GraphElement {
        /** Validates the fields. */
        public Gprint {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(cf, "cf");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * {@code PRINT:vdef:format} or {@code PRINT:vname:CF:format}: a value returned beside the image.
     *
     * @param line the line
     * @param vname the variable
     * @param cf the aggregation of the old form
     * @param format the printf format
     */
    record Print(int line, String vname, Optional<Consolidation> cf, String format) implements GraphElement {
        /** Validates the fields. */
        public Print {
            Objects.requireNonNull(vname, "vname");
            Objects.requireNonNull(cf, "cf");
            Objects.requireNonNull(format, "format");
        }
    }

    /**
     * {@code COMMENT:text}.
     *
     * @param line the line
     * @param text the text with its marker
     */
    record Comment(int line, String text) implements GraphElement {
        /** Validates the text. */
        public Comment {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * {@code HRULE:value#colour[:legend][:dashes[=a,b]]}; the value is a number or a {@code VDEF}.
     *
     * @param line the line
     * @param value the height
     * @param colour the colour
     * @param legend the legend text, empty when none was given
     * @param dashes the dash pattern, empty for a solid rule
     */
    record Hrule(int line, Operand value, String colour, Optional<String> legend, List<Float> dashes)
            implements GraphElement {
        /** Validates the fields and copies the dashes. */
        public Hrule {
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(legend, "legend");
            dashes = List.copyOf(dashes);
        }
    }

    /**
     * {@code VRULE:time#colour[:legend][:dashes[=a,b]]}.
     *
     * @param line the line
     * @param time the epoch second
     * @param colour the colour
     * @param legend the legend text, empty when none was given
     * @param dashes the dash pattern, empty for a solid rule
     */
    record Vrule(int line, long time, String colour, Optional<String> legend, List<Float> dashes)
            implements GraphElement {
        /** Validates the fields and copies the dashes. */
        public Vrule {
            Objects.requireNonNull(colour, "colour");
            Objects.requireNonNull(legend, "legend");
            dashes = List.copyOf(dashes);
        }
    }

    /**
     * A command-line option of {@code rrdtool graph} given in the definition, e.g.
     * {@code --border 1}. Renderers apply the options that change the scale or the legend and
     * ignore those that only change looks.
     *
     * @param line the line
     * @param name the long name without dashes, e.g. {@code lower-limit}
     * @param value the value, empty for a flag
     */
    record Option(int line, String name, Optional<String> value) implements GraphElement {
        /** Validates the fields. */
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }
}

package io.kurado.core.graph;

import java.util.Set;
import java.util.regex.Pattern;

/** The RPN vocabulary a {@code CDEF} may use: the operators the renderer (rrd4j 3.10) evaluates. */
public final class RpnOperators {
    /** Every operator rrd4j's RPN calculator evaluates, besides numbers, variables and {@code PREV(name)}. */
    public static final Set<String> SUPPORTED = Set.of(
            "+", "-", "*", "/", "%", "ADDNAN",
            "SIN", "COS", "LOG", "EXP", "SQRT", "ATAN", "ATAN2", "FLOOR", "CEIL", "DEG2RAD", "RAD2DEG",
            "ROUND", "POW", "ABS", "RANDOM", "RND", "SIGN",
            "UN", "ISINF", "LT", "LE", "GT", "GE", "EQ", "NE", "IF",
            "MIN", "MAX", "MINNAN", "MAXNAN", "LIMIT",
            "DUP", "EXC", "POP", "UNKN", "PI", "E", "INF", "NEGINF",
            "AND", "OR", "XOR", "PREV", "STEP", "NOW", "TIME", "LTIME",
            "YEAR", "MONTH", "DATE", "HOUR", "MINUTE", "SECOND", "WEEK",
            "SORT", "REV", "AVG", "COUNT", "TREND", "TRENDNAN", "PREDICT", "PREDICTSIGMA");

    /** Operators of rrdtool that the renderer does not evaluate. */
    public static final Set<String> RRDTOOL_ONLY = Set.of(
            "SMIN", "SMAX", "MEDIAN", "STDEV", "PERCENT", "MAD", "PREDICTPERC",
            "NEWDAY", "NEWWEEK", "NEWMONTH", "NEWYEAR", "DEPTH", "COPY", "INDEX", "ROLL");

    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    private RpnOperators() {}

    /**
     * @param token an RPN token
     * @return whether it is a number literal
     */
    public static boolean isNumber(String token) {
        return NUMBER.matcher(token).matches();
    }

    /**
     * @param token an RPN token
     * @return whether it is an operator the renderer evaluates
     */
    public static boolean isSupported(String token) {
        return SUPPORTED.contains(token);
    }
}

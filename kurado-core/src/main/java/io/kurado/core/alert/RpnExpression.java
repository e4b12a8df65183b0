package io.kurado.core.alert;

import io.kurado.core.graph.RpnOperators;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An rrdtool RPN expression as a {@code CDEF} writes it ({@code used,used,avail,+,/,100,*}),
 * compiled once and evaluated point by point over numbers: the operators that work on one point
 * (arithmetic, comparisons, {@code IF}, {@code LIMIT}, {@code UN}, stack operations…). Those that
 * look at other points or at time ({@code PREV}, {@code TREND}, {@code TIME}…) are refused, since a
 * rule's window does that job. Unknown values are NaN, as in rrdtool.
 */
public final class RpnExpression {
    private static final java.util.Set<String> TIME_OR_SERIES = java.util.Set.of(
            "PREV", "STEP", "NOW", "TIME", "LTIME", "YEAR", "MONTH", "DATE", "HOUR", "MINUTE", "SECOND", "WEEK",
            "SORT", "REV", "AVG", "COUNT", "TREND", "TRENDNAN", "PREDICT", "PREDICTSIGMA", "RANDOM", "RND");

    private final String text;
    private final int[] ops;
    private final double[] constants;
    private final int maxDepth;

    private static final int NUMBER = 0;
    private static final int VARIABLE = 1;

    private RpnExpression(String text, int[] ops, double[] constants, int maxDepth) {
        this.text = text;
        this.ops = ops;
        this.constants = constants;
        this.maxDepth = maxDepth;
    }

    /**
     * @param text the expression
     * @param variables the variables it may name, each with its position in the values given to
     *     {@link #evaluate(double[])}
     * @return the compiled expression
     * @throws IllegalArgumentException saying what is wrong, naming the token
     */
    public static RpnExpression compile(String text, List<String> variables) {
        Objects.requireNonNull(text, "text");
        List<Integer> ops = new ArrayList<>();
        List<Double> constants = new ArrayList<>();
        int depth = 0;
        int max = 0;
        for (String raw : text.split(",", -1)) {
            String t = raw.strip();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty token in '" + text + "'");
            }
            int var = variables.indexOf(t);
            int pops;
            int pushes = 1;
            if (var >= 0) {
                ops.add(VARIABLE);
                ops.add(var);
                pops = 0;
            } else if (RpnOperators.isNumber(t)) {
                ops.add(NUMBER);
                ops.add(constants.size());
                constants.add(Double.parseDouble(t));
                pops = 0;
            } else if (TIME_OR_SERIES.contains(t)) {
                throw new IllegalArgumentException("'" + t + "' looks at other points or at time; a rule's window does that"
                        + " (use avg, min, max or last)");
            } else {
                Op op = Op.of(t).orElseThrow(() -> new IllegalArgumentException(RpnOperators.isSupported(t)
                        || RpnOperators.RRDTOOL_ONLY.contains(t) ? "'" + t + "' cannot be used in an alert expression"
                        : "'" + t + "' is neither an RPN operator nor one of the variables " + variables));
                ops.add(2 + op.ordinal());
                pops = op.pops;
                pushes = op.pushes;
            }
            if (depth < pops) {
                throw new IllegalArgumentException("'" + t + "' needs " + pops + " value(s) but the stack holds " + depth
                        + " in '" + text + "'");
            }
            depth = depth - pops + pushes;
            max = Math.max(max, depth);
        }
        if (depth != 1) {
            throw new IllegalArgumentException("'" + text + "' leaves " + depth + " values on the stack, not one");
        }
        return new RpnExpression(text, ops.stream().mapToInt(Integer::intValue).toArray(),
                constants.stream().mapToDouble(Double::doubleValue).toArray(), max);
    }

    /**
     * @param values the variables' values at one point, in the order they were given
     * @return the result, NaN when unknown
     */
    public double evaluate(double[] values) {
        double[] s = new double[maxDepth];
        int sp = 0;
        for (int i = 0; i < ops.length; i++) {
            int o = ops[i];
            if (o == NUMBER) {
                s[sp++] = constants[ops[++i]];
                continue;
            }
            if (o == VARIABLE) {
                s[sp++] = values[ops[++i]];
                continue;
            }
            Op op = Op.VALUES[o - 2];
            sp = op.apply(s, sp);
        }
        return s[0];
    }

    @Override
    public String toString() {
        return text;
    }

    private enum Op {
        ADD("+", 2, 1), SUB("-", 2, 1), MUL("*", 2, 1), DIV("/", 2, 1), MOD("%", 2, 1), ADDNAN("ADDNAN", 2, 1),
        SIN("SIN", 1, 1), COS("COS", 1, 1), LOG("LOG", 1, 1), EXP("EXP", 1, 1), SQRT("SQRT", 1, 1), ATAN("ATAN", 1, 1),
        ATAN2("ATAN2", 2, 1), FLOOR("FLOOR", 1, 1), CEIL("CEIL", 1, 1), DEG2RAD("DEG2RAD", 1, 1), RAD2DEG("RAD2DEG", 1, 1),
        ROUND("ROUND", 1, 1), POW("POW", 2, 1), ABS("ABS", 1, 1), SIGN("SIGN", 1, 1),
        UN("UN", 1, 1), ISINF("ISINF", 1, 1), LT("LT", 2, 1), LE("LE", 2, 1), GT("GT", 2, 1), GE("GE", 2, 1),
        EQ("EQ", 2, 1), NE("NE", 2, 1), IF("IF", 3, 1), MIN("MIN", 2, 1), MAX("MAX", 2, 1), MINNAN("MINNAN", 2, 1),
        MAXNAN("MAXNAN", 2, 1), LIMIT("LIMIT", 3, 1), DUP("DUP", 1, 2), EXC("EXC", 2, 2), POP("POP", 1, 0),
        UNKN("UNKN", 0, 1), PI("PI", 0, 1), E("E", 0, 1), INF("INF", 0, 1), NEGINF("NEGINF", 0, 1),
        AND("AND", 2, 1), OR("OR", 2, 1), XOR("XOR", 2, 1);

        static final Op[] VALUES = values();
        final String token;
        final int pops;
        final int pushes;

        Op(String token, int pops, int pushes) {
            this.token = token;
            this.pops = pops;
            this.pushes = pushes;
        }

        static java.util.Optional<Op> of(String token) {
            for (Op o : VALUES) {
                if (o.token.equals(token)) {
                    return java.util.Optional.of(o);
                }
            }
            return java.util.Optional.empty();
        }

        private static double bool(boolean b) {
            return b ? 1 : 0;
        }

        private static boolean truth(double v) {
            return !Double.isNaN(v) && v != 0;
        }

        int apply(double[] s, int sp) {
            switch (this) {
                case UNKN: s[sp] = Double.NaN; return sp + 1;
                case PI: s[sp] = Math.PI; return sp + 1;
                case E: s[sp] = Math.E; return sp + 1;
                case INF: s[sp] = Double.POSITIVE_INFINITY; return sp + 1;
                case NEGINF: s[sp] = Double.NEGATIVE_INFINITY; return sp + 1;
                case DUP: s[sp] = s[sp - 1]; return sp + 1;
                case POP: return sp - 1;
                case EXC: { double t = s[sp - 1]; s[sp - 1] = s[sp - 2]; s[sp - 2] = t; return sp; }
                default: break;
            }
            if (pops == 1) {
                double x = s[sp - 1];
                double r;
                switch (this) {
                    case SIN: r = Math.sin(x); break;
                    case COS: r = Math.cos(x); break;
                    case LOG: r = Math.log(x); break;
                    case EXP: r = Math.exp(x); break;
                    case SQRT: r = Math.sqrt(x); break;
                    case ATAN: r = Math.atan(x); break;
                    case FLOOR: r = Math.floor(x); break;
                    case CEIL: r = Math.ceil(x); break;
                    case DEG2RAD: r = Math.toRadians(x); break;
                    case RAD2DEG: r = Math.toDegrees(x); break;
                    case ROUND: r = Double.isNaN(x) ? x : Math.round(x); break;
                    case ABS: r = Math.abs(x); break;
                    case SIGN: r = Math.signum(x); break;
                    case UN: r = bool(Double.isNaN(x)); break;
                    case ISINF: r = bool(Double.isInfinite(x)); break;
                    default: throw new IllegalStateException(token);
                }
                s[sp - 1] = r;
                return sp;
            }
            if (pops == 2) {
                double a = s[sp - 2];
                double b = s[sp - 1];
                double r;
                switch (this) {
                    case ADD: r = a + b; break;
                    case SUB: r = a - b; break;
                    case MUL: r = a * b; break;
                    case DIV: r = a / b; break;
                    case MOD: r = a % b; break;
                    case ADDNAN: r = Double.isNaN(a) ? b : Double.isNaN(b) ? a : a + b; break;
                    case ATAN2: r = Math.atan2(a, b); break;
                    case POW: r = Math.pow(a, b); break;
                    case LT: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a < b); break;
                    case LE: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a <= b); break;
                    case GT: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a > b); break;
                    case GE: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a >= b); break;
                    case EQ: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a == b); break;
                    case NE: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : bool(a != b); break;
                    case MIN: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b); break;
                    case MAX: r = Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b); break;
                    case MINNAN: r = Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.min(a, b); break;
                    case MAXNAN: r = Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b); break;
                    case AND: r = bool(truth(a) && truth(b)); break;
                    case OR: r = bool(truth(a) || truth(b)); break;
                    case XOR: r = bool(truth(a) ^ truth(b)); break;
                    default: throw new IllegalStateException(token);
                }
                s[sp - 2] = r;
                return sp - 1;
            }
            double a = s[sp - 3];
            double b = s[sp - 2];
            double c = s[sp - 1];
            double r;
            if (this == IF) {
                r = truth(a) ? b : c;
            } else { // LIMIT: a if b <= a <= c, else unknown
                r = Double.isNaN(a) || Double.isNaN(b) || Double.isNaN(c) || a < b || a > c ? Double.NaN : a;
            }
            s[sp - 3] = r;
            return sp - 2;
        }
    }
}

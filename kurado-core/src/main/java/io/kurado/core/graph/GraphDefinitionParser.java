package io.kurado.core.graph;

import io.kurado.api.MetricKey;
import io.kurado.api.graph.GraphDefinition;
import io.kurado.api.graph.GraphElement;
import io.kurado.api.graph.GraphElement.VdefFunction;
import io.kurado.api.graph.Operand;
import io.kurado.api.graph.SeriesSource;
import io.kurado.api.storage.Consolidation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the rrdtool {@code graph} text a view plugin prints into the typed {@link GraphDefinition}
 * of kurado-api, with the original Kurado's rules:
 *
 * <ul>
 *   <li>{@code <%RRD key.type %>} and {@code <%RRD_FOR key.type %>} name a series of the graph's
 *       own host and plugin; {@code <%RRD_EXTEND plugin address key.type %>} (also spelt
 *       {@code <%RRD_EX …%>}) one of another plugin or host, both used verbatim; a {@code DEF}
 *       names its series with a tag, never with a file path;
 *   <li>the data source of a {@code DEF} with {@code AVERAGE}, {@code MIN} or {@code MAX} is forced to
 *       {@code n} (every Kurado file has one source named {@code n});
 *   <li>lines starting with {@code #} or {@code //}, empty lines and lines that are exactly {@code 0}
 *       are skipped;
 *   <li>a first line that does not start with {@code DEF:} or {@code CDEF:} is the vertical label.
 * </ul>
 *
 * <p>Fields are separated by {@code :}; {@code \:} is a literal colon. Everything the renderer
 * cannot draw is a {@link GraphDefinitionException} naming the line and the token. The parser is
 * stateless and thread-safe.
 */
public final class GraphDefinitionParser {
    /**
     * The {@code rrdtool graph} options a definition may carry (long names). Renderers apply the
     * ones that change the scale or the legend and ignore those that only change looks.
     */
    public static final Set<String> OPTIONS = Set.of(
            "lower-limit", "upper-limit", "rigid", "base", "units-exponent", "units-length", "logarithmic",
            "alt-autoscale", "alt-autoscale-min", "alt-autoscale-max", "no-legend", "force-rules-legend",
            "only-graph", "vertical-label", "title",
            "border", "font-render-mode", "font", "color", "slope-mode", "interlaced", "tabwidth",
            "graph-render-mode", "pango-markup", "watermark", "disable-rrdtool-tag", "no-gridfit", "alt-y-grid",
            "dynamic-labels", "grid-dash", "legend-position", "legend-direction", "full-size-mode",
            "use-nan-for-all-missing-data", "zoom", "imgformat", "units", "right-axis", "right-axis-label",
            "right-axis-format", "x-grid", "y-grid", "width", "height", "start", "end", "step", "lazy");

    private static final Map<String, String> SHORT_OPTIONS = Map.ofEntries(
            Map.entry("l", "lower-limit"), Map.entry("u", "upper-limit"), Map.entry("r", "rigid"),
            Map.entry("b", "base"), Map.entry("X", "units-exponent"), Map.entry("L", "units-length"),
            Map.entry("o", "logarithmic"), Map.entry("A", "alt-autoscale"), Map.entry("J", "alt-autoscale-min"),
            Map.entry("M", "alt-autoscale-max"), Map.entry("g", "no-legend"), Map.entry("F", "force-rules-legend"),
            Map.entry("j", "only-graph"), Map.entry("v", "vertical-label"), Map.entry("t", "title"),
            Map.entry("R", "font-render-mode"), Map.entry("n", "font"), Map.entry("c", "color"),
            Map.entry("E", "slope-mode"), Map.entry("i", "interlaced"), Map.entry("T", "tabwidth"),
            Map.entry("G", "graph-render-mode"), Map.entry("P", "pango-markup"), Map.entry("W", "watermark"),
            Map.entry("N", "no-gridfit"), Map.entry("Y", "alt-y-grid"), Map.entry("Z", "use-nan-for-all-missing-data"),
            Map.entry("m", "zoom"), Map.entry("D", "full-size-mode"), Map.entry("a", "imgformat"),
            Map.entry("x", "x-grid"), Map.entry("y", "y-grid"), Map.entry("w", "width"), Map.entry("h", "height"),
            Map.entry("s", "start"), Map.entry("e", "end"), Map.entry("S", "step"), Map.entry("z", "lazy"));

    private static final String TYPES = "(?:gauge|counter|derive|absolute)";
    private static final Pattern TAG_FOR = Pattern.compile("<%RRD(?:_FOR)?\\s+(.+?\\." + TYPES + ")\\s+%>");
    private static final Pattern TAG_EXTEND =
            Pattern.compile("<%RRD_EX(?:TEND)?\\s+(.+?) +(.+?) +(.+?\\." + TYPES + ")\\s+%>");
    private static final Pattern VNAME = Pattern.compile("[-_A-Za-z0-9]{1,255}");
    private static final Pattern LINE_HEAD = Pattern.compile("LINE(\\d+(?:\\.\\d*)?)?");
    private static final Pattern COLOUR = Pattern.compile("#[0-9A-Fa-f]{6}(?:[0-9A-Fa-f]{2})?");
    private static final Pattern CONVERSION = Pattern.compile("%[-+ 0#]*\\d*(?:\\.\\d+)?l?([a-zA-Z%])");
    private static final char PLACEHOLDER = '\u0000';
    private static final String TAGS =
            "tags are <%RRD key.type %>, <%RRD_FOR key.type %> and <%RRD_EXTEND plugin address key.type %>";

    /** Makes a parser. */
    public GraphDefinitionParser() {}

    /**
     * Parses a definition, leaving template tags unresolved.
     *
     * @param text the definition text
     * @return the definition
     * @throws GraphDefinitionException naming the line and token that cannot be drawn
     */
    public GraphDefinition parse(String text) {
        return new Run().parse(text);
    }

    /**
     * Parses a definition and resolves its template tags for one graph.
     *
     * @param text the definition text
     * @param address the graph's host address
     * @param escapedPlugin the graph's escaped plugin identifier
     * @return the definition, every {@code DEF} naming a series
     * @throws GraphDefinitionException naming the line and token that cannot be drawn
     */
    public GraphDefinition parse(String text, String address, String escapedPlugin) {
        return parse(text).resolve(address, escapedPlugin);
    }

    /** Kinds of variables, to check each use. */
    private enum Kind { DEF, CDEF, VDEF }

    /** The state of one parse. */
    private static final class Run {
        private final Map<String, Kind> vars = new HashMap<>();
        private final List<GraphElement> elements = new ArrayList<>();
        private boolean plotted;
        private int lineNo;
        private String raw = "";

        GraphDefinition parse(String text) {
            String[] lines = text.split("\n", -1);
            Optional<String> label = Optional.empty();
            boolean first = true;
            for (int i = 0; i < lines.length; i++) {
                lineNo = i + 1;
                String line = lines[i].endsWith("\r") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
                String lead = line.stripLeading();
                if (lead.isBlank() || line.equals("0") || lead.startsWith("#") || lead.startsWith("//")) {
                    continue;
                }
                raw = lead;
                if (first) {
                    first = false;
                    if (!lead.startsWith("DEF:") && !lead.startsWith("CDEF:")) {
                        label = Optional.of(line);
                        continue;
                    }
                }
                elements.add(element(lead));
            }
            return new GraphDefinition(label, elements);
        }

        private GraphDefinitionException error(String token, String problem) {
            return new GraphDefinitionException(lineNo, token, problem + " in '" + raw + "'");
        }

        private GraphElement element(String line) {
            if (line.startsWith("-")) {
                return option(line);
            }
            int colon = line.indexOf(':');
            String head = colon < 0 ? line : line.substring(0, colon);
            String rest = colon < 0 ? "" : line.substring(colon + 1);
            if (colon < 0) {
                if (head.equals("LINE") || head.equals("AREA") || LINE_HEAD.matcher(head).matches()) {
                    throw error(head, head + " needs a value");
                }
                throw error(head, "unknown graph element");
            }
            switch (head) {
                case "DEF":
                    return def(rest);
                case "CDEF":
                    return cdef(rest);
                case "VDEF":
                    return vdef(rest);
                case "AREA":
                    return area(rest);
                case "STACK":
                    return stack(rest);
                case "GPRINT":
                case "PRINT":
                    return print(head, rest);
                case "COMMENT":
                    return new GraphElement.Comment(lineNo, String.join(":", split(rest)));
                case "HRULE":
                    return hrule(rest);
                case "VRULE":
                    return vrule(rest);
                default:
                    Matcher m = LINE_HEAD.matcher(head);
                    if (m.matches()) {
                        return line(m.group(1) == null ? 1.0 : Double.parseDouble(m.group(1)), rest);
                    }
                    if (Set.of("TICK", "SHIFT", "TEXTALIGN", "XPORT").contains(head)) {
                        throw error(head, head + " is not supported by the renderer");
                    }
                    throw error(head, "unknown graph element");
            }
        }

        private GraphElement option(String line) {
            String name;
            Optional<String> value = Optional.empty();
            if (line.startsWith("--")) {
                String body = line.substring(2);
                int cut = indexOfAny(body, '=', ' ');
                name = cut < 0 ? body : body.substring(0, cut);
                if (cut >= 0) {
                    value = Optional.of(body.substring(cut + 1).strip());
                }
            } else {
                String letter = line.length() > 1 ? line.substring(1, 2) : "";
                name = SHORT_OPTIONS.get(letter);
                if (name == null) {
                    throw error(line.split(" ", 2)[0], "unknown rrdtool graph option");
                }
                String v = line.substring(Math.min(2, line.length())).strip();
                if (!v.isEmpty()) {
                    value = Optional.of(v);
                }
            }
            if (!OPTIONS.contains(name)) {
                throw error("--" + name, "unknown or unsupported rrdtool graph option");
            }
            if (Set.of("lower-limit", "upper-limit", "base", "units-exponent", "units-length").contains(name)) {
                String v = value.orElseThrow(() -> error("--" + name, "option needs a number"));
                if (!RpnOperators.isNumber(v)) {
                    throw error(v, "option --" + name + " needs a number");
                }
            }
            return new GraphElement.Option(lineNo, name, value);
        }

        private static int indexOfAny(String s, char a, char b) {
            int i = s.indexOf(a);
            int j = s.indexOf(b);
            if (i < 0) {
                return j;
            }
            return j < 0 ? i : Math.min(i, j);
        }

        private String vname(String name, String what) {
            if (!VNAME.matcher(name).matches()) {
                throw error(name, "invalid variable name for " + what + " (letters, digits, '-' and '_')");
            }
            if (RpnOperators.isSupported(name) || RpnOperators.RRDTOOL_ONLY.contains(name)) {
                throw error(name, "variable name is an RPN operator");
            }
            if (vars.containsKey(name)) {
                throw error(name, "variable is defined twice");
            }
            return name;
        }

        private GraphElement def(String rest) {
            int eq = rest.indexOf('=');
            if (eq <= 0) {
                throw error("DEF:" + rest, "DEF must be DEF:vname=file:ds:CF");
            }
            String name = vname(rest.substring(0, eq), "DEF");
            List<SeriesSource.Tag> tags = new ArrayList<>();
            String body = replaceTags(rest.substring(eq + 1), tags);
            List<String> tokens = split(body);
            if (tokens.size() < 3) {
                throw error("DEF:" + rest, "DEF must be DEF:vname=file:ds:CF");
            }
            String last = tokens.get(tokens.size() - 1);
            if (last.contains("=")) {
                throw error(last, "DEF options (step, start, end, reduce) are not supported");
            }
            Consolidation cf = cf(last).orElseThrow(() -> error(last, "unknown consolidation function (AVERAGE, MIN, MAX, LAST)"));
            String ds = tokens.get(tokens.size() - 2);
            if (ds.isEmpty()) {
                throw error("DEF:" + rest, "DEF has no data source name");
            }
            String path = String.join(":", tokens.subList(0, tokens.size() - 2));
            SeriesSource source;
            if (path.length() >= 3 && path.charAt(0) == PLACEHOLDER && path.charAt(path.length() - 1) == PLACEHOLDER) {
                source = tags.get(Integer.parseInt(path.substring(1, path.length() - 1)));
            } else if (path.indexOf(PLACEHOLDER) >= 0 || path.contains("<%") || path.contains("%>")) {
                throw error(path.replace(PLACEHOLDER, '?'), "a template tag must be the whole file name; " + TAGS);
            } else if (path.isEmpty()) {
                throw error("DEF:" + rest, "DEF has no file");
            } else {
                throw error(path, "a DEF names its series with a template tag, not a file path; " + TAGS);
            }
            vars.put(name, Kind.DEF);
            return new GraphElement.Def(lineNo, name, source, cf == Consolidation.LAST ? ds : "n", cf);
        }

        private String replaceTags(String body, List<SeriesSource.Tag> tags) {
            StringBuilder sb = new StringBuilder();
            Matcher m = TAG_FOR.matcher(body);
            while (m.find()) {
                tags.add(new SeriesSource.Tag(key(m.group(1)), Optional.empty(), Optional.empty()));
                m.appendReplacement(sb, Matcher.quoteReplacement(PLACEHOLDER + String.valueOf(tags.size() - 1) + PLACEHOLDER));
            }
            m.appendTail(sb);
            String once = sb.toString();
            sb.setLength(0);
            m = TAG_EXTEND.matcher(once);
            while (m.find()) {
                tags.add(new SeriesSource.Tag(key(m.group(3)), Optional.of(m.group(1)), Optional.of(m.group(2))));
                m.appendReplacement(sb, Matcher.quoteReplacement(PLACEHOLDER + String.valueOf(tags.size() - 1) + PLACEHOLDER));
            }
            m.appendTail(sb);
            return sb.toString();
        }

        private MetricKey key(String key) {
            try {
                return MetricKey.of(key.strip());
            } catch (IllegalArgumentException e) {
                throw error(key, "invalid metric key");
            }
        }

        private static Optional<Consolidation> cf(String token) {
            for (Consolidation cf : Consolidation.values()) {
                if (cf.name().equals(token)) {
                    return Optional.of(cf);
                }
            }
            return Optional.empty();
        }

        private GraphElement cdef(String rest) {
            int eq = rest.indexOf('=');
            if (eq <= 0) {
                throw error("CDEF:" + rest, "CDEF must be CDEF:vname=rpn");
            }
            String name = vname(rest.substring(0, eq), "CDEF");
            String rpn = rest.substring(eq + 1);
            if (rpn.isBlank()) {
                throw error("CDEF:" + rest, "CDEF has no expression");
            }
            for (String t : rpn.split(",", -1)) {
                String token = t.strip();
                if (token.isEmpty()) {
                    throw error(rpn, "empty RPN token");
                }
                if (RpnOperators.isNumber(token) || RpnOperators.isSupported(token) || vars.containsKey(token)) {
                    continue;
                }
                if (token.startsWith("PREV(") && token.endsWith(")")) {
                    String v = token.substring(5, token.length() - 1);
                    if (vars.containsKey(v)) {
                        continue;
                    }
                    throw error(token, "PREV of an undefined variable '" + v + "'");
                }
                if (RpnOperators.RRDTOOL_ONLY.contains(token)) {
                    throw error(token, "RPN operator '" + token + "' is not supported by the renderer");
                }
                if (VNAME.matcher(token).matches() && !token.equals(token.toUpperCase(Locale.ROOT))) {
                    throw error(token, "undefined variable '" + token + "' in RPN");
                }
                throw error(token, "unknown RPN operator or undefined variable '" + token + "'");
            }
            vars.put(name, Kind.CDEF);
            return new GraphElement.Cdef(lineNo, name, rpn);
        }

        private GraphElement vdef(String rest) {
            int eq = rest.indexOf('=');
            if (eq <= 0) {
                throw error("VDEF:" + rest, "VDEF must be VDEF:vname=source,FUNCTION");
            }
            String name = vname(rest.substring(0, eq), "VDEF");
            String rpn = rest.substring(eq + 1);
            String[] parts = rpn.split(",", -1);
            if (parts.length < 2 || parts.length > 3) {
                throw error(rpn, "VDEF must be source,FUNCTION or source,N,PERCENT");
            }
            String source = parts[0].strip();
            Kind kind = vars.get(source);
            if (kind == null) {
                throw error(source, "undefined variable");
            }
            if (kind == Kind.VDEF) {
                throw error(source, "a VDEF must aggregate a DEF or CDEF, not another VDEF");
            }
            String fn = parts[parts.length - 1].strip();
            VdefFunction function;
            try {
                function = VdefFunction.valueOf(fn);
            } catch (IllegalArgumentException e) {
                throw error(fn, "unknown or unsupported VDEF function");
            }
            OptionalDouble argument = OptionalDouble.empty();
            if (function.takesArgument()) {
                if (parts.length != 3 || !RpnOperators.isNumber(parts[1].strip())) {
                    throw error(rpn, fn + " needs a percentile: source,N," + fn);
                }
                argument = OptionalDouble.of(Double.parseDouble(parts[1].strip()));
            } else if (parts.length != 2) {
                throw error(parts[1], fn + " takes no argument");
            }
            vars.put(name, Kind.VDEF);
            return new GraphElement.Vdef(lineNo, name, rpn, source, function, argument);
        }

        /** value[#colour] of LINE, AREA, STACK, HRULE, VRULE. */
        private record Head(String value, Optional<String> colour) {}

        private Head head(String token) {
            int hash = token.indexOf('#');
            String value = hash < 0 ? token : token.substring(0, hash);
            Optional<String> colour = Optional.empty();
            if (hash >= 0) {
                String c = token.substring(hash);
                if (!COLOUR.matcher(c).matches()) {
                    throw error(c, "invalid colour (#RRGGBB or #RRGGBBAA)");
                }
                colour = Optional.of(c);
            }
            if (value.isEmpty()) {
                throw error(token, "missing value");
            }
            return new Head(value, colour);
        }

        private Operand operand(String value) {
            if (RpnOperators.isNumber(value)) {
                return new Operand.Constant(Double.parseDouble(value));
            }
            if (!vars.containsKey(value)) {
                throw error(value, "undefined variable");
            }
            return new Operand.Var(value);
        }

        private static boolean isFlag(String token) {
            return token.equals("STACK") || token.equals("skipscale") || token.equals("dashes")
                    || token.startsWith("dashes=") || token.startsWith("dash-offset=");
        }

        /** Parsed trailing fields: legend and flags. */
        private record Tail(Optional<String> legend, boolean stack, List<Float> dashes) {}

        private Tail tail(List<String> tokens, int from, boolean dashesAllowed, boolean stackAllowed) {
            Optional<String> legend = Optional.empty();
            boolean stack = false;
            List<Float> dashes = List.of();
            for (int i = from; i < tokens.size(); i++) {
                String t = tokens.get(i);
                if (i == from && !isFlag(t)) {
                    legend = Optional.of(t);
                } else if (t.equals("STACK") && stackAllowed) {
                    stack = true;
                } else if (t.equals("skipscale")) {
                    continue;
                } else if (dashesAllowed && t.equals("dashes")) {
                    dashes = List.of(5f, 5f);
                } else if (dashesAllowed && t.startsWith("dashes=")) {
                    dashes = dashes(t);
                } else if (dashesAllowed && t.startsWith("dash-offset=")) {
                    if (!RpnOperators.isNumber(t.substring(12))) {
                        throw error(t, "dash-offset needs a number");
                    }
                } else {
                    throw error(t, "unknown or unsupported field");
                }
            }
            if (stack && !plotted) {
                throw error("STACK", "nothing to stack on: no LINE or AREA before");
            }
            return new Tail(legend, stack, dashes);
        }

        private List<Float> dashes(String token) {
            List<Float> out = new ArrayList<>();
            for (String p : token.substring(7).split(",", -1)) {
                String s = p.strip();
                if (!RpnOperators.isNumber(s) || Float.parseFloat(s) <= 0) {
                    throw error(token, "dashes must be positive numbers");
                }
                out.add(Float.parseFloat(s));
            }
            return out;
        }

        private GraphElement line(double width, String rest) {
            List<String> tokens = split(rest);
            Head h = head(tokens.get(0));
            Operand value = operand(h.value());
            Tail t = tail(tokens, 1, true, true);
            plotted = true;
            return new GraphElement.Line(lineNo, width, value, h.colour(), t.legend(), t.stack(), t.dashes());
        }

        private GraphElement area(String rest) {
            List<String> tokens = split(rest);
            Head h = head(tokens.get(0));
            Operand value = operand(h.value());
            Tail t = tail(tokens, 1, false, true);
            plotted = true;
            return new GraphElement.Area(lineNo, value, h.colour(), t.legend(), t.stack());
        }

        private GraphElement stack(String rest) {
            List<String> tokens = split(rest);
            Head h = head(tokens.get(0));
            if (!vars.containsKey(h.value())) {
                throw error(h.value(), "undefined variable");
            }
            if (!plotted) {
                throw error("STACK", "nothing to stack on: no LINE or AREA before");
            }
            if (tokens.size() > 2) {
                throw error(tokens.get(2), "STACK takes vname#colour[:legend]");
            }
            Optional<String> legend = tokens.size() > 1 ? Optional.of(tokens.get(1)) : Optional.empty();
            return new GraphElement.Stack(lineNo, h.value(), h.colour(), legend);
        }

        private GraphElement print(String head, String rest) {
            List<String> tokens = split(rest);
            String name = tokens.get(0);
            Kind kind = vars.get(name);
            if (kind == null) {
                throw error(name, "undefined variable");
            }
            Optional<Consolidation> cf = Optional.empty();
            String format;
            if (tokens.size() == 3) {
                cf = cf(tokens.get(1));
                if (cf.isEmpty()) {
                    throw error(tokens.get(1), "unknown consolidation function (AVERAGE, MIN, MAX, LAST)");
                }
                if (kind == Kind.VDEF) {
                    throw error(name, head + " with a consolidation function needs a DEF or CDEF, not a VDEF");
                }
                format = tokens.get(2);
            } else if (tokens.size() == 2) {
                if (kind != Kind.VDEF) {
                    throw error(name, head + ":vname:format needs a VDEF; use " + head + ":vname:CF:format for a DEF or CDEF");
                }
                format = tokens.get(1);
            } else {
                throw error(head + ":" + rest, head + " must be " + head + ":vdef:format or " + head + ":vname:CF:format");
            }
            checkFormat(format);
            return head.equals("GPRINT")
                    ? new GraphElement.Gprint(lineNo, name, cf, format)
                    : new GraphElement.Print(lineNo, name, cf, format);
        }

        private void checkFormat(String format) {
            Matcher m = CONVERSION.matcher(format);
            int numbers = 0;
            int units = 0;
            while (m.find()) {
                String conv = m.group(1);
                String whole = m.group();
                switch (conv) {
                    case "%":
                        if (!whole.equals("%%")) {
                            throw error(whole, "invalid format conversion");
                        }
                        break;
                    case "s":
                    case "S":
                        if (!whole.equals("%s") && !whole.equals("%S")) {
                            throw error(whole, "the unit conversion takes no width");
                        }
                        units++;
                        break;
                    case "f":
                    case "e":
                    case "g":
                        numbers++;
                        break;
                    default:
                        throw error(whole, "invalid format conversion (use %lf, %le, %lg, %s, %S, %%)");
                }
            }
            if (numbers != 1 || units > 1) {
                throw error(format, "format needs exactly one %lf, %le or %lg and at most one %s or %S");
            }
        }

        private GraphElement hrule(String rest) {
            List<String> tokens = split(rest);
            Head h = head(tokens.get(0));
            String colour = h.colour().orElseThrow(() -> error(tokens.get(0), "HRULE needs a colour"));
            Operand value;
            if (RpnOperators.isNumber(h.value())) {
                value = new Operand.Constant(Double.parseDouble(h.value()));
            } else if (vars.get(h.value()) == Kind.VDEF) {
                value = new Operand.Var(h.value());
            } else {
                throw error(h.value(), "HRULE needs a number or a VDEF");
            }
            Tail t = tail(tokens, 1, true, false);
            return new GraphElement.Hrule(lineNo, value, colour, t.legend(), t.dashes());
        }

        private GraphElement vrule(String rest) {
            List<String> tokens = split(rest);
            Head h = head(tokens.get(0));
            String colour = h.colour().orElseThrow(() -> error(tokens.get(0), "VRULE needs a colour"));
            if (!h.value().matches("\\d{1,12}")) {
                throw error(h.value(), "VRULE needs a time in epoch seconds (a VDEF time is not supported)");
            }
            Tail t = tail(tokens, 1, true, false);
            return new GraphElement.Vrule(lineNo, Long.parseLong(h.value()), colour, t.legend(), t.dashes());
        }
    }

    /**
     * Splits on every {@code :} not preceded by a backslash; {@code \:} becomes {@code :}, other
     * backslashes are kept (legend markers such as {@code \l}).
     */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == ':') {
                cur.append(':');
                i++;
            } else if (c == ':') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}

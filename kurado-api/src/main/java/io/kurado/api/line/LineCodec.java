package io.kurado.api.line;

import io.kurado.api.DataSourceType;
import io.kurado.api.Meta;
import io.kurado.api.MetricKey;
import io.kurado.api.Observation;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The line format of Kurado, both directions. A line is
 *
 * <pre>address TAB plugin.kind.key TAB value TAB timestamp</pre>
 *
 * <p>where {@code plugin} is the escaped plugin identifier ({@code http%3A80}), {@code kind} is
 * {@code metrics}, {@code meta} or {@code warn}, and a metrics key ends in {@code .gauge},
 * {@code .counter}, {@code .derive} or {@code .absolute}. A batch is lines joined by newlines.
 *
 * <p>Decoding never throws for bad input: every malformed line comes back as a
 * {@link LineResult.Rejected} naming the problem, so one bad line never ends a batch. Where the
 * Perl original had a bug, the codec keeps accepting what its agents send and does what was meant:
 *
 * <ul>
 *   <li>a trailing carriage return is removed;
 *   <li>a metric with an empty value is unknown ({@code U}) rather than an error, since fetchers
 *       that meant {@code U} sent nothing;
 *   <li>a meta key carrying a type suffix ({@code meta.x.gauge}, as the older agent sends for
 *       command plugins) loses the suffix.
 * </ul>
 *
 * @since 0.1
 */
public final class LineCodec {
    private LineCodec() {}

    /**
     * Decodes one line.
     *
     * @param line a line without its newline
     * @return the observation, a skip for blank and comment lines, or a rejection with its reason
     */
    public static LineResult decode(String line) {
        String s = stripLineEnd(line);
        if (isBlankOrComment(s)) {
            return new LineResult.Skipped();
        }
        int t1 = s.indexOf('\t');
        int t2 = t1 < 0 ? -1 : s.indexOf('\t', t1 + 1);
        int t3 = t2 < 0 ? -1 : s.indexOf('\t', t2 + 1);
        if (t3 < 0 || s.indexOf('\t', t3 + 1) >= 0) {
            return reject("expected 4 tab-separated columns (address, key, value, timestamp) but found "
                    + columns(s));
        }
        String address = s.substring(0, t1);
        String key = s.substring(t1 + 1, t2);
        String value = s.substring(t2 + 1, t3);
        String time = s.substring(t3 + 1);
        if (address.isEmpty()) {
            return reject("empty address");
        }
        if (time.isEmpty()) {
            return reject("empty timestamp");
        }
        int d1 = key.indexOf('.');
        int d2 = d1 < 0 ? -1 : key.indexOf('.', d1 + 1);
        if (d2 < 0) {
            return reject("key '" + key + "' is not of the form plugin.kind.name");
        }
        String pluginSegment = key.substring(0, d1);
        String kind = key.substring(d1 + 1, d2);
        String name = key.substring(d2 + 1);
        if (pluginSegment.isEmpty()) {
            return reject("key '" + key + "' has an empty plugin");
        }
        if (name.isEmpty()) {
            return reject("key '" + key + "' has an empty name");
        }
        PluginRef plugin;
        try {
            plugin = PluginRef.fromEscaped(pluginSegment);
        } catch (IllegalArgumentException e) {
            return reject("key '" + key + "' has no plugin name");
        }
        Optional<Long> timestamp = parseTimestamp(time);
        if (timestamp.isEmpty()) {
            return reject("bad timestamp '" + time + "'");
        }
        long ts = timestamp.get();
        switch (kind) {
            case "metrics":
                return decodeMetric(address, plugin, name, value, ts);
            case "meta":
                return new LineResult.Decoded(new Meta(address, plugin, stripTypeSuffix(name), value, ts));
            case "warn":
                return new LineResult.Decoded(new Warning(address, plugin, name, value, ts));
            default:
                return reject("unknown kind '" + kind + "' in key '" + key + "' (expected metrics, meta or warn)");
        }
    }

    private static LineResult decodeMetric(String address, PluginRef plugin, String name, String value, long ts) {
        int dot = name.lastIndexOf('.');
        Optional<DataSourceType> type =
                dot < 0 ? Optional.empty() : DataSourceType.fromSuffix(name.substring(dot + 1));
        if (type.isEmpty()) {
            return reject("metric key '" + name + "' has no type (.gauge, .counter, .derive or .absolute)");
        }
        if (dot == 0) {
            return reject("metric key '" + name + "' has an empty name");
        }
        Optional<Double> v = parseValue(value);
        if (v.isEmpty()) {
            return reject("bad number '" + value + "' for metric '" + name + "'");
        }
        MetricKey key = new MetricKey(name.substring(0, dot), type.get());
        return new LineResult.Decoded(new Sample(address, plugin, key, v.get(), ts));
    }

    /**
     * Decodes a batch: lines separated by {@code \n}, each decoded as {@link #decode(String)}.
     *
     * @param batch the batch as pushed to the update queue
     * @return what was decoded, what was rejected and how many lines were skipped
     */
    public static DecodedBatch decodeBatch(String batch) {
        List<Observation> observations = new ArrayList<>();
        List<RejectedLine> rejected = new ArrayList<>();
        int skipped = 0;
        int lineNumber = 0;
        int start = 0;
        int len = batch.length();
        while (start < len) {
            int end = batch.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            lineNumber++;
            String line = batch.substring(start, end);
            LineResult r = decode(line);
            if (r instanceof LineResult.Decoded d) {
                observations.add(d.observation());
            } else if (r instanceof LineResult.Rejected x) {
                rejected.add(new RejectedLine(lineNumber, line, x.reason()));
            } else {
                skipped++;
            }
            start = end + 1;
        }
        return new DecodedBatch(observations, rejected, skipped);
    }

    /**
     * Encodes one observation as a line, without a newline. Tabs, carriage returns and newlines
     * inside text values become spaces so that the line stays one line of four columns.
     *
     * @param o the observation
     * @return the line
     */
    public static String encode(Observation o) {
        StringBuilder sb = new StringBuilder(96);
        appendLine(sb, o);
        return sb.toString();
    }

    /**
     * Encodes observations as a batch: lines each followed by a newline.
     *
     * @param observations the observations
     * @return the batch
     */
    public static String encodeBatch(Collection<? extends Observation> observations) {
        StringBuilder sb = new StringBuilder(observations.size() * 96);
        for (Observation o : observations) {
            appendLine(sb, o);
            sb.append('\n');
        }
        return sb.toString();
    }

    private static void appendLine(StringBuilder sb, Observation o) {
        sb.append(o.address()).append('\t').append(o.plugin().escapedIdentifier());
        if (o instanceof Sample s) {
            sb.append(".metrics.").append(s.key().name()).append('.').append(s.key().type().suffix());
            sb.append('\t').append(formatValue(s.value()));
        } else if (o instanceof Meta m) {
            sb.append(".meta.").append(m.key()).append('\t').append(oneLine(m.value()));
        } else if (o instanceof Warning w) {
            sb.append(".warn.").append(w.key()).append('\t').append(oneLine(w.message()));
        }
        sb.append('\t').append(o.timestamp());
    }

    /**
     * Formats a metric value as the line format writes it: {@code U} for unknown, integers
     * without a decimal point, other numbers in the shortest form that reads back the same.
     *
     * @param value the value
     * @return its text
     */
    public static String formatValue(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "U";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /**
     * Parses a metric value: {@code U} or empty for unknown, else a decimal number with an
     * optional sign, fraction and exponent.
     *
     * @param text the value column
     * @return the value ({@link Double#NaN} for unknown), or empty when it is not a number
     */
    public static Optional<Double> parseValue(String text) {
        if (text.isEmpty() || text.equals("U")) {
            return Optional.of(Double.NaN);
        }
        if (!isDecimal(text)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Double.parseDouble(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    static Optional<Long> parseTimestamp(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        if (whole.isEmpty() || whole.length() > 12) {
            return Optional.empty();
        }
        for (int i = 0; i < whole.length(); i++) {
            char c = whole.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        for (int i = dot + 1; dot >= 0 && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(whole));
    }

    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '+' || s.charAt(0) == '-') {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exp = 0;
            while (i < n && Character.isDigit(s.charAt(i))) {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * Tells whether a line is blank or a comment: its first non-blank characters are {@code #}
     * or {@code //}.
     *
     * @param line the line
     * @return true when the line carries nothing
     */
    public static boolean isBlankOrComment(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        if (i == line.length()) {
            return true;
        }
        return line.charAt(i) == '#' || line.startsWith("//", i);
    }

    private static String stripLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\n')) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    private static String stripTypeSuffix(String metaKey) {
        int dot = metaKey.lastIndexOf('.');
        if (dot > 0 && DataSourceType.fromSuffix(metaKey.substring(dot + 1)).isPresent()) {
            return metaKey.substring(0, dot);
        }
        return metaKey;
    }

    private static String oneLine(String text) {
        if (text.indexOf('\t') < 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            return text;
        }
        return text.replace('\t', ' ').replace("\r", "").replace('\n', ' ');
    }

    private static int columns(String s) {
        int n = 1;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\t') {
                n++;
            }
        }
        return n;
    }

    private static LineResult reject(String reason) {
        return new LineResult.Rejected(reason);
    }
}

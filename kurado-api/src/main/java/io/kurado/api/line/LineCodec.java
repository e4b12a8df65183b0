package io.kurado.api.line;

import io.kurado.api.DataSourceType;
import io.kurado.api.Meta;
import io.kurado.api.MetricKey;
import io.kurado.api.Observation;
import io.kurado.api.PluginRef;
import io.kurado.api.Sample;
import io.kurado.api.Warning;
import java.nio.charset.StandardCharsets;
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
    /** How much of an over-long line a rejection keeps, in bytes. */
    public static final int KEPT_BYTES = 256;

    private LineCodec() {}

    /**
     * Decodes one line.
     *
     * @param line a line without its newline
     * @return the observation, a skip for blank and comment lines, or a rejection with its reason
     */
    public static LineResult decode(String line) {
        return decode(line, null);
    }

    /**
     * What the previous line of a batch named: its address and plugin, so that the lines of one
     * host and plugin share one address and one plugin instead of each making its own.
     */
    private static final class Previous {
        String address;
        String pluginSegment;
        PluginRef plugin;
    }

    private static LineResult decode(String line, Previous previous) {
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
        String address = previous != null && previous.address != null && previous.address.length() == t1
                && s.startsWith(previous.address) ? previous.address : s.substring(0, t1);
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
            return reject("key " + quote(key) + " is not of the form plugin.kind.name");
        }
        String pluginSegment = key.substring(0, d1);
        String kind = key.substring(d1 + 1, d2);
        String name = key.substring(d2 + 1);
        if (pluginSegment.isEmpty()) {
            return reject("key " + quote(key) + " has an empty plugin");
        }
        if (name.isEmpty()) {
            return reject("key " + quote(key) + " has an empty name");
        }
        PluginRef plugin;
        if (previous != null && pluginSegment.equals(previous.pluginSegment)) {
            plugin = previous.plugin;
        } else {
            try {
                plugin = PluginRef.fromEscaped(pluginSegment);
            } catch (IllegalArgumentException e) {
                return reject("key " + quote(key) + " has no plugin name");
            }
        }
        long ts = timestampOf(time);
        if (ts < 0) {
            return reject("bad timestamp " + quote(time));
        }
        if (previous != null) {
            previous.address = address;
            previous.pluginSegment = pluginSegment;
            previous.plugin = plugin;
        }
        switch (kind) {
            case "metrics":
                return decodeMetric(address, plugin, name, value, ts);
            case "meta":
                return new LineResult.Decoded(new Meta(address, plugin, stripTypeSuffix(name), value, ts));
            case "warn":
                return new LineResult.Decoded(new Warning(address, plugin, name, value, ts));
            default:
                return reject("unknown kind " + quote(kind) + " in key " + quote(key) + " (expected metrics, meta or warn)");
        }
    }

    private static LineResult decodeMetric(String address, PluginRef plugin, String name, String value, long ts) {
        int dot = name.lastIndexOf('.');
        Optional<DataSourceType> type =
                dot < 0 ? Optional.empty() : DataSourceType.fromSuffix(name.substring(dot + 1));
        if (type.isEmpty()) {
            return reject("metric key " + quote(name) + " has no type (.gauge, .counter, .derive or .absolute)");
        }
        if (dot == 0) {
            return reject("metric key " + quote(name) + " has an empty name");
        }
        double v = valueOf(value);
        if (Double.doubleToRawLongBits(v) == NOT_A_NUMBER) {
            return reject("bad number " + quote(value) + " for metric " + quote(name));
        }
        MetricKey key = new MetricKey(name.substring(0, dot), type.get());
        return new LineResult.Decoded(new Sample(address, plugin, key, v, ts));
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
        Previous previous = new Previous();
        while (start < len) {
            int end = batch.indexOf('\n', start);
            if (end < 0) {
                end = len;
            }
            lineNumber++;
            String line = batch.substring(start, end);
            LineResult r = decode(line, previous);
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
     * Decodes a batch as it arrives from a queue: bytes, lines separated by {@code \n}, each
     * decoded as {@link #decode(String)} once read as UTF-8. What cannot be trusted is rejected
     * with its reason, and the rest of the batch is decoded:
     *
     * <ul>
     *   <li>a line longer than {@code maxLineBytes} is rejected, keeping only its first
     *       {@value #KEPT_BYTES} bytes for the report;
     *   <li>a line whose address or key is not valid UTF-8 is rejected: those name files and keys,
     *       and two different byte strings must never name the same one;
     *   <li>elsewhere in a line, a byte sequence that is not UTF-8 reads as U+FFFD, so that a meta
     *       value or a warning in another encoding is kept, readably, instead of lost.
     * </ul>
     *
     * @param batch the batch's bytes
     * @param maxLineBytes the longest line accepted, in bytes, without its newline
     * @return what was decoded, what was rejected and how many lines were skipped
     */
    public static DecodedBatch decodeBatch(byte[] batch, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive, got " + maxLineBytes);
        }
        List<Observation> observations = new ArrayList<>();
        List<RejectedLine> rejected = new ArrayList<>();
        int skipped = 0;
        int lineNumber = 0;
        int start = 0;
        int len = batch.length;
        Previous previous = new Previous();
        while (start < len) {
            int end = indexOf(batch, (byte) '\n', start, len);
            lineNumber++;
            int n = end - start;
            if (n > maxLineBytes) {
                rejected.add(new RejectedLine(lineNumber, text(batch, start, start + KEPT_BYTES),
                        "line of " + n + " bytes is longer than the limit of " + maxLineBytes + " bytes"));
                start = end + 1;
                continue;
            }
            String line = text(batch, start, end);
            int bad = invalidUtf8At(batch, start, end);
            LineResult r;
            if (bad >= 0 && bad < columnEnd(batch, start, end, 2)) {
                String column = bad < columnEnd(batch, start, end, 1) ? "address" : "key";
                r = reject("the " + column + " is not valid UTF-8 (byte 0x"
                        + Integer.toHexString(batch[bad] & 0xFF).toUpperCase(java.util.Locale.ROOT) + " at byte "
                        + (bad - start + 1) + " of the line)");
            } else {
                r = decode(line, previous);
            }
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

    private static int indexOf(byte[] b, byte x, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return to;
    }

    /** @return where the {@code n}-th column (1-based) of the line ends: its tab, or the line's end */
    private static int columnEnd(byte[] b, int from, int to, int n) {
        int i = from - 1;
        for (int k = 0; k < n; k++) {
            i = indexOf(b, (byte) '\t', i + 1, to);
            if (i == to) {
                return to;
            }
        }
        return i;
    }

    private static String text(byte[] b, int from, int to) {
        return new String(b, from, Math.min(to, b.length) - from, StandardCharsets.UTF_8);
    }

    /**
     * @return the position of the first byte in {@code [from, to)} that does not start a
     *     well-formed UTF-8 sequence (RFC 3629: no overlong forms, no surrogates, nothing past
     *     U+10FFFF), or -1 when every byte does
     */
    static int invalidUtf8At(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            int c = b[i] & 0xFF;
            if (c < 0x80) {
                i++;
                continue;
            }
            int need;
            int lo = 0x80;
            int hi = 0xBF;
            if (c >= 0xC2 && c <= 0xDF) {
                need = 1;
            } else if (c >= 0xE0 && c <= 0xEF) {
                need = 2;
                lo = c == 0xE0 ? 0xA0 : 0x80;
                hi = c == 0xED ? 0x9F : 0xBF;
            } else if (c >= 0xF0 && c <= 0xF4) {
                need = 3;
                lo = c == 0xF0 ? 0x90 : 0x80;
                hi = c == 0xF4 ? 0x8F : 0xBF;
            } else {
                return i;
            }
            if (i + need >= to) {
                return i;
            }
            int c1 = b[i + 1] & 0xFF;
            if (c1 < lo || c1 > hi) {
                return i;
            }
            for (int k = 2; k <= need; k++) {
                int ck = b[i + k] & 0xFF;
                if (ck < 0x80 || ck > 0xBF) {
                    return i;
                }
            }
            i += need + 1;
        }
        return -1;
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
        double v = valueOf(text);
        return Double.doubleToRawLongBits(v) == NOT_A_NUMBER ? Optional.empty() : Optional.of(v);
    }

    /**
     * The bits of what {@link #valueOf} answers for text that is not a number: a NaN no parse
     * gives (unknown is the canonical NaN, and a decimal never parses to NaN).
     */
    private static final long NOT_A_NUMBER = 0x7ff8_0000_0bad_0000L;

    /** @return the value, NaN for unknown, or the NaN of bits {@link #NOT_A_NUMBER} when not a number */
    private static double valueOf(String text) {
        if (text.isEmpty() || text.equals("U")) {
            return Double.NaN;
        }
        if (!isDecimal(text)) {
            return Double.longBitsToDouble(NOT_A_NUMBER);
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return Double.longBitsToDouble(NOT_A_NUMBER);
        }
    }

    static Optional<Long> parseTimestamp(String text) {
        long ts = timestampOf(text);
        return ts < 0 ? Optional.empty() : Optional.of(ts);
    }

    /** @return the whole seconds of a timestamp (a fraction is dropped), or -1 when it is not one */
    private static long timestampOf(String text) {
        int dot = text.indexOf('.');
        int wholeEnd = dot < 0 ? text.length() : dot;
        if (wholeEnd == 0 || wholeEnd > 12) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < wholeEnd; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        for (int i = dot + 1; dot >= 0 && i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return v;
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

    /** Quotes input in a reason: a short prefix, control characters escaped. */
    private static String quote(String input) {
        return "'" + Excerpt.of(input) + "'";
    }

    private static LineResult reject(String reason) {
        return new LineResult.Rejected(reason);
    }
}

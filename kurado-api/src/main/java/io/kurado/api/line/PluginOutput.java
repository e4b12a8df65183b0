package io.kurado.api.line;

import io.kurado.api.DataSourceType;
import io.kurado.api.Observation;
import io.kurado.api.PluginRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns the text a plugin prints ({@code key TAB value [TAB timestamp]} per line) into
 * observations, with the normalisation rules of the original:
 *
 * <ol>
 *   <li>blank lines and comment lines ({@code #}, {@code //}) are skipped;
 *   <li>a key that starts with neither {@code metrics.}, {@code meta.} nor {@code warn.} gets
 *       {@code metrics.} in front;
 *   <li>a metrics key without a type suffix gets {@code .gauge};
 *   <li>a missing, empty or {@code 0} timestamp becomes {@code now};
 *   <li>columns after the third are dropped.
 * </ol>
 *
 * <p>One departure, doing what plugin authors meant: a key starting with {@code warn.} is a
 * warning. (The original turned it into a metric {@code warn.x.gauge} that could never be
 * stored.) The result goes through {@link LineCodec}, so a line the updater would reject is
 * rejected here, with the same reason.
 *
 * @since 0.1
 */
public final class PluginOutput {
    private PluginOutput() {}

    /**
     * Normalises a plugin's output.
     *
     * @param address the host address for the first column
     * @param plugin the plugin the output belongs to (its escaped identifier becomes the key prefix)
     * @param output everything the plugin printed
     * @param now the epoch second that stands in for missing timestamps
     * @return the observations and the rejected lines
     */
    public static DecodedBatch parse(String address, PluginRef plugin, String output, long now) {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(output, "output");
        String prefix = plugin.escapedIdentifier();
        List<Observation> observations = new ArrayList<>();
        List<RejectedLine> rejected = new ArrayList<>();
        int skipped = 0;
        String[] lines = output.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String raw = lines[i];
            if (LineCodec.isBlankOrComment(raw)) {
                skipped++;
                continue;
            }
            String full = normaliseLine(address, prefix, raw, now);
            LineResult r = LineCodec.decode(full);
            if (r instanceof LineResult.Decoded d) {
                observations.add(d.observation());
            } else if (r instanceof LineResult.Rejected x) {
                rejected.add(new RejectedLine(i + 1, raw, x.reason()));
            } else {
                skipped++;
            }
        }
        return new DecodedBatch(observations, rejected, skipped);
    }

    /**
     * Normalises one line of plugin output into a full line of the line format.
     *
     * @param address the host address
     * @param escapedPlugin the plugin segment, already escaped
     * @param line one line of plugin output
     * @param now the epoch second for a missing timestamp
     * @return the full line
     */
    public static String normaliseLine(String address, String escapedPlugin, String line, long now) {
        String s = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        String[] cols = s.split("\t", -1);
        String key = normaliseKey(cols[0].strip());
        String value = cols.length > 1 ? cols[1] : "";
        String time = cols.length > 2 ? cols[2].strip() : "";
        if (time.isEmpty() || time.equals("0")) {
            time = Long.toString(now);
        }
        return address + '\t' + escapedPlugin + '.' + key + '\t' + value + '\t' + time;
    }

    /**
     * Applies the key rules: the {@code metrics.} prefix and the {@code .gauge} default.
     *
     * @param key the key as the plugin printed it
     * @return the key starting with its kind
     */
    public static String normaliseKey(String key) {
        String k = key;
        if (!k.startsWith("metrics.") && !k.startsWith("meta.") && !k.startsWith("warn.")) {
            k = "metrics." + k;
        }
        if (k.startsWith("metrics.")) {
            int dot = k.lastIndexOf('.');
            String suffix = k.substring(dot + 1);
            if (dot < "metrics.".length() || DataSourceType.fromSuffix(suffix).isEmpty()) {
                k = k + ".gauge";
            }
        }
        return k;
    }
}

package io.kurado.plugins.support;

import io.kurado.api.view.MetaItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Pattern;

/**
 * The meta badges of a graph group as the original's viewers show them: keys ordered version and
 * uptime first, uptimes as {@code up D days, HH:MM}, byte counts with a unit.
 */
public final class Badges {
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(\\d+)");

    private Badges() {}

    /**
     * Orders meta keys: exactly {@code version}, exactly {@code uptime}, starting with
     * {@code version}, starting with {@code uptime}, ending with {@code version}, ending with
     * {@code uptime} (all ignoring case), then the rest; ties by string order.
     */
    public static final Comparator<String> ORDER = Comparator.comparingInt(Badges::rank).thenComparing(Comparator.naturalOrder());

    private static int rank(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (k.equals("version")) {
            return 1;
        }
        if (k.equals("uptime")) {
            return 2;
        }
        if (k.startsWith("version")) {
            return 3;
        }
        if (k.startsWith("uptime")) {
            return 4;
        }
        if (k.endsWith("version")) {
            return 5;
        }
        if (k.endsWith("uptime")) {
            return 6;
        }
        return 999;
    }

    /**
     * The badges of a meta map: every entry in {@link #ORDER}, {@code uptime} formatted with
     * {@link #uptime(String)}.
     *
     * @param meta the stored meta
     * @return the badges
     */
    public static List<MetaItem> of(Map<String, String> meta) {
        return of(meta, (k, v) -> v);
    }

    /**
     * The badges of a meta map with values rewritten.
     *
     * @param meta the stored meta
     * @param format gives the text of a key's value; {@code null} leaves the key out
     * @return the badges, {@code uptime} formatted with {@link #uptime(String)} unless {@code format}
     *     changes it
     */
    public static List<MetaItem> of(Map<String, String> meta, BiFunction<String, String, String> format) {
        List<MetaItem> out = new ArrayList<>();
        meta.keySet().stream().sorted(ORDER).forEach(k -> {
            String v = meta.get(k);
            String shown = k.equals("uptime") ? uptime(v) : v;
            String f = format.apply(k, shown);
            if (f != null) {
                out.add(MetaItem.of(k, f));
            }
        });
        return out;
    }

    /**
     * Formats an uptime as the host page shows it: {@code up 0 days,  8:56}.
     *
     * @param seconds the uptime in seconds, as text (fractions and trailing text are ignored)
     * @return the text
     */
    public static String uptime(String seconds) {
        var m = LEADING_NUMBER.matcher(seconds == null ? "" : seconds);
        long s = m.find() ? Long.parseLong(m.group(1)) : 0;
        long days = s / 86400;
        long hours = (s % 86400) / 3600;
        long minutes = (s % 3600) / 60;
        return String.format(Locale.ROOT, "up %d days, %2d:%02d", days, hours, minutes);
    }

    /**
     * A byte count with a unit, two decimals and thousands separators: {@code 1.50GB},
     * {@code 512.00B}. Text that is not a whole number is returned as it is.
     *
     * @param bytes the count, as text
     * @return the text
     */
    public static String unit(String bytes) {
        if (bytes == null || !DIGITS.matcher(bytes).matches()) {
            return bytes;
        }
        double n = Double.parseDouble(bytes);
        String[] units = {"GB", "MB", "KB"};
        double[] bases = {1 << 30, 1 << 20, 1 << 10};
        for (int i = 0; i < units.length; i++) {
            if (n >= bases[i]) {
                return thousands(String.format(Locale.ROOT, "%.2f", n / bases[i])) + units[i];
            }
        }
        return thousands(String.format(Locale.ROOT, "%.2f", n)) + "B";
    }

    /**
     * Whole mebibytes with thousands separators: {@code 8,192MB}.
     *
     * @param bytes the count
     * @return the text
     */
    public static String megabytes(double bytes) {
        return thousands(Long.toString((long) (bytes / (1024 * 1024)))) + "MB";
    }

    /**
     * @param number a decimal number as text
     * @return the same with commas between thousands of its whole part
     */
    public static String thousands(String number) {
        int dot = number.indexOf('.');
        String whole = dot < 0 ? number : number.substring(0, dot);
        String rest = dot < 0 ? "" : number.substring(dot);
        boolean negative = whole.startsWith("-");
        if (negative) {
            whole = whole.substring(1);
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(whole.charAt(i));
        }
        return (negative ? "-" : "") + sb + rest;
    }
}

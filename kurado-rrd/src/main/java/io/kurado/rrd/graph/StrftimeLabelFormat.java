package io.kurado.rrd.graph;

import java.util.Calendar;
import java.util.Locale;
import org.rrd4j.graph.TimeLabelFormat;

/** Formats time-axis labels with the strftime conversions rrdtool's {@code --x-grid} uses. */
final class StrftimeLabelFormat implements TimeLabelFormat {
    private final String pattern;

    StrftimeLabelFormat(String pattern) {
        this.pattern = pattern;
    }

    @Override
    public String format(Calendar c, Locale locale) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch != '%' || i + 1 == pattern.length()) {
                sb.append(ch);
                continue;
            }
            char conv = pattern.charAt(++i);
            switch (conv) {
                case 'H' -> zeroPadded(sb, c.get(Calendar.HOUR_OF_DAY), 2);
                case 'M' -> zeroPadded(sb, c.get(Calendar.MINUTE), 2);
                case 'S' -> zeroPadded(sb, c.get(Calendar.SECOND), 2);
                case 'd' -> zeroPadded(sb, c.get(Calendar.DAY_OF_MONTH), 2);
                case 'e' -> sb.append(String.format(locale, "%2d", c.get(Calendar.DAY_OF_MONTH)));
                case 'm' -> zeroPadded(sb, c.get(Calendar.MONTH) + 1, 2);
                case 'y' -> zeroPadded(sb, c.get(Calendar.YEAR) % 100, 2);
                case 'Y' -> sb.append(c.get(Calendar.YEAR));
                case 'j' -> zeroPadded(sb, c.get(Calendar.DAY_OF_YEAR), 3);
                case 'a' -> sb.append(String.format(locale, "%ta", c));
                case 'A' -> sb.append(String.format(locale, "%tA", c));
                case 'b', 'h' -> sb.append(String.format(locale, "%tb", c));
                case 'B' -> sb.append(String.format(locale, "%tB", c));
                case 'W' -> zeroPadded(sb, mondayWeek(c), 2);
                case 'U' -> zeroPadded(sb, sundayWeek(c), 2);
                case '%' -> sb.append('%');
                default -> sb.append('%').append(conv);
            }
        }
        return sb.toString();
    }

    /** Appends a non-negative number of at least {@code digits} digits, zeros in front (ASCII digits, as rrdtool prints them). */
    private static void zeroPadded(StringBuilder sb, int value, int digits) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < digits; i++) {
            sb.append('0');
        }
        sb.append(v);
    }

    /** strftime {@code %W}: weeks starting on Monday, days before the first Monday in week 0. */
    static int mondayWeek(Calendar c) {
        int yday = c.get(Calendar.DAY_OF_YEAR) - 1;
        int wday = (c.get(Calendar.DAY_OF_WEEK) + 5) % 7; // Monday = 0
        return (yday + 7 - wday) / 7;
    }

    /** strftime {@code %U}: weeks starting on Sunday. */
    static int sundayWeek(Calendar c) {
        int yday = c.get(Calendar.DAY_OF_YEAR) - 1;
        int wday = c.get(Calendar.DAY_OF_WEEK) - 1; // Sunday = 0
        return (yday + 7 - wday) / 7;
    }
}

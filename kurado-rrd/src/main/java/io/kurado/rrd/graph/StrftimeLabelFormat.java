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
                case 'H' -> sb.append(String.format(locale, "%02d", c.get(Calendar.HOUR_OF_DAY)));
                case 'M' -> sb.append(String.format(locale, "%02d", c.get(Calendar.MINUTE)));
                case 'S' -> sb.append(String.format(locale, "%02d", c.get(Calendar.SECOND)));
                case 'd' -> sb.append(String.format(locale, "%02d", c.get(Calendar.DAY_OF_MONTH)));
                case 'e' -> sb.append(String.format(locale, "%2d", c.get(Calendar.DAY_OF_MONTH)));
                case 'm' -> sb.append(String.format(locale, "%02d", c.get(Calendar.MONTH) + 1));
                case 'y' -> sb.append(String.format(locale, "%02d", c.get(Calendar.YEAR) % 100));
                case 'Y' -> sb.append(c.get(Calendar.YEAR));
                case 'j' -> sb.append(String.format(locale, "%03d", c.get(Calendar.DAY_OF_YEAR)));
                case 'a' -> sb.append(String.format(locale, "%ta", c));
                case 'A' -> sb.append(String.format(locale, "%tA", c));
                case 'b', 'h' -> sb.append(String.format(locale, "%tb", c));
                case 'B' -> sb.append(String.format(locale, "%tB", c));
                case 'W' -> sb.append(String.format(locale, "%02d", mondayWeek(c)));
                case 'U' -> sb.append(String.format(locale, "%02d", sundayWeek(c)));
                case '%' -> sb.append('%');
                default -> sb.append('%').append(conv);
            }
        }
        return sb.toString();
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

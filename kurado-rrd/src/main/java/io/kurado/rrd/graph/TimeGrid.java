package io.kurado.rrd.graph;

import io.kurado.api.graph.GraphWindow;
import java.util.List;
import org.rrd4j.graph.RrdGraphConstants;
import org.rrd4j.graph.RrdGraphDef;

/**
 * The x-axis grid of a graph, as rrdtool's {@code --x-grid} sets it: minor grid, major grid and
 * label units and counts, label span (a label is centred over {@code [t, t + span]}) and label
 * format. The terms keep the original's grids; a custom range gets the finest step of a table
 * (modelled on rrdtool's, from seconds to years) whose labels lie far enough apart on the canvas
 * not to touch ({@link #minSpacing}), so that every range length, sixteen minutes as well as ten
 * years, is labelled.
 */
record TimeGrid(int minorUnit, int minorCount, int majorUnit, int majorCount, int labelUnit, int labelCount,
        int labelSpan, String format) {
    private static final int SECOND = RrdGraphConstants.SECOND;
    private static final int MINUTE = RrdGraphConstants.MINUTE;
    private static final int HOUR = RrdGraphConstants.HOUR;
    private static final int DAY = RrdGraphConstants.DAY;
    private static final int WEEK = RrdGraphConstants.WEEK;
    private static final int MONTH = RrdGraphConstants.MONTH;
    private static final int YEAR = RrdGraphConstants.YEAR;

    /** Pixels a label character takes at least: the axis font is about 6.8 pixels a character. */
    static final int CHAR_PIXELS = 7;

    /**
     * A label step of the custom table: labels (and major grid lines) every {@code count} units, a
     * minor grid line every {@code minorCount} minor units.
     *
     * @param seconds the step's length (months count 30 days, years 365)
     */
    private record Step(int unit, int count, long seconds, int minorUnit, int minorCount, Kind kind) {}

    /** What a step's labels show. */
    private enum Kind { SECONDS, TIME, DAYS, MONTHS, YEARS }

    private static final List<Step> STEPS = List.of(
            new Step(SECOND, 10, 10, SECOND, 5, Kind.SECONDS),
            new Step(SECOND, 15, 15, SECOND, 5, Kind.SECONDS),
            new Step(SECOND, 30, 30, SECOND, 10, Kind.SECONDS),
            new Step(MINUTE, 1, 60, SECOND, 15, Kind.TIME),
            new Step(MINUTE, 2, 120, SECOND, 30, Kind.TIME),
            new Step(MINUTE, 5, 300, MINUTE, 1, Kind.TIME),
            new Step(MINUTE, 10, 600, MINUTE, 2, Kind.TIME),
            new Step(MINUTE, 15, 900, MINUTE, 5, Kind.TIME),
            new Step(MINUTE, 30, 1800, MINUTE, 10, Kind.TIME),
            new Step(HOUR, 1, 3600, MINUTE, 15, Kind.TIME),
            new Step(HOUR, 2, 7200, MINUTE, 30, Kind.TIME),
            new Step(HOUR, 3, 3 * 3600, HOUR, 1, Kind.TIME),
            new Step(HOUR, 6, 6 * 3600, HOUR, 1, Kind.TIME),
            new Step(HOUR, 12, 12 * 3600, HOUR, 3, Kind.TIME),
            new Step(DAY, 1, 86400, HOUR, 6, Kind.DAYS),
            new Step(DAY, 2, 2 * 86400, HOUR, 12, Kind.DAYS),
            new Step(WEEK, 1, 7 * 86400, DAY, 1, Kind.DAYS),
            new Step(WEEK, 2, 14 * 86400, DAY, 1, Kind.DAYS),
            new Step(MONTH, 1, 30 * 86400, WEEK, 1, Kind.MONTHS),
            new Step(MONTH, 3, 90 * 86400, MONTH, 1, Kind.MONTHS),
            new Step(MONTH, 6, 180 * 86400, MONTH, 1, Kind.MONTHS),
            new Step(YEAR, 1, 365 * 86400, MONTH, 3, Kind.YEARS),
            new Step(YEAR, 2, 2 * 365 * 86400, YEAR, 1, Kind.YEARS),
            new Step(YEAR, 5, 5 * 365 * 86400, YEAR, 1, Kind.YEARS),
            new Step(YEAR, 10, 10 * 365 * 86400, YEAR, 1, Kind.YEARS));

    /**
     * @param window the graph window
     * @param width the canvas width in pixels
     * @return the grid of its term; a custom window's grid depends on its span and the width
     */
    static TimeGrid of(GraphWindow window, int width) {
        return switch (window.term()) {
            case "year" -> new TimeGrid(MONTH, 1, MONTH, 1, MONTH, 1, 2592000, "%b");
            case "month" -> new TimeGrid(WEEK, 1, WEEK, 1, WEEK, 1, 604800, "Week %W");
            case "week" -> new TimeGrid(DAY, 1, DAY, 1, DAY, 1, 86400, "%a");
            case "day" -> new TimeGrid(HOUR, 2, HOUR, 4, HOUR, 4, 0, "%H:%M");
            case "3days" -> new TimeGrid(HOUR, 6, DAY, 1, HOUR, 12, 0, "%H:%M");
            case "8hours", "4hours" -> new TimeGrid(MINUTE, 30, HOUR, 1, HOUR, 1, 0, "%H:%M");
            case "custom" -> custom(window.end().getEpochSecond() - window.start().getEpochSecond(), width);
            default -> new TimeGrid(MINUTE, 10, MINUTE, 20, MINUTE, 10, 0, "%H:%M");
        };
    }

    /**
     * @param span the range's length in seconds
     * @param width the canvas width in pixels
     * @return the finest step of the table whose labels lie at least {@link #minSpacing} apart
     */
    static TimeGrid custom(long span, int width) {
        double pixelsPerSecond = (double) Math.max(width, 1) / Math.max(span, 1);
        Step chosen = STEPS.get(STEPS.size() - 1);
        for (Step s : STEPS) {
            if (s.seconds() * pixelsPerSecond >= minSpacing(format(s.kind(), span))) {
                chosen = s;
                break;
            }
        }
        int labelSpan = switch (chosen.kind()) {
            case MONTHS -> chosen.count() == 1 ? 30 * 86400 : 0;
            case YEARS -> chosen.count() == 1 ? 365 * 86400 : 0;
            default -> 0;
        };
        return new TimeGrid(chosen.minorUnit(), chosen.minorCount(), chosen.unit(), chosen.count(), chosen.unit(),
                chosen.count(), labelSpan, format(chosen.kind(), span));
    }

    /** Label formats; times of day name the weekday too when the range is longer than a day. */
    private static String format(Kind kind, long span) {
        return switch (kind) {
            case SECONDS -> "%H:%M:%S";
            case TIME -> span > 86400 ? "%a %H:%M" : "%H:%M";
            case DAYS -> "%m/%d";
            case MONTHS -> span > 365L * 86400 ? "%b %Y" : "%b";
            case YEARS -> "%Y";
        };
    }

    /**
     * @param format a label format
     * @return the fewest pixels between two labels of it: half a label more than its width and
     *     two characters, and at least 60
     */
    static double minSpacing(String format) {
        double w = CHAR_PIXELS * labelLength(format);
        return Math.max(60, 1.5 * w + 2 * CHAR_PIXELS);
    }

    /** @return how many characters a label of a format has */
    static int labelLength(String format) {
        int n = 0;
        for (int i = 0; i < format.length(); i++) {
            if (format.charAt(i) == '%' && i + 1 < format.length()) {
                char c = format.charAt(++i);
                n += switch (c) {
                    case 'a', 'b', 'h' -> 3;
                    case 'Y' -> 4;
                    case 'j' -> 3;
                    default -> 2;
                };
            } else {
                n++;
            }
        }
        return n;
    }

    /** @param def the graph to set the grid of */
    void apply(RrdGraphDef def) {
        def.setTimeAxis(minorUnit, minorCount, majorUnit, majorCount, labelUnit, labelCount, labelSpan,
                new StrftimeLabelFormat(format));
    }
}

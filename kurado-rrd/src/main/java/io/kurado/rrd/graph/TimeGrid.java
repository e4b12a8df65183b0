package io.kurado.rrd.graph;

import io.kurado.api.graph.GraphWindow;
import org.rrd4j.graph.RrdGraphConstants;
import org.rrd4j.graph.RrdGraphDef;

/**
 * The x-axis grid of a term, as the original sets rrdtool's {@code --x-grid}: minor grid, major
 * grid and label units and counts, label precision and label format.
 */
record TimeGrid(int minorUnit, int minorCount, int majorUnit, int majorCount, int labelUnit, int labelCount,
        int labelSpan, String format) {
    private static final int MINUTE = RrdGraphConstants.MINUTE;
    private static final int HOUR = RrdGraphConstants.HOUR;
    private static final int DAY = RrdGraphConstants.DAY;
    private static final int WEEK = RrdGraphConstants.WEEK;
    private static final int MONTH = RrdGraphConstants.MONTH;

    /**
     * @param window the graph window
     * @return the grid of its term; a custom window's grid depends on its span
     */
    static TimeGrid of(GraphWindow window) {
        return switch (window.term()) {
            case "year" -> new TimeGrid(MONTH, 1, MONTH, 1, MONTH, 1, 2592000, "%b");
            case "month" -> new TimeGrid(WEEK, 1, WEEK, 1, WEEK, 1, 604800, "Week %W");
            case "week" -> new TimeGrid(DAY, 1, DAY, 1, DAY, 1, 86400, "%a");
            case "day" -> new TimeGrid(HOUR, 2, HOUR, 4, HOUR, 4, 0, "%H:%M");
            case "3days" -> new TimeGrid(HOUR, 6, DAY, 1, HOUR, 12, 0, "%H:%M");
            case "8hours", "4hours" -> new TimeGrid(MINUTE, 30, HOUR, 1, HOUR, 1, 0, "%H:%M");
            case "custom" -> custom(window.end().getEpochSecond() - window.start().getEpochSecond());
            default -> new TimeGrid(MINUTE, 10, MINUTE, 20, MINUTE, 10, 0, "%H:%M");
        };
    }

    private static TimeGrid custom(long span) {
        if (span < 3 * 3600) {
            return new TimeGrid(MINUTE, 10, MINUTE, 30, MINUTE, 30, 0, "%H:%M");
        } else if (span < 4 * 86400) {
            return new TimeGrid(HOUR, 1, DAY, 1, HOUR, 2, 0, "%H:%M");
        } else if (span < 14 * 86400) {
            return new TimeGrid(DAY, 1, DAY, 7, DAY, 2, 0, "%m/%d");
        } else if (span < 45 * 86400) {
            return new TimeGrid(DAY, 1, WEEK, 1, WEEK, 1, 0, "%m/%d");
        }
        return new TimeGrid(WEEK, 1, MONTH, 1, MONTH, 1, 2592000, "%b");
    }

    /** @param def the graph to set the grid of */
    void apply(RrdGraphDef def) {
        def.setTimeAxis(minorUnit, minorCount, majorUnit, majorCount, labelUnit, labelCount, labelSpan,
                new StrftimeLabelFormat(format));
    }
}

package io.kurado.api.graph;

import java.util.List;
import java.util.Objects;

/**
 * The values a graph plots: one column per plotted series, one row per time step.
 *
 * @param columns the series names (legend or variable name), in plotting order
 * @param rows the rows in time order
 * @since 0.1
 */
public record GraphData(List<String> columns, List<Row> rows) {
    /** Copies the lists and checks that every row has a value per column. */
    public GraphData {
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        for (Row r : rows) {
            if (r.values().size() != columns.size()) {
                throw new IllegalArgumentException("row at " + r.time() + " has " + r.values().size()
                        + " values for " + columns.size() + " columns");
            }
        }
    }

    /**
     * One time step.
     *
     * @param time epoch second
     * @param values one value per column; NaN where unknown
     */
    public record Row(long time, List<Double> values) {
        /** Copies the values. */
        public Row {
            Objects.requireNonNull(values, "values");
            values = List.copyOf(values);
        }
    }
}

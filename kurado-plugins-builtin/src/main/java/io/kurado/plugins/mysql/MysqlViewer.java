package io.kurado.plugins.mysql;

import io.kurado.api.view.GraphGroup;
import io.kurado.api.view.MetaItem;
import io.kurado.api.view.MetricsViewer;
import io.kurado.api.view.ViewContext;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.GraphText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Shows the {@code mysql} plugin in up to three groups: {@code MySQL[(port)]} (queries, slow
 * queries, selects, sorts, temporary objects, threads), {@code MySQL replication[(port)]} on a
 * replica, and {@code MySQL InnoDB[(port)]} when the server runs InnoDB. Each group's badges are
 * its meta values ({@code innodb_*} and {@code replication_*} without their prefix). The row
 * operation and mutex graphs are left out for servers that do not report those counters (MariaDB
 * 10.5 and later), as the fetcher records in {@code has-innodb-rows} and {@code has-innodb-mutex}.
 *
 * @since 0.1
 */
public final class MysqlViewer implements MetricsViewer {
    static final List<String> MAIN = List.of("rate", "count", "slow", "select-type", "sort", "tmp-obj", "thread");
    static final List<String> REPLICATION = List.of("replication-second", "replication-position");
    static final List<String> INNODB = List.of(
            "row-ops-rate", "row-pos-speed", "cache-rate", "bp-usage", "dirty-rate", "page-io", "innodb-io", "innodb-mutex");
    private static final String BIG = "%7.1lf";
    private static final String PERCENT = "%5.1lf[%%]";
    private static final long MAX_RATE = 1_000_000_000;

    @Override
    public String id() {
        return "mysql";
    }

    @Override
    public List<GraphGroup> list(ViewContext context) {
        Map<String, String> meta = new HashMap<>(context.meta());
        boolean replication = "1".equals(meta.remove("replication"));
        boolean innodb = "1".equals(meta.remove("innodb"));
        boolean rows = !"0".equals(meta.remove(MysqlFetcher.HAS_ROWS));
        boolean mutex = !"0".equals(meta.remove(MysqlFetcher.HAS_MUTEX));
        List<MetaItem> main = new ArrayList<>();
        List<MetaItem> rep = new ArrayList<>();
        List<MetaItem> inno = new ArrayList<>();
        for (MetaItem m : Badges.of(meta)) {
            if (m.key().startsWith("innodb_")) {
                inno.add(MetaItem.of(m.key().substring(7), m.value()));
            } else if (m.key().startsWith("replication_")) {
                rep.add(MetaItem.of(m.key().substring(12), m.value()));
            } else {
                main.add(m);
            }
        }
        String port = context.argument(0).map(p -> "(" + p + ")").orElse("");
        List<GraphGroup> groups = new ArrayList<>();
        groups.add(new GraphGroup("MySQL" + port, main, MAIN));
        if (replication) {
            groups.add(new GraphGroup("MySQL replication" + port, rep, REPLICATION));
        }
        if (innodb) {
            List<String> graphs = INNODB.stream()
                    .filter(g -> rows || !g.startsWith("row-"))
                    .filter(g -> mutex || !g.equals("innodb-mutex"))
                    .toList();
            groups.add(new GraphGroup("MySQL InnoDB" + port, inno, graphs));
        }
        return List.copyOf(groups);
    }

    @Override
    public Optional<String> graph(ViewContext context, String name) {
        switch (name) {
            case "rate":
                return Optional.of(shares("Queries Rate", QUERIES));
            case "count":
                return Optional.of(rates("Queries Count", QUERIES, "AREA", "STACK", BIG));
            case "slow":
                return Optional.of(rates("Slow Queries", new String[][] {{"slow_queries", "#00c000", "Slow Queries"}}, "AREA", "STACK", "%7.3lf"));
            case "select-type":
                return Optional.of(rates("Select Types", SELECTS, "AREA", "STACK", BIG));
            case "sort":
                return Optional.of(rates("Sorts", SORTS, "AREA", "LINE1", BIG));
            case "tmp-obj":
                return Optional.of(rates("Temporary Objects", TEMPORARY, "AREA", "LINE1", "%6.2lf"));
            case "thread":
                return Optional.of(threads());
            case "replication-second":
                return Optional.of(new GraphText("Seconds Behind Master")
                        .def("behind", "replication_second_behind_master.gauge")
                        .series("LINE1", "behind", "#c03300", "Seconds", "%6.1lf")
                        .toString());
            case "replication-position":
                return Optional.of(new GraphText("Position Behind Master")
                        .def("read", "replication_read_master_log_pos.gauge")
                        .def("exec", "replication_exec_master_log_pos.gauge")
                        .cdef("behind", "read,exec,-,0," + MAX_RATE + ",LIMIT")
                        .series("AREA", "behind", "#c00066", "Position", "%6.1lf")
                        .toString());
            case "row-ops-rate":
                return Optional.of(shares("ROW OPERATIONS Rate", ROWS));
            case "row-pos-speed":
                return Optional.of(rates("ROW OPERATIONS Speed", ROW_LINES, "LINE1", "LINE1", "%6.1lf"));
            case "cache-rate":
                return Optional.of(new GraphText("Buffer pool hit rate")
                        .def("hit", "innodb_buffer_pool_hit_rate.gauge")
                        .series("AREA", "hit", "#990000", "Hit Rate", PERCENT)
                        .line("LINE:100")
                        .toString());
            case "bp-usage":
                return Optional.of(new GraphText("Buffer pool usage")
                        .def("total", "innodb_buffer_pool_pages_total.gauge")
                        .def("free", "innodb_buffer_pool_pages_free.gauge")
                        .cdef("used", "total,free,-")
                        .draw("AREA", "total", "#3d1400", "Pool Size").cur("total", "%5.1lf%S")
                        .series("AREA", "used", "#edaa40", "Used Pages", "%5.1lf%S")
                        .toString());
            case "dirty-rate":
                return Optional.of(new GraphText("Dirty pages rate")
                        .def("data", "innodb_buffer_pool_pages_data.gauge")
                        .def("dirty", "innodb_buffer_pool_pages_dirty.gauge")
                        .cdef("rate", "dirty,data,/,100,*")
                        .series("AREA", "rate", "#13333b", "Dirty page rate", PERCENT)
                        .line("LINE:100")
                        .toString());
            case "page-io":
                return Optional.of(rates("Buffer Pool Activity", PAGES, "LINE1", "LINE1", "%6.1lf"));
            case "innodb-io":
                return Optional.of(innodbIo());
            case "innodb-mutex":
                return Optional.of(new GraphText("InnoDB Mutex")
                        .def("spins", "innodb_spin_waits.derive")
                        .def("os", "innodb_os_waits.derive")
                        .series("LINE1", "spins", "#edaa40", "spin_waits", "%6.1lf")
                        .series("LINE1", "os", "#f51e2f", "os_waits", "%6.1lf")
                        .toString());
            default:
                return Optional.empty();
        }
    }

    private static final String[][] QUERIES = {
        {"com_select", "#c0c0c0", "Select"}, {"com_insert", "#000080", "Insert"}, {"com_replace", "#008080", "Replace"},
        {"com_update", "#800080", "Update"}, {"com_delete", "#C0C000", "Delete"},
    };
    private static final String[][] SELECTS = {
        {"select_full_join", "#3d1400", "Full Join"}, {"select_full_range_join", "#aa3a26", "Full Range Join"},
        {"select_range", "#edaa40", "Range"}, {"select_range_check", "#13333b", "Range Check"}, {"select_scan", "#686240", "Scan"},
    };
    private static final String[][] SORTS = {
        {"sort_rows", "#ffab02", "Sort Rows"}, {"sort_range", "#157418", "Sort Ranges"},
        {"sort_merge_passes", "#da4625", "Sort Merge Pass"}, {"sort_scan", "#4345ff", "Sort Scan"},
    };
    private static final String[][] TEMPORARY = {
        {"created_tmp_tables", "#ffab02", "Created Tmp Tables"}, {"created_tmp_disk_tables", "#f51e2f", "Created Tmp Disk Tables"},
        {"created_tmp_files", "#157418", "Created Tmp Files"},
    };
    private static final String[][] ROWS = {
        {"innodb_rows_inserted", "#c0c0c0", "Insert"}, {"innodb_rows_updated", "#000080", "Update"},
        {"innodb_rows_deleted", "#008080", "Delete"}, {"innodb_rows_read", "#800080", "Read"},
    };
    private static final String[][] ROW_LINES = {
        {"innodb_rows_inserted", "#CC0000", "Insert"}, {"innodb_rows_updated", "#000080", "Update"},
        {"innodb_rows_deleted", "#008080", "Delete"}, {"innodb_rows_read", "#800080", "Read"},
    };
    private static final String[][] PAGES = {
        {"innodb_pages_created", "#d6883a", "Pages Create"}, {"innodb_pages_read", "#e6d882", "Pages Read"},
        {"innodb_pages_written", "#55ad84", "Pages Write"},
    };

    /** Each counter's share of their sum, stacked, in per cent. */
    private static String shares(String label, String[][] series) {
        GraphText g = new GraphText(label);
        StringBuilder total = new StringBuilder();
        for (String[] s : series) {
            g.def(s[0], s[0] + ".derive");
            total.append(total.length() == 0 ? s[0] : "," + s[0] + ",+");
        }
        g.cdef("total", total.toString());
        for (String[] s : series) {
            g.cdef(s[0] + "_share", s[0] + ",total,/,100,*");
        }
        for (int i = 0; i < series.length; i++) {
            g.series(i == 0 ? "AREA" : "STACK", series[i][0] + "_share", series[i][1], series[i][2], PERCENT);
        }
        return g.toString();
    }

    /** Counters per second, clamped; the first drawn as {@code first}, the others as {@code rest}. */
    private static String rates(String label, String[][] series, String first, String rest, String format) {
        GraphText g = new GraphText(label);
        for (String[] s : series) {
            g.def(s[0] + "_raw", s[0] + ".derive");
        }
        for (String[] s : series) {
            g.limit(s[0], s[0] + "_raw", 0, MAX_RATE);
        }
        for (int i = 0; i < series.length; i++) {
            g.series(i == 0 ? first : rest, series[i][0], series[i][1], series[i][2], format);
        }
        return g.toString();
    }

    private static String threads() {
        return new GraphText("Threads/connections")
                .def("cached", "threads_cached.gauge")
                .def("connected", "threads_connected.gauge")
                .def("running", "threads_running.gauge")
                .def("created_raw", "threads_created.derive")
                .def("connections_raw", "connections.derive")
                .limit("created", "created_raw", 0, MAX_RATE)
                .limit("connections", "connections_raw", 0, MAX_RATE)
                .series("LINE1", "cached", "#CC0000", "Cached", "%6.1lf")
                .series("LINE1", "connected", "#000080", "Connected", "%6.1lf")
                .series("LINE1", "running", "#008080", "Running", "%6.1lf")
                .series("LINE1", "created", "#00c000", "Threads created/s", "%6.2lf")
                .series("LINE1", "connections", "#ffab02", "Connections/s", "%6.2lf")
                .toString();
    }

    private static String innodbIo() {
        GraphText g = new GraphText("InnoDB I/O");
        String[][] io = {
            {"innodb_data_reads", "file_reads", "#402204", "File Reads"}, {"innodb_data_writes", "file_writes", "#B3092B", "File Writes"},
            {"innodb_log_writes", "log_writes", "#FFBF00", "Log Writes"}, {"innodb_data_fsyncs", "file_fsyncs", "#0ABFCC", "File Fsyncs"},
        };
        for (String[] s : io) {
            g.def(s[1] + "_raw", s[0] + ".derive");
        }
        for (String[] s : io) {
            g.limit(s[1], s[1] + "_raw", 0, 100_000);
        }
        for (int i = 0; i < io.length; i++) {
            g.series(i == 0 ? "AREA" : "STACK", io[i][1], io[i][2], io[i][3], " %5.1lf");
        }
        return g.toString();
    }
}

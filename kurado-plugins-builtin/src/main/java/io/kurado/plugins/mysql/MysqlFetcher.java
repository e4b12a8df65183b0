package io.kurado.plugins.mysql;

import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Badges;
import io.kurado.plugins.support.MetricsConfig;
import io.kurado.plugins.support.Net;
import io.kurado.plugins.support.Numbers;
import io.kurado.plugins.support.Samples;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;

/**
 * Fetches MySQL's and MariaDB's server status through JDBC (MariaDB Connector/J): {@code SHOW
 * GLOBAL STATUS}, {@code SHOW VARIABLES}, {@code SHOW ENGINE INNODB STATUS} and the replica status.
 * Roll entry {@code mysql[:port]}; the port defaults to {@code metrics_config: {MySQL: {port}}},
 * then 3306. The account is {@code metrics_config: {MySQL: {user, password}}} (default root, no
 * password); the section's name is matched without regard to case ({@code MYSQL} works too).
 *
 * <p>Counters (queries by kind, temporary objects, selects and sorts by kind, slow queries,
 * connections, threads created, and with InnoDB its row, page, I/O and spin counters) are
 * {@code .derive}; thread counts, the buffer pool's hit rate and sizes (in bytes) and, on a
 * replica, the seconds and log positions behind the source are {@code .gauge}. A figure the server
 * does not report, or reports as NULL, gives no sample. The replica's last error becomes a warning
 * {@code replication}. Meta: uptime, version and the settings that matter to performance, with
 * {@code innodb} and {@code replication} telling which groups the viewer shows.
 *
 * @since 0.1
 */
public final class MysqlFetcher implements MetricsFetcher {
    static final int DEFAULT_PORT = 3306;
    /** Meta: {@code 0} when the server reports no InnoDB row operations. */
    static final String HAS_ROWS = "has-innodb-rows";
    /** Meta: {@code 0} when the server reports no InnoDB spin and OS waits. */
    static final String HAS_MUTEX = "has-innodb-mutex";

    static final List<String> COUNTERS = List.of(
            "created_tmp_tables", "created_tmp_disk_tables", "created_tmp_files", "com_delete", "com_insert", "com_replace",
            "com_select", "com_update", "slow_queries", "connections", "threads_created", "select_full_join",
            "select_full_range_join", "select_range", "select_range_check", "select_scan", "sort_merge_passes", "sort_range",
            "sort_rows", "sort_scan", "innodb_rows_read", "innodb_rows_deleted", "innodb_rows_updated", "innodb_rows_inserted",
            "innodb_pages_read", "innodb_pages_created", "innodb_pages_written", "innodb_data_reads", "innodb_data_writes",
            "innodb_data_fsyncs", "innodb_log_writes", "innodb_spin_waits", "innodb_spin_rounds", "innodb_os_waits");
    static final List<String> GAUGES = List.of(
            "threads_cached", "threads_connected", "threads_running", "innodb_buffer_pool_hit_rate",
            "innodb_buffer_pool_pages_total", "innodb_buffer_pool_pages_free", "innodb_buffer_pool_pages_data",
            "innodb_buffer_pool_pages_dirty", "replication_second_behind_master", "replication_read_master_log_pos",
            "replication_exec_master_log_pos");
    private static final List<String> META_VARIABLES = List.of(
            "version", "version_comment", "slow_query_log", "log_slow_queries", "long_query_time",
            "log_queries_not_using_indexes", "max_connections", "max_connect_errors", "thread_cache_size", "sync_binlog",
            "sync_master_info", "sync_relay_log", "sync_relay_log_info", "innodb", "innodb_version", "innodb_buffer_pool_size",
            "innodb_flush_method", "innodb_support_xa", "innodb_flush_log_at_trx_commit", "innodb_doublewrite",
            "innodb_file_per_table", "innodb_file_format", "innodb_io_capacity", "innodb_io_capacity_max", "innodb_page_size",
            "innodb_adaptive_hash_index", "replication", "replication_slave_io_running", "replication_slave_sql_running",
            "replication_master_host", "replication_master_port");
    private static final String[][] REPLICA_META = {
        {"replication_slave_io_running", "Slave_IO_Running", "Replica_IO_Running"},
        {"replication_slave_sql_running", "Slave_SQL_Running", "Replica_SQL_Running"},
        {"replication_master_host", "Master_Host", "Source_Host"},
        {"replication_master_port", "Master_Port", "Source_Port"},
    };

    @Override
    public String id() {
        return "mysql";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        MetricsConfig cfg = MetricsConfig.section(context.metricsConfig(), "MySQL");
        int port = Args.port(context.argument(0).or(() -> cfg.text("port")), DEFAULT_PORT);
        String where = Net.where(context.host().address(), port);
        Map<String, String> status = new HashMap<>();
        Map<String, String> variables = new HashMap<>();
        Optional<Map<String, String>> replica;
        Optional<String> engineStatus;
        try (Connection c = connect(context, port, cfg.text("user").orElse("root"), cfg.text("password").orElse(""))) {
            nameValue(c, context, "SHOW /*!50002 GLOBAL */ STATUS", status);
            nameValue(c, context, "SHOW VARIABLES", variables);
            engineStatus = engineStatus(c, context);
            replica = replicaStatus(c, context);
        } catch (SQLException e) {
            throw describe(e, where, cfg.text("user").orElse("root"));
        }

        FetchResult.Builder r = context.result();
        figures(r, status, variables, engineStatus, replica);
        return r.build();
    }

    /**
     * Turns what the server answered into samples, meta values and warnings.
     *
     * @param r the result being built
     * @param status {@code SHOW GLOBAL STATUS}, names in lower case
     * @param variables {@code SHOW VARIABLES}, names in lower case
     * @param engineStatus the text of {@code SHOW ENGINE INNODB STATUS}, if any
     * @param replica the replica status row, columns in lower case, on a replica
     */
    static void figures(FetchResult.Builder r, Map<String, String> status, Map<String, String> variables,
            Optional<String> engineStatus, Optional<Map<String, String>> replica) {
        variables.put("replication", "0");
        Optional<String> lastError = Optional.empty();
        if (replica.isPresent()) {
            Map<String, String> rep = replica.get();
            variables.put("replication", "1");
            for (String[] m : REPLICA_META) {
                column(rep, m[1], m[2]).ifPresent(v -> variables.put(m[0], v));
            }
            lastError = column(rep, "Last_Error", "Last_Error").filter(s -> !s.isEmpty());
            column(rep, "Seconds_Behind_Master", "Seconds_Behind_Source").ifPresent(v -> status.put("replication_second_behind_master", v));
            column(rep, "Read_Master_Log_Pos", "Read_Source_Log_Pos").ifPresent(v -> status.put("replication_read_master_log_pos", v));
            column(rep, "Exec_Master_Log_Pos", "Exec_Source_Log_Pos").ifPresent(v -> status.put("replication_exec_master_log_pos", v));
        }

        variables.put("innodb", "0");
        if (variables.getOrDefault("innodb_flush_method", "").isEmpty()) {
            variables.put("innodb_flush_method", "fdatasync");
        }
        if (status.containsKey("innodb_page_size")) {
            variables.put("innodb", "1");
            bufferPool(status);
        } else if (engineStatus.isPresent()) {
            variables.put("innodb", "1");
            InnodbStatusText.readMysql4(engineStatus.get(), status, variables);
        }
        engineStatus.ifPresent(t -> InnodbStatusText.readSpins(t, status));
        Numbers.parse(variables.get("innodb_buffer_pool_size")).ifPresent(b -> variables.put("innodb_buffer_pool_size", Badges.megabytes(b)));

        r.meta("uptime", Numbers.parse(status.get("uptime")).isPresent() ? status.get("uptime") : "0");
        boolean innodb = variables.get("innodb").equals("1");
        boolean replication = variables.get("replication").equals("1");
        for (String k : META_VARIABLES) {
            if (k.equals("log_slow_queries") && variables.containsKey("slow_query_log")) {
                continue;
            }
            String v = variables.get(k);
            if (v != null) {
                r.meta(k, v);
            }
        }
        for (String k : COUNTERS) {
            if (k.startsWith("innodb_") && !innodb) {
                continue;
            }
            Samples.add(r, k, DataSourceType.DERIVE, Numbers.parse(status.get(k)));
        }
        for (String k : GAUGES) {
            if (k.startsWith("innodb_") && !innodb || k.startsWith("replication_") && !replication) {
                continue;
            }
            Samples.add(r, k, DataSourceType.GAUGE, Numbers.parse(status.get(k)));
        }
        if (innodb) {
            // MariaDB 10.5 and later report neither row operations nor spin counters: the viewer hides their graphs.
            r.meta(HAS_ROWS, status.containsKey("innodb_rows_read") ? "1" : "0");
            r.meta(HAS_MUTEX, status.containsKey("innodb_spin_waits") ? "1" : "0");
        }
        lastError.ifPresent(e -> r.warn("replication", e.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")));
    }

    /** Hit rate from reads and read requests; page counts times the page size, in bytes. */
    private static void bufferPool(Map<String, String> status) {
        OptionalDouble reads = Numbers.parse(status.get("innodb_buffer_pool_reads"));
        OptionalDouble requests = Numbers.parse(status.get("innodb_buffer_pool_read_requests"));
        if (reads.isPresent() && requests.isPresent() && requests.getAsDouble() > 0) {
            status.put("innodb_buffer_pool_hit_rate",
                    String.format(Locale.ROOT, "%.5f", (1.0 - reads.getAsDouble() / requests.getAsDouble()) * 100));
        }
        double page = Numbers.parse(status.get("innodb_page_size")).orElse(16384);
        for (String k : List.of("total", "free", "dirty", "data")) {
            String key = "innodb_buffer_pool_pages_" + k;
            OptionalDouble pages = Numbers.parse(status.get(key));
            if (pages.isPresent()) {
                status.put(key, Long.toString((long) (pages.getAsDouble() * page)));
            } else {
                status.remove(key);
            }
        }
    }

    private static Connection connect(FetchContext context, int port, String user, String password) throws SQLException, IOException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Integer.toString(Net.connectMillis(context)));
        p.setProperty("socketTimeout", Integer.toString(Net.millisLeft(context)));
        String host = context.host().address();
        String url = "jdbc:mariadb://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port + "/";
        Connection c = new org.mariadb.jdbc.Driver().connect(url, p);
        if (c == null) {
            throw new SQLException("the MariaDB driver does not accept " + url);
        }
        return c;
    }

    private static void bound(Connection c, FetchContext context) throws SQLException, IOException {
        c.setNetworkTimeout(Runnable::run, Net.millisLeft(context));
    }

    private static void nameValue(Connection c, FetchContext context, String sql, Map<String, String> into) throws SQLException, IOException {
        bound(c, context);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                String value = rs.getString(2);
                if (value != null) {
                    into.put(rs.getString(1).toLowerCase(Locale.ROOT), value);
                }
            }
        }
    }

    private static Optional<String> engineStatus(Connection c, FetchContext context) throws IOException, SQLException {
        bound(c, context);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW /*!50000 ENGINE*/ INNODB STATUS")) {
            if (rs.next()) {
                String text = rs.getString(rs.getMetaData().getColumnCount());
                return Optional.ofNullable(text).filter(t -> !t.isEmpty());
            }
            return Optional.empty();
        } catch (SQLException e) {
            // No InnoDB, or no PROCESS privilege: the engine status is optional.
            if (e instanceof java.sql.SQLNonTransientConnectionException || e instanceof java.sql.SQLTimeoutException) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** The first row of the replica status, columns by name; empty on a server that replicates nothing. */
    private static Optional<Map<String, String>> replicaStatus(Connection c, FetchContext context) throws SQLException, IOException {
        for (String sql : List.of("SHOW SLAVE STATUS", "SHOW REPLICA STATUS")) {
            bound(c, context);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Map<String, String> row = new LinkedHashMap<>();
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    String v = rs.getString(i);
                    if (v != null) {
                        row.put(md.getColumnLabel(i).toLowerCase(Locale.ROOT), v);
                    }
                }
                return Optional.of(row);
            } catch (SQLException e) {
                if (e instanceof java.sql.SQLNonTransientConnectionException || e instanceof java.sql.SQLTimeoutException) {
                    throw e;
                }
                // Without the privilege (or the statement) there is no replica status to show.
            }
        }
        return Optional.empty();
    }

    private static Optional<String> column(Map<String, String> row, String name, String newName) {
        String v = row.get(name.toLowerCase(Locale.ROOT));
        if (v == null) {
            v = row.get(newName.toLowerCase(Locale.ROOT));
        }
        return Optional.ofNullable(v);
    }

    private static IOException describe(SQLException e, String where, String user) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return new IOException("connection refused at " + where, e);
            }
            if (t instanceof SocketTimeoutException || t instanceof java.sql.SQLTimeoutException) {
                return new IOException("no answer in time at " + where, e);
            }
            if (t instanceof UnknownHostException) {
                return new IOException("unknown host at " + where, e);
            }
        }
        if ("28000".equals(e.getSQLState()) || e.getErrorCode() == 1045) {
            return new IOException("access denied for user '" + user + "' at " + where
                    + " (set metrics_config: {MySQL: {user: …, password: …}})", e);
        }
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return new IOException((nl > 0 ? m.substring(0, nl) : m).strip() + " at " + where, e);
    }
}

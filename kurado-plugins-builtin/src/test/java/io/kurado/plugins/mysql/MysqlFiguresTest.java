package io.kurado.plugins.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.PluginRef;
import io.kurado.api.fetch.FetchResult;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.Recorded;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MysqlFiguresTest {
    private static FetchResult figures(Map<String, String> status, Map<String, String> variables, Optional<String> engine,
            Optional<Map<String, String>> replica) {
        FetchResult.Builder r = FetchResult.builder("10.0.0.5", PluginRef.of("mysql"), 1404878100);
        MysqlFetcher.figures(r, new HashMap<>(status), new HashMap<>(variables), engine, replica);
        return r.build();
    }

    @Test
    void aReplicaReportsItsLagPositionsAndLastErrorAsAWarning() {
        Map<String, String> replica = new LinkedHashMap<>();
        replica.put("slave_io_running", "Yes");
        replica.put("slave_sql_running", "No");
        replica.put("master_host", "10.0.0.4");
        replica.put("master_port", "3306");
        replica.put("read_master_log_pos", "120443");
        replica.put("exec_master_log_pos", "120001");
        replica.put("last_error", "Error 'Duplicate entry '1' for key 'PRIMARY'' on query.\nDefault database: 'app'");
        FetchResult r = figures(Map.of("uptime", "3600", "com_select", "12"), Map.of("version", "5.7.44-log"), Optional.empty(),
                Optional.of(replica));

        assertThat(r.meta()).containsEntry("replication", "1").containsEntry("replication_slave_sql_running", "No")
                .containsEntry("replication_master_host", "10.0.0.4").containsEntry("innodb", "0");
        assertThat(r.value("replication_read_master_log_pos.gauge")).isEqualTo(120443);
        assertThat(r.samples()).as("a NULL Seconds_Behind_Master gives no sample")
                .noneMatch(s -> s.key().toString().equals("replication_second_behind_master.gauge"));
        assertThat(r.warnings()).containsEntry("replication",
                "Error 'Duplicate entry '1' for key 'PRIMARY'' on query.\\nDefault database: 'app'");
    }

    @Test
    void theNewReplicaColumnNamesOfMysql8AreReadToo() {
        FetchResult r = figures(Map.of(), Map.of(), Optional.empty(), Optional.of(Map.of("replica_io_running", "Yes", "source_host", "db1",
                "seconds_behind_source", "7", "read_source_log_pos", "10", "exec_source_log_pos", "9")));

        assertThat(r.meta()).containsEntry("replication_slave_io_running", "Yes").containsEntry("replication_master_host", "db1");
        assertThat(r.value("replication_second_behind_master.gauge")).isEqualTo(7);
    }

    @Test
    void innodbOfMysql5IsReadFromStatusAndItsSpinsFromTheEngineText() {
        Map<String, String> status = new HashMap<>(Map.of(
                "innodb_page_size", "16384", "innodb_buffer_pool_reads", "1000", "innodb_buffer_pool_read_requests", "100000",
                "innodb_buffer_pool_pages_total", "262112", "innodb_buffer_pool_pages_free", "8192",
                "innodb_buffer_pool_pages_data", "249820", "innodb_buffer_pool_pages_dirty", "1203", "innodb_rows_read", "88"));
        FetchResult r = figures(status, Map.of("innodb_buffer_pool_size", "4294967296", "innodb_flush_method", ""),
                Optional.of(Recorded.text("mysql/innodb-status-5.7.txt")), Optional.empty());

        assertThat(r.meta()).containsEntry("innodb", "1").containsEntry("innodb_buffer_pool_size", "4,096MB")
                .containsEntry("innodb_flush_method", "fdatasync").containsEntry("uptime", "0");
        assertThat(r.value("innodb_buffer_pool_hit_rate.gauge")).isEqualTo(99.0);
        assertThat(r.value("innodb_buffer_pool_pages_total.gauge")).isEqualTo(262112.0 * 16384);
        assertThat(r.value("innodb_spin_waits.derive")).isEqualTo(8721);
        assertThat(r.value("innodb_spin_rounds.derive")).isEqualTo(41223 + 2810442 + 190433);
        assertThat(r.value("innodb_os_waits.derive")).isEqualTo(20017 + 52210 + 4120);
        assertThat(r.samples()).as("counters the server did not report give no sample")
                .noneMatch(s -> s.key().toString().equals("innodb_pages_read.derive"));
        assertThat(r.meta()).containsEntry("has-innodb-rows", "1").containsEntry("has-innodb-mutex", "1");
    }

    @Test
    void aMariadbWithoutRowAndSpinCountersShowsNeitherGraph() {
        FetchResult r = figures(Map.of("innodb_page_size", "16384", "innodb_pages_read", "170"), Map.of(),
                Optional.of("----------\nSEMAPHORES\n----------\n"), Optional.empty());
        var view = PluginTestKit.viewer("mysql").meta(r.meta()).run();

        assertThat(r.meta()).containsEntry("has-innodb-rows", "0").containsEntry("has-innodb-mutex", "0");
        assertThat(view.group("MySQL InnoDB").graphs()).containsExactly("cache-rate", "bp-usage", "dirty-rate", "page-io", "innodb-io");
        assertThat(view.group("MySQL").meta()).extracting(m -> m.key()).doesNotContain("has-innodb-rows", "has-innodb-mutex");
    }

    @Test
    void innodbOfMysql4IsReadFromTheEngineText() {
        FetchResult r = figures(Map.of("uptime", "86400"), Map.of("log_slow_queries", "ON"),
                Optional.of(Recorded.text("mysql/innodb-status-4.1.txt")), Optional.empty());

        assertThat(r.meta()).containsEntry("innodb", "1").containsEntry("innodb_buffer_pool_size", "512MB")
                .containsEntry("log_slow_queries", "ON").containsEntry("replication", "0");
        assertThat(r.value("innodb_buffer_pool_hit_rate.gauge")).isEqualTo(99.8);
        assertThat(r.value("innodb_rows_inserted.derive")).isEqualTo(120442);
        assertThat(r.value("innodb_data_fsyncs.derive")).isEqualTo(190221);
        assertThat(r.value("innodb_log_writes.derive")).isEqualTo(190443);
        assertThat(r.value("innodb_pages_created.derive")).isEqualTo(4102);
        assertThat(r.value("innodb_buffer_pool_pages_dirty.gauge")).isEqualTo(84.0 * 16384);
        assertThat(r.value("innodb_spin_waits.derive")).isEqualTo(31220 + 812 + 120);
        assertThat(r.value("innodb_os_waits.derive")).isEqualTo(2210 + 402 + 33);
    }

    @Test
    void theSlowQueryLogSettingHidesItsLegacyName() {
        FetchResult r = figures(Map.of(), Map.of("slow_query_log", "OFF", "log_slow_queries", "OFF"), Optional.empty(), Optional.empty());

        assertThat(r.meta()).containsEntry("slow_query_log", "OFF").doesNotContainKey("log_slow_queries");
    }

    @Test
    void theViewShowsReplicationAndInnodbGroupsOnlyWhenTheServerHasThem() {
        var plain = PluginTestKit.viewer("mysql").meta(Map.of("innodb", "0", "replication", "0", "version", "5.7.44")).run();
        var full = PluginTestKit.viewer("mysql").arguments("3307")
                .meta(Map.of("innodb", "1", "replication", "1", "version", "5.7.44", "innodb_version", "5.7.44",
                        "replication_master_host", "db1", "uptime", "90000"))
                .run();

        assertThat(plain.groups()).extracting(g -> g.title()).containsExactly("MySQL");
        assertThat(full.groups()).extracting(g -> g.title()).containsExactly("MySQL(3307)", "MySQL replication(3307)", "MySQL InnoDB(3307)");
        assertThat(full.group("MySQL(3307)").meta()).extracting(m -> m.key() + "=" + m.value())
                .containsExactly("version=5.7.44", "uptime=up 1 days,  1:00");
        assertThat(full.group("MySQL InnoDB(3307)").meta()).extracting(m -> m.key() + "=" + m.value()).containsExactly("version=5.7.44");
        assertThat(full.group("MySQL replication(3307)").meta()).extracting(m -> m.key()).containsExactly("master_host");
    }
}

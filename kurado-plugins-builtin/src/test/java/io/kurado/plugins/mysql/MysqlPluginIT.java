package io.kurado.plugins.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import io.kurado.plugins.support.LocalServer;
import io.kurado.plugins.support.MariaDb;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MysqlPluginIT {
    @BeforeAll
    static void mariadb() {
        MariaDb.require();
    }

    @Test
    void readsStatusVariablesAndInnodbOfTheLocalMariadb() {
        FetchRun run = PluginTestKit.fetcher("mysql").host(MariaDb.host()).arguments(Integer.toString(MariaDb.port()))
                .metricsConfig(MariaDb.metricsConfig()).run().assertSucceeded();

        assertThat(run.keys()).contains("com_select.derive", "connections.derive", "threads_connected.gauge", "slow_queries.derive",
                "innodb_pages_read.derive", "innodb_buffer_pool_pages_total.gauge", "innodb_buffer_pool_hit_rate.gauge");
        assertThat(run.value("threads_connected.gauge")).isGreaterThanOrEqualTo(1);
        assertThat(run.meta()).containsEntry("innodb", "1").containsEntry("replication", "0").containsKeys("version", "uptime",
                "max_connections", "innodb_buffer_pool_size");
        assertThat(run.meta().get("innodb_buffer_pool_size")).endsWith("MB");
        PluginTestKit.check("mysql").afterFetch(run).run().assertPassed();
    }

    @Test
    void theConfigurationSectionIsFoundWhateverItsCase() {
        FetchRun run = PluginTestKit.fetcher("mysql").host(MariaDb.host())
                .metricsConfig(Map.of("MYSQL", Map.of("port", MariaDb.port(), "user", MariaDb.user(), "password", MariaDb.password())))
                .run().assertSucceeded();

        assertThat(run.keys()).contains("com_select.derive");
    }

    @Test
    void aWrongPasswordSaysWhoWasDeniedWhere() {
        FetchRun run = PluginTestKit.fetcher("mysql").host(MariaDb.host()).arguments(Integer.toString(MariaDb.port()))
                .metricsConfig(Map.of("MySQL", Map.of("user", "kurado_nobody", "password", "wrong"))).run();

        assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m)
                .startsWith("access denied for user 'kurado_nobody' at " + MariaDb.host().address() + ":" + MariaDb.port()));
    }

    @Test
    void aClosedPortIsConnectionRefused() throws Exception {
        int port = LocalServer.freePort();
        FetchRun run = PluginTestKit.fetcher("mysql").address("127.0.0.1").arguments(Integer.toString(port)).run();

        assertThat(run.failureMessage()).hasValue("connection refused at 127.0.0.1:" + port);
    }
}

package com.example.kurado;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.FetchRun;
import io.kurado.core.testkit.PluginTestKit;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real MariaDB on 127.0.0.1:3306 (root, no password); skipped with a message when there is none. */
class SimpleCountSqlIT {
    @BeforeAll
    static void mariadb() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 2_000);
        } catch (Exception e) {
            Assumptions.abort("MariaDB is unreachable at 127.0.0.1:3306, so this test is skipped (start mariadb-server to run it)");
        }
    }

    @Test
    void countsTheRowsOfARealTable() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        try (Connection c = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://127.0.0.1:3306/", p); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS kurado_starter");
            s.execute("CREATE OR REPLACE TABLE kurado_starter.jobs (id INT PRIMARY KEY)");
            s.execute("INSERT INTO kurado_starter.jobs VALUES (1), (2), (3)");
        }
        FetchRun run = PluginTestKit.fetcher("simplecountsql").address("127.0.0.1").arguments("3306", "kurado_starter", "jobs")
                .metricsConfig(Map.of("MySQL", Map.of("user", "root", "password", ""))).run();

        run.assertSucceeded();
        assertThat(run.value("count.gauge")).isEqualTo(3);
    }
}

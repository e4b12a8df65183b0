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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against a real MariaDB (root, no password) at {@code -Dmariadb.address} (default
 * {@code 127.0.0.1:3306}; with Maven, {@code ./mvnw verify -DargLine=-Dmariadb.address=host:port}).
 * When none answers there, each test is skipped and says so on the console.
 */
class SimpleCountSqlIT {
    private static final String ADDRESS = System.getProperty("mariadb.address", "127.0.0.1:3306");
    private static final String HOST = ADDRESS.substring(0, ADDRESS.lastIndexOf(':'));
    private static final String PORT = ADDRESS.substring(ADDRESS.lastIndexOf(':') + 1);

    @BeforeEach
    void mariadb() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(HOST, Integer.parseInt(PORT)), 2_000);
        } catch (Exception e) {
            String why = "MariaDB is unreachable at " + ADDRESS + ", so this test is skipped (start mariadb-server, or set -Dmariadb.address)";
            // A skipped test's reason is otherwise only in target/failsafe-reports.
            System.out.println("[SKIPPED] " + why);
            Assumptions.abort(why);
        }
    }

    @Test
    void countsTheRowsOfARealTable() throws Exception {
        Properties p = new Properties();
        p.setProperty("user", "root");
        p.setProperty("password", "");
        try (Connection c = new org.mariadb.jdbc.Driver().connect("jdbc:mariadb://" + ADDRESS + "/", p); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS kurado_starter");
            s.execute("CREATE OR REPLACE TABLE kurado_starter.jobs (id INT PRIMARY KEY)");
            s.execute("INSERT INTO kurado_starter.jobs VALUES (1), (2), (3)");
        }
        FetchRun run = PluginTestKit.fetcher("simplecountsql").address(HOST).arguments(PORT, "kurado_starter", "jobs")
                .metricsConfig(Map.of("MySQL", Map.of("user", "root", "password", ""))).run();

        run.assertSucceeded();
        assertThat(run.value("count.gauge")).isEqualTo(3);
    }

    @Test
    void theAccountIsReadWhateverTheCaseOfItsSection() {
        // The original's sample configuration writes MYSQL: the account given there is the one used.
        FetchRun run = PluginTestKit.fetcher("simplecountsql").address(HOST).arguments(PORT, "kurado_starter", "jobs")
                .metricsConfig(Map.of("MYSQL", Map.of("user", "kurado_starter_nobody", "password", "wrong"))).run();

        assertThat(run.failureMessage()).hasValueSatisfying(m -> assertThat(m).contains("kurado_starter_nobody"));
    }
}

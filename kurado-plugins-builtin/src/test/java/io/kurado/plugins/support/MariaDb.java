package io.kurado.plugins.support;

import io.kurado.api.Host;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Map;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The MariaDB the ITs read: {@code -Dkurado.it.mysql.host} (default 127.0.0.1),
 * {@code .port} (3306), {@code .user} (root), {@code .password} (empty). Missing, the tests are
 * skipped with a message; under CI ({@code KURADO_CI=true}) they fail, as {@code .ci/run} starts one.
 */
public final class MariaDb {
    private MariaDb() {}

    public static Host host() {
        return Host.of(System.getProperty("kurado.it.mysql.host", "127.0.0.1"));
    }

    public static int port() {
        return Integer.getInteger("kurado.it.mysql.port", 3306);
    }

    public static String user() {
        return System.getProperty("kurado.it.mysql.user", "root");
    }

    public static String password() {
        return System.getProperty("kurado.it.mysql.password", "");
    }

    /** @return {@code {MySQL: {user, password}}} */
    public static Map<String, Object> metricsConfig() {
        return Map.of("MySQL", Map.of("user", user(), "password", password()));
    }

    /** Skips (or fails under CI) when nothing answers at the MariaDB's address. */
    public static void require() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host().address(), port()), 2_000);
        } catch (IOException e) {
            String why = "no MariaDB answers at " + host().address() + ":" + port()
                    + " (install and start mariadb-server; .ci/run does)";
            if ("true".equals(System.getenv("KURADO_CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }
}

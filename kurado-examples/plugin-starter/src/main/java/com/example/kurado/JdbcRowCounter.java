package com.example.kurado;

import io.kurado.api.fetch.FetchContext;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

/** Counts rows with {@code SELECT COUNT(*)} through MariaDB Connector/J, within the fetch's deadline. */
public final class JdbcRowCounter implements RowCounter {
    @Override
    public long count(FetchContext context, int port, String database, String table) throws Exception {
        Map<?, ?> mysql = section(context.metricsConfig(), "MySQL");
        Properties p = new Properties();
        p.setProperty("user", String.valueOf(mysql.containsKey("user") ? mysql.get("user") : "root"));
        p.setProperty("password", String.valueOf(mysql.containsKey("password") ? mysql.get("password") : ""));
        long left = Math.max(1, context.remaining().toMillis());
        p.setProperty("connectTimeout", Long.toString(Math.min(4_000, left)));
        p.setProperty("socketTimeout", Long.toString(left));
        String where = context.host().address() + ":" + port;
        String url = "jdbc:mariadb://" + where + "/" + database;
        try (Connection c = new org.mariadb.jdbc.Driver().connect(url, p);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM `" + table + "`")) {
            if (!rs.next()) {
                throw new IOException("no count of " + database + "." + table + " at " + where);
            }
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IOException(e.getMessage() + " at " + where, e);
        }
    }

    /** The section of {@code metrics_config} with that name in any case ({@code MySQL}, {@code MYSQL}), or an empty one. */
    static Map<?, ?> section(Map<String, Object> metricsConfig, String name) {
        Object exact = metricsConfig.get(name);
        if (exact instanceof Map<?, ?> m) {
            return m;
        }
        for (Map.Entry<String, Object> e : metricsConfig.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue() instanceof Map<?, ?> m) {
                return m;
            }
        }
        return Map.of();
    }
}

package com.example.kurado;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Counts the rows of a MySQL table once a minute. Roll entry {@code simplecountsql:port:db:table}
 * (port default 3306); the account is {@code metrics_config: {MySQL: {user, password}}}.
 * Sample {@code count.gauge}.
 */
public final class SimpleCountSqlFetcher implements MetricsFetcher {
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_$]+");
    private final RowCounter counter;

    /** The fetcher the daemon discovers: counts through JDBC. */
    public SimpleCountSqlFetcher() {
        this(new JdbcRowCounter());
    }

    /** @param counter how rows are counted (tests give a fake) */
    public SimpleCountSqlFetcher(RowCounter counter) {
        this.counter = counter;
    }

    @Override
    public String id() {
        return "simplecountsql";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext ctx) throws Exception {
        int port = Integer.parseInt(ctx.argument(0).orElse("3306"));
        String db = ctx.argument(1).filter(n -> NAME.matcher(n).matches()).orElseThrow(SimpleCountSqlFetcher::usage);
        String table = ctx.argument(2).filter(n -> NAME.matcher(n).matches()).orElseThrow(SimpleCountSqlFetcher::usage);
        long rows = counter.count(ctx, port, db, table);
        return ctx.result().gauge("count", rows).build();
    }

    static IllegalArgumentException usage() {
        return new IllegalArgumentException("db or table are not defined (or not plain names): simplecountsql:port:db:table");
    }
}

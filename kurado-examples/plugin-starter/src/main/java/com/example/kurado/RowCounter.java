package com.example.kurado;

import io.kurado.api.fetch.FetchContext;

/** Counts the rows of a table; the fetcher's only contact with the database, so that tests can fake it. */
@FunctionalInterface
public interface RowCounter {
    /**
     * @param context the fetch: its host, its deadline and the account in {@code metrics_config}
     * @param port the database's port
     * @param database the database
     * @param table the table
     * @return the number of rows
     * @throws Exception when the database cannot be read; the message is shown on the host page
     */
    long count(FetchContext context, int port, String database, String table) throws Exception;
}

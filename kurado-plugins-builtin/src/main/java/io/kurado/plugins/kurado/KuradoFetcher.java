package io.kurado.plugins.kurado;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Async;
import io.kurado.plugins.support.HttpPage;
import io.kurado.plugins.support.HttpPages;
import io.kurado.plugins.support.Json;
import io.kurado.plugins.support.Net;
import io.kurado.plugins.support.Numbers;
import io.kurado.plugins.support.Samples;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Fetches the figures of a Kurado server ({@code /api/status}), so that a Kurado server can be
 * monitored as a host, itself included. Roll entry {@code kurado[:port]}, default {@code kurado:5434}.
 *
 * <p>Counters ({@code .derive}, reset when the server restarts) {@code samples_written},
 * {@code lines_rejected}, {@code samples_in_future}, {@code batches_written}, {@code batches_rejected},
 * {@code fetches_run}, {@code fetches_failed}, {@code fetches_timed_out}, {@code graphs_rendered};
 * gauges {@code update_queue_depth}, {@code fetch_queue_depth}, {@code queue_lag_ms}, {@code hosts},
 * {@code storage_failing_series}. A figure the server does not show (a server without an update
 * role shows no engine figures) is left out.
 *
 * @since 0.1
 */
public final class KuradoFetcher implements MetricsFetcher, AutoCloseable {
    static final int DEFAULT_PORT = 5434;
    static final String PATH = "/api/status";
    static final List<String> COUNTERS = List.of("samples_written", "lines_rejected", "samples_in_future", "batches_written",
            "batches_rejected", "fetches_run", "fetches_failed", "fetches_timed_out", "graphs_rendered");
    static final List<String> GAUGES = List.of("update_queue_depth", "fetch_queue_depth", "queue_lag_ms", "hosts",
            "storage_failing_series");

    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();

    @Override
    public String id() {
        return "kurado";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        return read(context, port, pages.get(context, port, PATH, Optional.empty()));
    }

    @Override
    public CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
        int port;
        try {
            port = Args.port(context, 0, DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Async.then(pages.getAsync(context, port, PATH, Optional.empty()), page -> read(context, port, page));
    }

    private static FetchResult read(FetchContext context, int port, HttpPage page) throws Exception {
        JsonNode doc = Json.parse(page.body(), "Kurado at " + Net.where(context.host().address(), port));
        FetchResult.Builder r = context.result();
        for (String k : COUNTERS) {
            Samples.add(r, k, DataSourceType.DERIVE, Numbers.of(doc.get(k)));
        }
        for (String k : GAUGES) {
            Samples.add(r, k, DataSourceType.GAUGE, Numbers.of(doc.get(k)));
        }
        return r.build();
    }

    /** Ends the threads of this fetcher's requests. */
    @Override
    public void close() {
        pages.close();
    }
}

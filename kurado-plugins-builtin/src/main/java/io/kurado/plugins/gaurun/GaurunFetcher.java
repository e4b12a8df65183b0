package io.kurado.plugins.gaurun;

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
 * Fetches the statistics of a Gaurun push-notification server ({@code /stat/app}). Roll entry
 * {@code gaurun[:port[:path]]}, default {@code gaurun:1056:/stat/app}.
 *
 * <p>Counters {@code ios_push_success}, {@code ios_push_error}, {@code android_push_success},
 * {@code android_push_error} ({@code .counter}); gauges {@code queue_usage}, {@code queue_max}.
 *
 * @since 0.1
 */
public final class GaurunFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 1056;
    static final String DEFAULT_PATH = "/stat/app";

    @Override
    public String id() {
        return "gaurun";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        return read(context, port, pages.get(context, port, context.argument(1).orElse(DEFAULT_PATH), Optional.empty()));
    }

    @Override
    public CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
        int port;
        try {
            port = Args.port(context, 0, DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Async.then(pages.getAsync(context, port, context.argument(1).orElse(DEFAULT_PATH), Optional.empty()), page -> read(context, port, page));
    }

    private static FetchResult read(FetchContext context, int port, HttpPage page) throws Exception {
        JsonNode doc = Json.parse(page.body(), "Gaurun at " + Net.where(context.host().address(), port));
        FetchResult.Builder r = context.result();
        for (String os : List.of("ios", "android")) {
            for (String k : List.of("push_success", "push_error")) {
                Samples.add(r, os + "_" + k, DataSourceType.COUNTER, Numbers.of(doc.path(os).get(k)));
            }
        }
        for (String k : List.of("queue_usage", "queue_max")) {
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

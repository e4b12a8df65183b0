package io.kurado.plugins.goapp;

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
 * Fetches the Go runtime statistics a Go application publishes as JSON (the format of
 * golang-stats-api-handler). Roll entry {@code goapp[:port[:path]]}, default
 * {@code goapp:1056:/stat/go}.
 *
 * <p>Counters {@code cgo_call_num}, {@code gc_num}, {@code memory_mallocs}, {@code memory_frees}
 * ({@code .counter}); gauges {@code goroutine_num}, {@code memory_alloc}; meta {@code go_version}
 * when the document has it.
 *
 * @since 0.1
 */
public final class GoappFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 1056;
    static final String DEFAULT_PATH = "/stat/go";

    @Override
    public String id() {
        return "goapp";
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
        JsonNode doc = Json.parse(page.body(), "the Go application at " + Net.where(context.host().address(), port));
        FetchResult.Builder r = context.result();
        if (doc.hasNonNull("go_version")) {
            r.meta("go_version", doc.get("go_version").asText());
        }
        for (String k : List.of("cgo_call_num", "gc_num", "memory_mallocs", "memory_frees")) {
            Samples.add(r, k, DataSourceType.COUNTER, Numbers.of(doc.get(k)));
        }
        for (String k : List.of("goroutine_num", "memory_alloc")) {
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

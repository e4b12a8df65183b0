package io.kurado.plugins.opcache;

import com.fasterxml.jackson.databind.JsonNode;
import io.kurado.api.DataSourceType;
import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Async;
import io.kurado.plugins.support.Badges;
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
 * Fetches PHP OPcache figures from a status script that prints them as JSON. Roll entry
 * {@code opcache[:port[:path]]}, default {@code opcache:82:/opcache-status.php}.
 *
 * <p>The document has objects {@code config}, {@code statictics} (so spelt by the original's
 * script; {@code statistics} and {@code opcache_statistics} are read too),
 * {@code interned_strings_usage} and {@code memory_usage}. Gauges {@code opcache_hit_rate},
 * {@code max_cached_keys}, {@code num_cached_keys}, {@code num_cached_scripts},
 * {@code strings_used_memory}, {@code strings_free_memory}, {@code wasted_memory},
 * {@code free_memory}, {@code used_memory}; meta {@code max_accelerated_files},
 * {@code interned_strings_max}, {@code max_file_size}, {@code memory_max}.
 *
 * @since 0.1
 */
public final class OpcacheFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 82;
    static final String DEFAULT_PATH = "/opcache-status.php";

    @Override
    public String id() {
        return "opcache";
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
        JsonNode doc = Json.parse(page.body(), "the OPcache status at " + Net.where(context.host().address(), port));
        FetchResult.Builder r = context.result();
        JsonNode config = doc.path("config");
        if (config.hasNonNull("max_accelerated_files")) {
            r.meta("max_accelerated_files", config.get("max_accelerated_files").asText());
        }
        if (config.hasNonNull("interned_strings_max")) {
            r.meta("interned_strings_max", config.get("interned_strings_max").asText() + "MB");
        }
        for (String k : List.of("max_file_size", "memory_max")) {
            Numbers.of(config.get(k)).ifPresent(v -> r.meta(k, Badges.megabytes(v)));
        }
        JsonNode stats = doc.has("statictics") ? doc.get("statictics")
                : doc.has("statistics") ? doc.get("statistics") : doc.path("opcache_statistics");
        for (String k : List.of("opcache_hit_rate", "max_cached_keys", "num_cached_keys", "num_cached_scripts")) {
            Samples.add(r, k, DataSourceType.GAUGE, Numbers.of(stats.get(k)));
        }
        JsonNode strings = doc.path("interned_strings_usage");
        for (String k : List.of("used_memory", "free_memory")) {
            Samples.add(r, "strings_" + k, DataSourceType.GAUGE, Numbers.of(strings.get(k)));
        }
        JsonNode memory = doc.path("memory_usage");
        for (String k : List.of("wasted_memory", "free_memory", "used_memory")) {
            Samples.add(r, k, DataSourceType.GAUGE, Numbers.of(memory.get(k)));
        }
        return r.build();
    }

    /** Ends the threads of this fetcher's requests. */
    @Override
    public void close() {
        pages.close();
    }
}

package io.kurado.plugins.nginx;

import io.kurado.api.fetch.FetchContext;
import io.kurado.api.fetch.FetchResult;
import io.kurado.api.fetch.MetricsFetcher;
import io.kurado.plugins.support.Args;
import io.kurado.plugins.support.Async;
import io.kurado.plugins.support.HttpPage;
import io.kurado.plugins.support.HttpPages;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fetches nginx's {@code stub_status} page. Roll entry {@code nginx[:port[:path[:host header]]]},
 * default {@code nginx:80:/nginx_status}.
 *
 * <p>Samples {@code read.gauge}, {@code write.gauge}, {@code wait.gauge} (connections reading,
 * writing and waiting) and {@code reqs.derive} (requests handled); meta {@code server}.
 *
 * @since 0.1
 */
public final class NginxFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 80;
    static final String DEFAULT_PATH = "/nginx_status";
    private static final Pattern STATES = Pattern.compile("Reading: (\\d+) Writing: (\\d+) Waiting: (\\d+)");
    private static final Pattern COUNTS = Pattern.compile("(\\d+) (\\d+) (\\d+)");

    @Override
    public String id() {
        return "nginx";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        return read(context, port, pages.get(context, port, context.argument(1).orElse(DEFAULT_PATH), context.argument(2)));
    }

    @Override
    public CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
        int port;
        try {
            port = Args.port(context, 0, DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return Async.then(pages.getAsync(context, port, context.argument(1).orElse(DEFAULT_PATH), context.argument(2)), page -> read(context, port, page));
    }

    private static FetchResult read(FetchContext context, int port, HttpPage page) throws Exception {
        FetchResult.Builder r = context.result();
        page.server().ifPresent(s -> r.meta("server", s));
        Matcher m = STATES.matcher(page.body());
        if (m.find()) {
            r.gauge("read", Double.parseDouble(m.group(1)));
            r.gauge("write", Double.parseDouble(m.group(2)));
            r.gauge("wait", Double.parseDouble(m.group(3)));
        }
        m = COUNTS.matcher(page.body());
        if (m.find()) {
            r.derive("reqs", Double.parseDouble(m.group(3)));
        }
        return r.build();
    }

    /** Ends the threads of this fetcher's requests. */
    @Override
    public void close() {
        pages.close();
    }
}

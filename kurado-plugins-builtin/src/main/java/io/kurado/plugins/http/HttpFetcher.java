package io.kurado.plugins.http;

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
 * Fetches Apache's {@code mod_status} page ({@code server-status?auto}). Roll entry
 * {@code http[:port[:path[:host header]]]}, default {@code http:80:/server-status?auto}; the request
 * goes to the host's address and carries the given {@code Host} header (default the address).
 *
 * <p>Samples {@code busy.gauge}, {@code idle.gauge} and, when the page counts requests,
 * {@code reqs.derive}; meta {@code server} (the {@code Server} header), {@code uptime} and
 * {@code has-reqs}.
 *
 * @since 0.1
 */
public final class HttpFetcher implements MetricsFetcher, AutoCloseable {
    /** The connections and timer of this fetcher's requests, started by the first one. */
    private final HttpPages pages = new HttpPages();
    static final int DEFAULT_PORT = 80;
    static final String DEFAULT_PATH = "/server-status?auto";
    private static final long TWENTY_YEARS = 20L * 365 * 86400;
    private static final Pattern BUSY = Pattern.compile("^Busy.+: (\\d+)");
    private static final Pattern IDLE = Pattern.compile("^Idle.+: (\\d+)");
    private static final Pattern UPTIME = Pattern.compile("^Uptime\\s*: (\\d+)");
    private static final Pattern ACCESSES = Pattern.compile("^Total Accesses\\s*: (\\d+)");

    @Override
    public String id() {
        return "http";
    }

    @Override
    public Optional<Duration> timeout() {
        return Optional.of(Duration.ofSeconds(10));
    }

    @Override
    public FetchResult fetch(FetchContext context) throws Exception {
        int port = Args.port(context, 0, DEFAULT_PORT);
        String path = context.argument(1).orElse(DEFAULT_PATH);
        return read(context, port, pages.get(context, port, path, context.argument(2)));
    }

    @Override
    public CompletionStage<FetchResult> fetchAsync(FetchContext context, Executor executor) {
        int port;
        try {
            port = Args.port(context, 0, DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        String path = context.argument(1).orElse(DEFAULT_PATH);
        return Async.then(pages.getAsync(context, port, path, context.argument(2)), page -> read(context, port, page));
    }

    private static FetchResult read(FetchContext context, int port, HttpPage page) throws Exception {
        FetchResult.Builder r = context.result();
        long now = context.clock().instant().getEpochSecond();
        page.server().ifPresent(s -> r.meta("server", s));
        for (String line : page.body().split("[\r\n]+")) {
            Matcher m;
            if ((m = BUSY.matcher(line)).find()) {
                r.gauge("busy", Double.parseDouble(m.group(1)));
            } else if ((m = IDLE.matcher(line)).find()) {
                r.gauge("idle", Double.parseDouble(m.group(1)));
            } else if ((m = UPTIME.matcher(line)).find()) {
                long up = Long.parseLong(m.group(1));
                // Some builds print the start time instead of the uptime.
                r.meta("uptime", Long.toString(up > TWENTY_YEARS ? now - up : up));
            } else if ((m = ACCESSES.matcher(line)).find()) {
                r.derive("reqs", Double.parseDouble(m.group(1)));
                r.meta("has-reqs", "1");
            }
        }
        return r.build();
    }

    /** Ends the threads of this fetcher's requests. */
    @Override
    public void close() {
        pages.close();
    }
}

package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * One HTTP GET of a status page through {@code java.net.http}, bounded by the fetch's deadline
 * (connect, headers and body together), with the original's user agent {@code kurado-plugin}.
 *
 * <p>The request goes to the host's address and port and asks the server to close the connection
 * afterwards: a page read once a minute gains nothing from a pooled connection, and thousands of
 * idle ones would hold as many file descriptors. An explicit {@code Host} header (the third
 * argument of {@code http} and {@code nginx}) and {@code Connection: close} need the JDK's
 * restricted-header switch, which this class turns on for them when the JVM was started without a
 * choice of its own.
 *
 * @param status the HTTP status code
 * @param body the body, decoded as UTF-8
 * @param server the {@code Server} response header, if sent
 */
public record HttpPage(int status, String body, Optional<String> server) {
    private static final String RESTRICTED = "jdk.httpclient.allowRestrictedHeaders";
    private static final String KEEPALIVE = "jdk.httpclient.keepalive.timeout";

    static {
        if (System.getProperty(RESTRICTED) == null) {
            System.setProperty(RESTRICTED, "host,connection");
        }
        if (System.getProperty(KEEPALIVE) == null) {
            // For servers that keep the connection open anyway: do not hold it idle for long.
            System.setProperty(KEEPALIVE, "5");
        }
    }

    /**
     * Clients shared by every fetch, one per processor: each has one selector thread, and
     * responses are read on it (no hand-over to another pool), so a thousand fetches at once cost
     * a few threads and little CPU each.
     */
    private static final HttpClient[] CLIENTS = new HttpClient[Math.max(1, Runtime.getRuntime().availableProcessors())];
    private static final java.util.concurrent.atomic.AtomicInteger NEXT = new java.util.concurrent.atomic.AtomicInteger();
    /** Cuts requests at their fetch's deadline; a request that finishes first takes its task off the queue. */
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "kurado-http-deadlines");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    static {
        for (int i = 0; i < CLIENTS.length; i++) {
            CLIENTS[i] = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Net.CONNECT_TIMEOUT)
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .executor(Runnable::run)
                    .build();
        }
    }

    /** Validates the fields. */
    public HttpPage {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(server, "server");
    }

    /**
     * Fetches a page and requires a 2xx answer, blocking until it arrives.
     *
     * @param context the fetch; its host's address is where the request goes
     * @param port the port
     * @param path the path and query, starting with {@code /}
     * @param hostHeader the {@code Host} header to send instead of the address
     * @return the page
     * @throws IOException when the server cannot be reached in time or does not answer 2xx; the
     *     message says what happened and where
     * @throws InterruptedException when the thread is interrupted
     */
    public static HttpPage get(FetchContext context, int port, String path, Optional<String> hostHeader)
            throws IOException, InterruptedException {
        CompletableFuture<HttpPage> f = getAsync(context, port, path, hostHeader);
        try {
            return f.get();
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw Async.unwrap(e.getCause());
        }
    }

    /**
     * Starts fetching a page without blocking; the future completes exceptionally with an
     * {@link IOException} saying what happened and where, at the latest at the fetch's deadline.
     *
     * @param context the fetch; its host's address is where the request goes
     * @param port the port
     * @param path the path and query, starting with {@code /}
     * @param hostHeader the {@code Host} header to send instead of the address
     * @return the page, once it has arrived
     */
    public static CompletableFuture<HttpPage> getAsync(FetchContext context, int port, String path, Optional<String> hostHeader) {
        String address = context.host().address();
        String where = Net.where(address, port);
        URI uri;
        Duration left;
        try {
            String p = path.startsWith("/") ? path : "/" + path;
            uri = new URI("http://" + where + p);
            left = Duration.ofMillis(Net.millisLeft(context));
        } catch (URISyntaxException e) {
            return CompletableFuture.failedFuture(new IOException("bad path '" + path + "': " + e.getReason(), e));
        } catch (IOException e) {
            return CompletableFuture.failedFuture(Net.describe(e, where));
        }
        HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(left).header("User-Agent", "kurado-plugin").GET();
        try {
            rb.header("Connection", "close");
        } catch (IllegalArgumentException e) {
            // The JVM was started with its own list of allowed headers: keep-alive it is.
        }
        if (hostHeader.isPresent() && !hostHeader.get().equals(address)) {
            try {
                rb.header("Host", hostHeader.get());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(new IOException("cannot send the Host header '" + hostHeader.get()
                        + "': start the JVM with -D" + RESTRICTED + "=host,connection", e));
            }
        }
        HttpClient client = CLIENTS[Math.floorMod(NEXT.getAndIncrement(), CLIENTS.length)];
        String shown = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        CompletableFuture<HttpResponse<String>> sent = client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpPage> page = new CompletableFuture<>();
        String late = "no answer within " + seconds(left) + " from " + where + uri.getRawPath();
        ScheduledFuture<?> timer = TIMER.schedule(() -> {
            if (page.completeExceptionally(new IOException(late))) {
                sent.cancel(true);
            }
        }, left.toMillis(), TimeUnit.MILLISECONDS);
        sent.whenComplete((r, e) -> {
            timer.cancel(false);
            if (e == null) {
                if (r.statusCode() / 100 != 2) {
                    page.completeExceptionally(new IOException(shown + " answered HTTP " + r.statusCode() + " at " + where));
                } else {
                    page.complete(new HttpPage(r.statusCode(), r.body(), r.headers().firstValue("Server")));
                }
                return;
            }
            Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
            if (c instanceof java.net.http.HttpTimeoutException && !(c instanceof java.net.http.HttpConnectTimeoutException)) {
                // the request's own timeout and the timer end the same wait: say it the same way
                page.completeExceptionally(new IOException(late, c));
                return;
            }
            page.completeExceptionally(Net.describe(c instanceof Exception x ? x : new IOException(String.valueOf(c), c), where));
        });
        page.whenComplete((r, e) -> {
            timer.cancel(false);
            if (page.isCancelled()) {
                sent.cancel(true);
            }
        });
        return page;
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches status pages over HTTP/1.1 for the HTTP plugins: one GET to the host's address and
 * port, with the original's user agent {@code kurado-plugin}, the {@code Host} header asked for
 * (the third argument of {@code http} and {@code nginx}; the address otherwise) and {@code
 * Connection: close}, bounded by the fetch's deadline (connect, headers and body together).
 *
 * <p>A page read once a minute gains nothing from a pooled connection, and thousands of idle ones
 * would hold as many file descriptors, so each request has a connection of its own, closed when
 * its page has arrived. Requests are written and answers read on a few daemon threads ({@code
 * kurado-http-<n>}, one per processor) and cut at their deadline by one timer thread ({@code
 * kurado-http-deadlines}); they start with the first request and end when this object is closed.
 * The owner (a fetcher) closes it; nothing here is JVM-wide, and no system property is read or set.
 */
public final class HttpPages implements AutoCloseable {
    /** The largest answer read; a larger one fails the fetch. */
    static final int MAX_RESPONSE = 8 << 20;
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private AsynchronousChannelGroup group;
    private ScheduledThreadPoolExecutor timer;
    private boolean closed;

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
    public HttpPage get(FetchContext context, int port, String path, Optional<String> hostHeader)
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
     * @throws IllegalStateException when this object has been closed
     */
    public CompletableFuture<HttpPage> getAsync(FetchContext context, int port, String path, Optional<String> hostHeader) {
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
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        String host = hostHeader.filter(h -> !h.equals(address)).orElse(port == 80 ? where.substring(0, where.lastIndexOf(':')) : where);
        if (!host.matches("[\\x21-\\x7e]+") || !target.matches("[\\x21-\\x7e]+")) {
            return CompletableFuture.failedFuture(new IOException("cannot send the Host header '" + host + "' or the path '"
                    + target + "': they must be printable ASCII without spaces"));
        }
        byte[] request = ("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: kurado-plugin\r\n"
                + "Accept: */*\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        InetSocketAddress to = new InetSocketAddress(address, port);
        if (to.isUnresolved()) {
            return CompletableFuture.failedFuture(Net.describe(new UnknownHostException(address), where));
        }
        Exchange x = new Exchange(where, target, "no answer within " + seconds(left) + " from " + where + uri.getRawPath());
        x.start(to, request, left);
        return x.page;
    }

    private synchronized AsynchronousChannelGroup group() throws IOException {
        if (closed) {
            throw new IllegalStateException("these HTTP pages have been closed");
        }
        if (group == null) {
            int n = GROUPS.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            ThreadFactory io = r -> {
                Thread t = new Thread(r, "kurado-http-" + n + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            };
            group = AsynchronousChannelGroup.withFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()), io);
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "kurado-http-deadlines-" + n);
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
        }
        return group;
    }

    private synchronized ScheduledThreadPoolExecutor timer() {
        return timer;
    }

    /** Ends the threads; requests still in flight fail. Idempotent. */
    @Override
    public void close() {
        AsynchronousChannelGroup g;
        ScheduledThreadPoolExecutor t;
        synchronized (this) {
            closed = true;
            g = group;
            t = timer;
            group = null;
            timer = null;
        }
        if (g != null) {
            try {
                g.shutdownNow();
                g.awaitTermination(2, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the threads end anyway
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            t.shutdownNow();
        }
    }

    /** One request: connect, write, read to the end, parse; whichever fails first decides. */
    private final class Exchange {
        final CompletableFuture<HttpPage> page = new CompletableFuture<>();
        private final String where;
        private final String target;
        private final String late;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream(4096);
        private AsynchronousSocketChannel channel;
        private volatile boolean connected;

        Exchange(String where, String target, String late) {
            this.where = where;
            this.target = target;
            this.late = late;
        }

        void start(InetSocketAddress to, byte[] request, Duration left) {
            try {
                channel = AsynchronousSocketChannel.open(group());
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException e) {
                fail(e);
                return;
            }
            ScheduledThreadPoolExecutor t = timer();
            long connectMillis = Math.min(Net.CONNECT_TIMEOUT.toMillis(), left.toMillis());
            ScheduledFuture<?> connectTimer = t.schedule(() -> {
                if (!connected) {
                    fail(new HttpConnectTimeoutException("connect timed out"));
                }
            }, connectMillis, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> deadline = t.schedule(() -> page.completeExceptionally(new IOException(late)),
                    left.toMillis(), TimeUnit.MILLISECONDS);
            page.whenComplete((r, e) -> {
                connectTimer.cancel(false);
                deadline.cancel(false);
                closeChannel();
            });
            channel.connect(to, null, handler((Void v) -> {
                connected = true;
                connectTimer.cancel(false);
                write(ByteBuffer.wrap(request));
            }));
        }

        private void write(ByteBuffer out) {
            channel.write(out, null, handler((Integer n) -> {
                if (out.hasRemaining()) {
                    write(out);
                } else {
                    read(ByteBuffer.allocate(16 * 1024));
                }
            }));
        }

        private void read(ByteBuffer in) {
            channel.read(in, null, handler((Integer n) -> {
                if (n < 0) {
                    finish(true);
                    return;
                }
                received.write(in.array(), 0, in.position());
                in.clear();
                if (received.size() > MAX_RESPONSE) {
                    fail(new IOException("the answer from " + where + target + " is larger than " + (MAX_RESPONSE >> 20) + " MB"));
                } else if (!finish(false)) {
                    read(in);
                }
            }));
        }

        /** @return whether the answer is complete (and the page completed) */
        private boolean finish(boolean atEnd) {
            HttpAnswer answer;
            try {
                Optional<HttpAnswer> a = HttpAnswer.parse(received.toByteArray(), atEnd);
                if (a.isEmpty()) {
                    if (atEnd) {
                        throw new IOException("the connection closed before a whole answer arrived");
                    }
                    return false;
                }
                answer = a.get();
            } catch (IOException e) {
                fail(e);
                return true;
            }
            if (answer.status() / 100 != 2) {
                page.completeExceptionally(new IOException(target + " answered HTTP " + answer.status() + " at " + where));
            } else {
                page.complete(new HttpPage(answer.status(), answer.body(), answer.header("server")));
            }
            return true;
        }

        private void fail(Throwable e) {
            if (page.isDone()) {
                return;
            }
            page.completeExceptionally(Net.describe(e instanceof Exception x ? x : new IOException(String.valueOf(e), e), where));
        }

        private void closeChannel() {
            try {
                if (channel != null) {
                    channel.close();
                }
            } catch (IOException e) {
                // nothing more to read from it
            }
        }

        private <T> CompletionHandler<T, Void> handler(java.util.function.Consumer<T> next) {
            return new CompletionHandler<>() {
                @Override
                public void completed(T result, Void a) {
                    if (page.isDone()) {
                        return;
                    }
                    try {
                        next.accept(result);
                    } catch (RuntimeException e) {
                        fail(e);
                    }
                }

                @Override
                public void failed(Throwable e, Void a) {
                    fail(e);
                }
            };
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}

package io.kurado.core.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP server on a free loopback port that answers canned responses by path, for testing
 * plugins that read status pages. Paths not set up answer 404. A path can also hang: the request is
 * accepted and never answered until the server closes.
 *
 * <pre>{@code
 * try (FakeHttpServer server = FakeHttpServer.start()) {
 *     server.respond("/nginx_status", 200, "Active connections: 1 \n...", "Server", "nginx/1.22.1");
 *     ... server.port() ...
 * }
 * }</pre>
 */
public final class FakeHttpServer implements AutoCloseable {
    private static final AtomicInteger SERVERS = new AtomicInteger();

    /**
     * A request the server received.
     *
     * @param method the method
     * @param pathAndQuery the raw path and query
     * @param host the {@code Host} header
     * @param userAgent the {@code User-Agent} header
     */
    public record Request(String method, String pathAndQuery, String host, String userAgent) {}

    private record Response(int status, byte[] body, Map<String, String> headers, boolean hang) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);

    private FakeHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** @return a started server on {@code 127.0.0.1} and a free port */
    public static FakeHttpServer start() {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            int n = SERVERS.incrementAndGet();
            AtomicInteger threads = new AtomicInteger();
            ExecutorService ex = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "kurado-fake-http-" + n + "-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            FakeHttpServer f = new FakeHttpServer(s, ex);
            s.setExecutor(ex);
            s.createContext("/", f::handle);
            s.start();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a fake HTTP server", e);
        }
    }

    /** @return the port it listens on */
    public int port() {
        return server.getAddress().getPort();
    }

    /** @return {@code 127.0.0.1} */
    public String address() {
        return server.getAddress().getAddress().getHostAddress();
    }

    /**
     * Answers a path (with its query, if the client sends one: {@code /server-status?auto}).
     *
     * @param pathAndQuery the raw path and query
     * @param status the status code
     * @param body the body, sent as UTF-8
     * @param headers header names and values, alternating
     * @return this server
     */
    public FakeHttpServer respond(String pathAndQuery, int status, String body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers must be name, value pairs");
        }
        Map<String, String> h = new java.util.LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.put(headers[i], headers[i + 1]);
        }
        responses.put(pathAndQuery, new Response(status, body.getBytes(StandardCharsets.UTF_8), h, false));
        return this;
    }

    /**
     * Accepts requests for a path and never answers them (until the server closes).
     *
     * @param pathAndQuery the raw path and query
     * @return this server
     */
    public FakeHttpServer hang(String pathAndQuery) {
        responses.put(pathAndQuery, new Response(0, new byte[0], Map.of(), true));
        return this;
    }

    /** @return the requests received, in order */
    public List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String pq = x.getRequestURI().getRawPath() + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery());
            requests.add(new Request(x.getRequestMethod(), pq, Objects.toString(x.getRequestHeaders().getFirst("Host"), ""),
                    Objects.toString(x.getRequestHeaders().getFirst("User-Agent"), "")));
            Response r = responses.get(pq);
            if (r == null) {
                r = responses.get(x.getRequestURI().getRawPath());
            }
            if (r == null) {
                byte[] b = ("no canned response for " + pq + "\n").getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(404, b.length);
                x.getResponseBody().write(b);
                return;
            }
            if (r.hang()) {
                try {
                    closing.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            r.headers().forEach((k, v) -> x.getResponseHeaders().add(k, v));
            x.sendResponseHeaders(r.status(), r.body().length == 0 ? -1 : r.body().length);
            if (r.body().length > 0) {
                x.getResponseBody().write(r.body());
            }
        }
    }

    /** Stops the server, releasing hanging requests. */
    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

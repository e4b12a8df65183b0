package io.kurado.core.web;

import io.kurado.api.KuradoException;
import io.kurado.core.config.PemKeys;
import io.kurado.core.config.WebAccess;
import io.kurado.core.config.WebLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI's own HTTP/1.1 server. One thread ({@code kurado-web-io}) accepts connections and
 * reads requests without blocking; only a request whose line, headers and body have all arrived is
 * handed to the page threads ({@code kurado-web-N}, {@code web_worker} of them) or, for graphs and
 * exports, to the graph threads ({@code kurado-graph-N}). A client that sends slowly, or not at
 * all, holds a connection and a few bytes, never a thread:
 *
 * <ul>
 *   <li>once a request's first byte has arrived, the rest must follow within
 *       {@link WebLimits#requestDeadline()} (default 5 s), or the client gets 408 and the connection
 *       is closed; a connection kept open between requests is closed after {@value #IDLE_SECONDS} s
 *       without one;
 *   <li>one client address holds at most {@link WebLimits#connectionsPerAddress()} connections
 *       (default 64), and the server at most {@value #MAX_CONNECTIONS}; one more is answered 503
 *       and closed;
 *   <li>an answer the client does not take is finished by the selector thread, not the page thread
 *       that made it, and the connection is closed when the client takes nothing for
 *       {@value #WRITE_STALL_SECONDS} s;
 *   <li>headers are limited to 16 KiB (431), bodies to 1 MiB (413), and when the page threads'
 *       queue of {@value #PAGE_QUEUE} or the graph threads' of {@value #GRAPH_QUEUE} is full the
 *       request is answered 503.
 * </ul>
 */
public final class NioWebServer implements WebServer {
    private static final Logger log = LoggerFactory.getLogger(NioWebServer.class);
    static final int MAX_CONNECTIONS = 10_000;
    static final int IDLE_SECONDS = 30;
    static final int WRITE_STALL_SECONDS = 30;
    static final int PAGE_QUEUE = 1024;
    static final int GRAPH_QUEUE = 4096;
    /** TLS 1.2 and later; never 1.1, 1.0 or SSL, whatever the JVM's settings allow. */
    static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");
    private static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final WebHandler handler;
    private final ServerSocketChannel listener;
    private final Selector selector;
    private final ExecutorService pages;
    private final ExecutorService graphs;
    private final long requestNanos;
    private final int perAddress;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    // Touched by the selector thread only.
    private final Set<Connection> open = new HashSet<>();
    private final Map<InetAddress, Integer> byAddress = new HashMap<>();
    private final Thread loop;
    private volatile boolean running = true;
    /** what new connections are encrypted with; null when the server speaks plain HTTP */
    private final AtomicReference<SSLContext> tls;
    private final Consumer<WebAccess> accessReload;

    private NioWebServer(WebHandler handler, ServerSocketChannel listener, Selector selector, int pageThreads, int graphThreads,
            Duration requestDeadline, int perAddress, Optional<SSLContext> tls, Consumer<WebAccess> accessReload) {
        this.handler = handler;
        this.tls = tls.isPresent() ? new AtomicReference<>(tls.get()) : null;
        this.accessReload = accessReload;
        this.listener = listener;
        this.selector = selector;
        this.pages = new ThreadPoolExecutor(pageThreads, pageThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(PAGE_QUEUE),
                named("kurado-web-"));
        this.graphs = new ThreadPoolExecutor(graphThreads, graphThreads, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(GRAPH_QUEUE),
                named("kurado-graph-"));
        this.requestNanos = requestDeadline.toNanos();
        this.perAddress = perAddress;
        this.loop = new Thread(this::run, "kurado-web-io");
        this.loop.setDaemon(true);
    }

    /**
     * @param handler answers complete requests
     * @param listen the address and port (port 0 picks a free one)
     * @param pageThreads threads answering pages
     * @param graphThreads threads answering graphs and exports
     * @param limits the request deadline and the bound on connections per address
     * @return the running server
     * @throws KuradoException when the address cannot be bound
     */
    static NioWebServer start(WebHandler handler, InetSocketAddress listen, int pageThreads, int graphThreads, WebLimits limits) {
        return start(handler, listen, pageThreads, graphThreads, limits, Optional.empty(), access -> {});
    }

    /**
     * @param handler answers complete requests
     * @param listen the address and port (port 0 picks a free one)
     * @param pageThreads threads answering pages
     * @param graphThreads threads answering graphs and exports
     * @param limits the request deadline and the bound on connections per address
     * @param tls the certificate and key to serve HTTPS with (TLS 1.2 and 1.3), or empty for HTTP
     * @param accessReload takes the access rules {@link #reload} is given
     * @return the running server
     * @throws KuradoException when the address cannot be bound or the TLS files cannot be used
     */
    static NioWebServer start(WebHandler handler, InetSocketAddress listen, int pageThreads, int graphThreads, WebLimits limits,
            Optional<WebAccess.TlsFiles> tls, Consumer<WebAccess> accessReload) {
        Optional<SSLContext> context = tls.map(NioWebServer::sslContext);
        InetSocketAddress bind = listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen;
        ServerSocketChannel ch = null;
        Selector sel = null;
        try {
            sel = Selector.open();
            ch = ServerSocketChannel.open();
            ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            ch.bind(bind, 1024);
            ch.configureBlocking(false);
            ch.register(sel, SelectionKey.OP_ACCEPT);
        } catch (IOException e) {
            closeQuietly(ch);
            closeQuietly(sel);
            throw new KuradoException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
        }
        NioWebServer server = new NioWebServer(handler, ch, sel, pageThreads, graphThreads, limits.requestDeadline(),
                limits.connectionsPerAddress(), context, accessReload);
        server.loop.start();
        log.info("Web UI listening on " + (context.isPresent() ? "https" : "http") + "://{}:{}/ ({} page threads, {} graph threads, requests read within {} s, "
                        + "{} connections per address)", bind.getHostString(), server.port(), pageThreads, graphThreads,
                limits.requestDeadline().toSeconds(), limits.connectionsPerAddress());
        return server;
    }

    /**
     * Applies the access rules and TLS files of a configuration re-read: the rules to every request
     * from now on, the certificate and key to every connection from now on (connections open keep
     * theirs). When the files cannot be used, nothing changes and the exception says why.
     *
     * @param access the new {@code web} settings
     * @return what could not change without a restart (turning HTTPS on or off), or empty
     * @throws KuradoException when the TLS files cannot be used; the old rules and files stay
     */
    @Override
    public Optional<String> reload(WebAccess access) {
        Optional<SSLContext> context = tls != null ? access.tls().map(NioWebServer::sslContext) : Optional.empty();
        accessReload.accept(access);
        context.ifPresent(c -> tls.set(c)); // a lambda: tls is null on a plain-HTTP server
        context.ifPresent(x -> log.info("Web UI: TLS certificate re-read from {}", access.tls().get().certFile()));
        if (access.tls().isPresent() != (tls != null)) {
            return Optional.of("turning HTTPS " + (tls != null ? "off" : "on") + " ('web.tls') needs a restart; the web UI still "
                    + "speaks " + (tls != null ? "HTTPS" : "plain HTTP"));
        }
        return Optional.empty();
    }

    /** @return whether the server speaks HTTPS */
    public boolean secure() {
        return tls != null;
    }

    private static SSLContext sslContext(WebAccess.TlsFiles files) {
        try {
            KeyStore store = PemKeys.load(files.certFile(), files.keyFile());
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(store, new char[0]);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (IllegalArgumentException e) {
            throw new KuradoException("web.tls: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new KuradoException("web.tls: cannot use " + files.certFile() + " and " + files.keyFile() + ": " + e.getMessage(), e);
        }
    }

    /** @return an engine for a new connection: server mode, TLS 1.2 and 1.3 only */
    SSLEngine engine() {
        SSLEngine engine = tls.get().createSSLEngine();
        engine.setUseClientMode(false);
        List<String> protocols = new ArrayList<>();
        for (String p : engine.getSupportedProtocols()) {
            if (PROTOCOLS.contains(p)) {
                protocols.add(p);
            }
        }
        engine.setEnabledProtocols(protocols.toArray(new String[0]));
        return engine;
    }

    /** @return the port bound (useful when 0 was asked for) */
    public int port() {
        return address().getPort();
    }

    @Override
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) listener.getLocalAddress();
        } catch (IOException e) {
            throw new KuradoException("the web server is closed", e);
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            loop.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pages.shutdown();
        graphs.shutdown();
        try {
            if (!pages.awaitTermination(5, TimeUnit.SECONDS) | !graphs.awaitTermination(5, TimeUnit.SECONDS)) {
                pages.shutdownNow();
                graphs.shutdownNow();
            }
        } catch (InterruptedException e) {
            pages.shutdownNow();
            graphs.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("Web UI stopped");
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP_NANOS;
        try {
            while (running) {
                selector.select(this::ready, 100);
                for (Runnable r; (r = tasks.poll()) != null; ) {
                    r.run();
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            log.error("The web server stopped answering: {}", e.toString(), e);
        } finally {
            for (Connection c : new ArrayList<>(open)) {
                close(c);
            }
            closeQuietly(listener);
            closeQuietly(selector);
        }
    }

    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            accept();
            return;
        }
        Connection c = (Connection) key.attachment();
        try {
            if (key.isReadable()) {
                read(c);
            } else if (key.isWritable()) {
                write(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void accept() {
        for (int i = 0; i < 256; i++) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (IOException e) {
                log.warn("Web UI: cannot accept a connection: {}", e.getMessage());
                return;
            }
            if (ch == null) {
                return;
            }
            try {
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                InetAddress from = ((InetSocketAddress) ch.getRemoteAddress()).getAddress();
                int held = byAddress.getOrDefault(from, 0);
                if ((held >= perAddress || open.size() >= MAX_CONNECTIONS) && tls != null) {
                    ch.close(); // a 503 in the clear means nothing to a TLS client
                    continue;
                }
                if (held >= perAddress || open.size() >= MAX_CONNECTIONS) {
                    String why = held >= perAddress ? "too many connections from " + from.getHostAddress() : "too many connections";
                    ch.write(ByteBuffer.wrap(("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                            + "Content-Length: " + why.length() + "\r\nConnection: close\r\nRetry-After: 1\r\n\r\n" + why)
                            .getBytes(StandardCharsets.US_ASCII)));
                    ch.close();
                    continue;
                }
                Wire wire = tls != null ? new TlsWire(ch, engine()) : Wire.plain(ch);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                Connection c = new Connection(ch, wire, key, from);
                key.attach(c);
                c.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(IDLE_SECONDS);
                open.add(c);
                byAddress.merge(from, 1, Integer::sum);
            } catch (IOException e) {
                closeQuietly(ch);
            }
        }
    }

    private void read(Connection c) throws IOException {
        int n;
        do {
            c.room(c.wire.readRoom());
            n = c.wire.read(ByteBuffer.wrap(c.in, c.filled, c.in.length - c.filled));
            if (n < 0) {
                close(c);
                return;
            }
            if (n > 0 && c.filled == 0) {
                c.deadline = System.nanoTime() + requestNanos;
            }
            c.filled += n;
            if (c.wire.pending()) {
                // a TLS handshake message the client has not taken yet: it says nothing more until it has
                c.key.interestOps(SelectionKey.OP_WRITE);
                return;
            }
            parse(c);
            // bytes the TLS layer holds already get no readiness of their own
        } while (n > 0 && c.state == Connection.State.READING && c.wire.buffered() && c.channel.isOpen());
    }

    /** Serves the request in the bytes received, when they hold a whole one. */
    private void parse(Connection c) throws IOException {
        HttpHead head;
        try {
            if (c.head.isEmpty()) {
                int end = RequestReader.headEnd(c.in, 0, c.filled);
                if (end < 0) {
                    return;
                }
                c.head = java.util.Optional.of(RequestReader.head(c.in, 0, end));
                c.headEnd = end;
            }
            head = c.head.get();
        } catch (WebException e) {
            answer(c, WebResponse.text(e.status(), e.getMessage()), false, true);
            return;
        }
        int total = c.headEnd + head.length();
        if (c.filled < total) {
            c.room(total - c.filled);
            if (head.expectsContinue() && !c.continueSent) {
                c.continueSent = true;
                c.wire.write(new ByteBuffer[] {ByteBuffer.wrap("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII))});
            }
            return;
        }
        byte[] body = java.util.Arrays.copyOfRange(c.in, c.headEnd, total);
        c.consume(total);
        c.state = Connection.State.ANSWERING;
        c.key.interestOps(0);
        WebRequest req;
        try {
            req = request(head, body).withPeer(c.address);
        } catch (WebException e) {
            answer(c, WebResponse.text(e.status(), e.getMessage()), head.method().equals("HEAD"), true);
            return;
        }
        boolean heavy = JdkHttpAdapter.HEAVY.contains(req.path());
        try {
            (heavy ? graphs : pages).execute(() -> serve(c, head, req));
        } catch (RejectedExecutionException e) {
            answer(c, WebResponse.text(503, heavy ? "too many graph requests waiting; try again" : "too many requests waiting; try again")
                    .withHeader("Retry-After", "1"), head.method().equals("HEAD"), !head.keepAlive());
        }
    }

    private static WebRequest request(HttpHead head, byte[] body) {
        URI uri;
        try {
            uri = new URI(head.target());
        } catch (URISyntaxException e) {
            throw WebException.badRequest("malformed request target");
        }
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        String raw = uri.getRawQuery();
        WebRequest req = new WebRequest(head.method(), path, WebRequest.parseQuery(raw == null ? "" : raw), head.headers());
        if (head.method().equals("POST") && req.header("Content-Type").orElse("").startsWith("application/x-www-form-urlencoded")) {
            req = req.withParams(WebRequest.parseQuery(new String(body, StandardCharsets.UTF_8)));
        }
        return req;
    }

    /** On a page or graph thread: answers, writes what the client takes at once, leaves the rest to the selector. */
    private void serve(Connection c, HttpHead head, WebRequest req) {
        try {
            WebResponse resp;
            try {
                resp = handler.handle(req);
            } catch (WebException e) {
                resp = WebResponse.text(e.status(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Web UI: {} {} failed: {}", req.method(), req.path(), e.toString(), e);
                resp = WebResponse.text(500, "internal error");
            }
            prepare(c, resp, head.method().equals("HEAD"), !head.keepAlive(), head.header("accept-encoding").orElse(null));
            c.wire.write(c.out);
            tasks.add(() -> written(c));
        } catch (IOException | RuntimeException | Error e) {
            tasks.add(() -> close(c));
            if (e instanceof Error err) {
                selector.wakeup();
                throw err;
            }
        }
        selector.wakeup();
    }

    /** On the selector thread: answers at once (errors, refusals). */
    private void answer(Connection c, WebResponse resp, boolean headOnly, boolean closeAfter) throws IOException {
        c.state = Connection.State.ANSWERING;
        prepare(c, resp, headOnly, closeAfter, null);
        c.wire.write(c.out);
        written(c);
    }

    private static void prepare(Connection c, WebResponse resp, boolean headOnly, boolean closeAfter, String acceptEncoding) {
        OutgoingResponse out = OutgoingResponse.of(resp, OutgoingResponse.acceptsGzip(acceptEncoding));
        boolean noBody = headOnly || resp.status() == 304 || resp.status() == 204;
        StringBuilder h = new StringBuilder(256).append("HTTP/1.1 ").append(resp.status()).append(' ').append(reason(resp.status())).append("\r\n");
        out.headers().forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        if (resp.status() != 304 && resp.status() != 204) {
            h.append("Content-Length: ").append(out.body().length).append("\r\n");
        }
        if (closeAfter) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        ByteBuffer headers = ByteBuffer.wrap(h.toString().getBytes(StandardCharsets.UTF_8));
        c.out = noBody ? new ByteBuffer[] {headers} : new ByteBuffer[] {headers, ByteBuffer.wrap(out.body())};
        c.closeAfter = closeAfter;
    }

    /** On the selector thread, after a worker or the selector wrote what the client took at once. */
    private void written(Connection c) {
        if (!c.channel.isOpen()) {
            close(c);
            return;
        }
        if (!c.written()) {
            c.state = Connection.State.WRITING;
            c.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_STALL_SECONDS);
            c.key.interestOps(SelectionKey.OP_WRITE);
            return;
        }
        c.out = new ByteBuffer[0];
        if (c.closeAfter) {
            close(c);
            return;
        }
        c.state = Connection.State.READING;
        c.key.interestOps(SelectionKey.OP_READ);
        long now = System.nanoTime();
        c.deadline = now + (c.partial() ? requestNanos : TimeUnit.SECONDS.toNanos(IDLE_SECONDS));
        try {
            if (c.wire.buffered()) {
                read(c);
            } else {
                parse(c);
            }
        } catch (IOException e) {
            close(c);
        }
    }

    private void write(Connection c) throws IOException {
        if (c.state == Connection.State.READING) {
            if (c.wire.flush()) {
                c.key.interestOps(SelectionKey.OP_READ);
                read(c);
            }
            return;
        }
        long n = c.wire.write(c.out);
        if (n > 0) {
            c.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WRITE_STALL_SECONDS);
        }
        if (c.written()) {
            written(c);
        }
    }

    private void sweep(long now) {
        List<Connection> late = new ArrayList<>();
        for (Connection c : open) {
            if (c.state != Connection.State.ANSWERING && now - c.deadline >= 0) {
                late.add(c);
            }
        }
        for (Connection c : late) {
            if (c.state == Connection.State.READING && c.partial()) {
                try {
                    answer(c, WebResponse.text(408, "the request did not arrive in time"), false, true);
                } catch (IOException e) {
                    close(c);
                }
            } else {
                close(c);
            }
        }
    }

    private void close(Connection c) {
        if (open.remove(c)) {
            byAddress.computeIfPresent(c.address, (a, n) -> n > 1 ? n - 1 : null);
        }
        c.key.cancel();
        c.wire.close();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 204 -> "No Content";
            case 301 -> "Moved Permanently";
            case 302 -> "Found";
            case 304 -> "Not Modified";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing on the way out
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

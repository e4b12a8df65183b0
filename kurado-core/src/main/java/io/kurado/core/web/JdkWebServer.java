package io.kurado.core.web;

import com.sun.net.httpserver.HttpServer;
import io.kurado.api.KuradoException;
import io.kurado.core.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web UI on the JDK's HTTP server: pages on {@code kurado-web-N} threads, graphs on
 * {@code kurado-graph-N} threads with a bounded queue. Started by {@link KuradoWeb#start}.
 */
public final class JdkWebServer implements WebServer {
    private static final Logger log = LoggerFactory.getLogger(JdkWebServer.class);
    static final int GRAPH_QUEUE = 4096;
    private static final String NODELAY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService pages;
    private final ExecutorService graphs;

    private JdkWebServer(HttpServer server, ExecutorService pages, ExecutorService graphs) {
        this.server = server;
        this.pages = pages;
        this.graphs = graphs;
    }

    static JdkWebServer start(WebHandler handler, InetSocketAddress listen, int pageThreads, int graphThreads) {
        // The JDK server writes headers and body in separate segments; with Nagle's algorithm on, a
        // client's delayed ACK then holds every response with a body for ~40 ms. Read once, when the
        // first server of the JVM is made; a value set by the application wins.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        InetSocketAddress bind = listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen;
        HttpServer server;
        try {
            server = HttpServer.create(bind, 256);
        } catch (IOException e) {
            throw new KuradoException("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": " + e.getMessage(), e);
        }
        ExecutorService pages = new ThreadPoolExecutor(pageThreads, pageThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), named("kurado-web-"));
        ExecutorService graphs = new ThreadPoolExecutor(graphThreads, graphThreads, 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(GRAPH_QUEUE), named("kurado-graph-"));
        server.createContext("/", new JdkHttpAdapter(handler, Optional.of(graphs)));
        server.setExecutor(pages);
        server.start();
        log.info("Web UI listening on http://{}:{}/ ({} page threads, {} graph threads)", bind.getHostString(),
                server.getAddress().getPort(), pageThreads, graphThreads);
        return new JdkWebServer(server, pages, graphs);
    }

    /** @return the port bound (useful when 0 was asked for) */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
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

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.kurado.core.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on a free loopback port that answers text requests with canned replies, for
 * testing plugins of line protocols (memcached, Redis, squid's cache manager). Each connection
 * reads what the client sends; whenever the bytes received so far end with a request set up
 * with {@link #reply}, its reply is sent (and the connection closed, for
 * {@link #replyAndClose}). Unknown requests get nothing; {@link #hanging()} answers nothing at all.
 *
 * <pre>{@code
 * try (FakeTcpServer server = FakeTcpServer.start()
 *         .reply("stats\r\n", "STAT version 1.6.18\r\nSTAT curr_items 3\r\nEND\r\n")) {
 *     ... server.port() ...
 * }
 * }</pre>
 */
public final class FakeTcpServer implements AutoCloseable {
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private record Rule(String request, String reply, boolean close) {}

    private final ServerSocket socket;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final int number = SERVERS.incrementAndGet();
    private final AtomicInteger connections = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private FakeTcpServer(ServerSocket socket) {
        this.socket = socket;
        this.acceptor = new Thread(this::accept, "kurado-fake-tcp-" + number);
        acceptor.setDaemon(true);
    }

    /** @return a started server on {@code 127.0.0.1} and a free port, with no replies yet */
    public static FakeTcpServer start() {
        try {
            FakeTcpServer f = new FakeTcpServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
            f.acceptor.start();
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a fake TCP server", e);
        }
    }

    /** @return a started server that accepts connections and never answers */
    public static FakeTcpServer hanging() {
        return start();
    }

    /**
     * @param request what the client sends, e.g. {@code stats\r\n}
     * @param reply what the server answers
     * @return this server
     */
    public FakeTcpServer reply(String request, String reply) {
        rules.add(new Rule(request, reply, false));
        return this;
    }

    /**
     * @param request what the client sends
     * @param reply what the server answers before it closes the connection
     * @return this server
     */
    public FakeTcpServer replyAndClose(String request, String reply) {
        rules.add(new Rule(request, reply, true));
        return this;
    }

    /** @return the port it listens on */
    public int port() {
        return socket.getLocalPort();
    }

    /** @return {@code 127.0.0.1} */
    public String address() {
        return socket.getInetAddress().getHostAddress();
    }

    /** @return the requests answered, in order (across connections) */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** @return how many connections it accepted */
    public int connections() {
        return connections.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = socket.accept();
                open.add(s);
                connections.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "kurado-fake-tcp-" + number + "-conn-" + connections.get());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream()) {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            byte[] b = new byte[4096];
            int n;
            while ((n = in.read(b)) >= 0) {
                buf.write(b, 0, n);
                String text = buf.toString(StandardCharsets.UTF_8);
                for (Rule r : new ArrayList<>(rules)) {
                    if (text.endsWith(r.request())) {
                        received.add(r.request());
                        s.getOutputStream().write(r.reply().getBytes(StandardCharsets.UTF_8));
                        s.getOutputStream().flush();
                        buf.reset();
                        if (r.close()) {
                            return;
                        }
                        break;
                    }
                }
            }
        } catch (IOException e) {
            // The client went away or the server is closing.
        } finally {
            open.remove(s);
        }
    }

    /** Stops listening and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.kurado.examples.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fetches URLs as a browser fetches a page's images: over a few kept-alive HTTP/1.1 connections,
 * each asking for the next image once the last has arrived. Lean on purpose (blocking sockets, no
 * TLS, no redirects), so that on the benchmark's machine the server, not this client, takes the CPU.
 */
final class BrowserConnections {
    /**
     * One answer.
     *
     * @param status the status code
     * @param body the body
     * @param close whether the server closes the connection after it
     */
    record Answer(int status, byte[] body, boolean close) {}

    private final InetSocketAddress server;
    private final int connections;

    /**
     * @param server the server's address
     * @param connections how many connections at once (browsers open 6 to a server)
     */
    BrowserConnections(InetSocketAddress server, int connections) {
        this.server = server;
        this.connections = connections;
    }

    /**
     * @param paths paths with their queries, each starting with {@code /}
     * @return the answers, in the order of the paths
     */
    List<Answer> fetchAll(List<String> paths) throws Exception {
        Answer[] out = new Answer[paths.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                fs.add(pool.submit(() -> {
                    Connection conn = null;
                    try {
                        for (int i; (i = next.getAndIncrement()) < out.length; ) {
                            Answer a = conn == null ? null : conn.get(paths.get(i));
                            if (a == null) { // not connected yet, or the server closed an idle connection
                                if (conn != null) {
                                    conn.close();
                                }
                                conn = new Connection(connect());
                                a = conn.get(paths.get(i));
                                if (a == null) {
                                    throw new IOException("the server closed the connection without answering " + paths.get(i));
                                }
                            }
                            out[i] = a;
                            if (a.close()) {
                                conn.close();
                                conn = null;
                            }
                        }
                    } finally {
                        if (conn != null) {
                            conn.close();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return List.of(out);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(server, 5000);
        s.setSoTimeout(60_000);
        return s;
    }

    /**
     * One kept-alive connection: its streams, and the buffer its answers are read through, live as
     * long as it does.
     */
    private final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        private final StringBuilder line = new StringBuilder(128);

        Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }

        /** @return the answer, or null when the server had closed the connection before answering */
        Answer get(String path) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = line();
            if (status == null) {
                return null;
            }
            int code = Integer.parseInt(status.split(" ", 3)[1]);
            long length = 0;
            boolean close = false;
            for (String h; (h = line()) != null && !h.isEmpty(); ) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).strip());
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            byte[] body = in.readNBytes((int) length);
            if (in.available() > 0) {
                throw new IOException("the server sent more than its Content-Length");
            }
            return new Answer(code, body, close);
        }

        private String line() throws IOException {
            line.setLength(0);
            for (int c; (c = in.read()) >= 0; ) {
                if (c == '\n') {
                    int n = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
                    return line.substring(0, n);
                }
                line.append((char) c);
            }
            return line.length() == 0 ? null : line.toString();
        }

        void close() throws IOException {
            socket.close();
        }
    }
}

package io.kurado.examples.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
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
                    Socket s = null;
                    try {
                        for (int i; (i = next.getAndIncrement()) < out.length; ) {
                            Answer a = s == null ? null : get(s, paths.get(i));
                            if (a == null) { // not connected yet, or the server closed an idle connection
                                if (s != null) {
                                    s.close();
                                }
                                s = connect();
                                a = get(s, paths.get(i));
                                if (a == null) {
                                    throw new IOException("the server closed the connection without answering " + paths.get(i));
                                }
                            }
                            out[i] = a;
                            if (a.close()) {
                                s.close();
                                s = null;
                            }
                        }
                    } finally {
                        if (s != null) {
                            s.close();
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

    /** @return the answer, or null when the server had closed the connection before answering */
    private Answer get(Socket s, String path) throws IOException {
        OutputStream o = s.getOutputStream();
        o.write(("GET " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        o.flush();
        InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024) {
            @Override
            public void close() {
                // the socket stays open for the next request
            }
        };
        String status = line(in);
        if (status == null) {
            return null;
        }
        int code = Integer.parseInt(status.split(" ", 3)[1]);
        long length = 0;
        boolean close = false;
        for (String h; (h = line(in)) != null && !h.isEmpty(); ) {
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

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) >= 0; ) {
            if (c == '\n') {
                byte[] l = b.toByteArray();
                int n = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                return new String(l, 0, n, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
}

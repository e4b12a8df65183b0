package io.kurado.examples.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fake status pages for {@code bench fetch}: one listening socket per loopback address
 * ({@code 127.x.y.z}, all local on Linux), served by a single selector thread. Requests for
 * {@code /server-status?auto}, {@code /nginx_status} and {@code /stat/go} are answered with pages
 * in the servers' formats, and the connection is closed, as Apache (whose keep-alive lasts seconds)
 * does for a client that comes back a minute later; the addresses marked hanging accept and read
 * every request and never answer. So each fetch connects anew, and the process holds no idle
 * connections between rounds (3,000 listeners and 9,000 pairs of kept-alive sockets would not fit
 * the usual limit of open files).
 */
final class LoopbackStatusPages implements AutoCloseable {
    private final Selector selector;
    private final List<ServerSocketChannel> listeners = new ArrayList<>();
    private final Set<String> hanging;
    private final Thread thread;
    private final AtomicLong answered = new AtomicLong();
    private volatile boolean running = true;

    private static final class Conn {
        final boolean hang;
        final StringBuilder in = new StringBuilder();
        ByteBuffer out;
        boolean closeAfterWrite;

        Conn(boolean hang) {
            this.hang = hang;
        }
    }

    LoopbackStatusPages(List<String> addresses, int port, Set<String> hanging) throws IOException {
        this.selector = Selector.open();
        this.hanging = Set.copyOf(hanging);
        for (String a : addresses) {
            ServerSocketChannel s = ServerSocketChannel.open();
            s.bind(new InetSocketAddress(a, port), 512);
            s.configureBlocking(false);
            s.register(selector, SelectionKey.OP_ACCEPT, a);
            listeners.add(s);
        }
        this.thread = new Thread(this::loop, "kurado-bench-status-pages");
        thread.setDaemon(true);
        thread.start();
    }

    long answered() {
        return answered.get();
    }

    private void loop() {
        ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
        long counter = 0;
        while (running) {
            try {
                selector.select(200);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (!k.isValid()) {
                        continue;
                    }
                    if (k.isAcceptable()) {
                        SocketChannel c;
                        try {
                            c = ((ServerSocketChannel) k.channel()).accept();
                        } catch (IOException e) {
                            continue; // out of descriptors for a moment: the client's deadline will tell
                        }
                        if (c != null) {
                            c.configureBlocking(false);
                            c.register(selector, SelectionKey.OP_READ, new Conn(hanging.contains((String) k.attachment())));
                        }
                        continue;
                    }
                    SocketChannel c = (SocketChannel) k.channel();
                    Conn conn = (Conn) k.attachment();
                    try {
                        if (k.isReadable()) {
                            buf.clear();
                            int n = c.read(buf);
                            if (n < 0) {
                                k.cancel();
                                c.close();
                                continue;
                            }
                            buf.flip();
                            conn.in.append(StandardCharsets.ISO_8859_1.decode(buf));
                            int end;
                            while (!conn.hang && (end = conn.in.indexOf("\r\n\r\n")) >= 0) {
                                String head = conn.in.substring(0, end);
                                conn.in.delete(0, end + 4);
                                counter++;
                                write(k, c, conn, response(head, counter));
                                conn.closeAfterWrite = true;
                            }
                            if (conn.closeAfterWrite && conn.out == null) {
                                k.cancel();
                                c.close();
                                continue;
                            }
                        }
                        if (k.isValid() && k.isWritable() && conn.out != null) {
                            c.write(conn.out);
                            if (!conn.out.hasRemaining()) {
                                conn.out = null;
                                if (conn.closeAfterWrite) {
                                    k.cancel();
                                    c.close();
                                    continue;
                                }
                                k.interestOps(SelectionKey.OP_READ);
                            }
                        }
                    } catch (IOException e) {
                        k.cancel();
                        c.close();
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                // a failed select: try again, unless closing
            }
        }
    }

    private void write(SelectionKey k, SocketChannel c, Conn conn, byte[] response) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(response);
        if (conn.out != null) {
            ByteBuffer joined = ByteBuffer.allocate(conn.out.remaining() + b.remaining());
            joined.put(conn.out).put(b).flip();
            b = joined;
        }
        c.write(b);
        answered.incrementAndGet();
        if (b.hasRemaining()) {
            conn.out = b;
            k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        } else {
            conn.out = null;
        }
    }

    private static byte[] response(String head, long n) {
        String line = head.lines().findFirst().orElse("");
        String path = line.split(" ").length > 1 ? line.split(" ")[1] : "/";
        String body;
        String server;
        if (path.startsWith("/server-status")) {
            server = "Apache/2.4.62 (Debian)";
            body = "Total Accesses: " + (1000 + n) + "\nTotal kBytes: 2120\nUptime: 86400\nBusyWorkers: " + (n % 7 + 1)
                    + "\nIdleWorkers: 20\nScoreboard: __W_K___\n";
        } else if (path.startsWith("/nginx_status")) {
            server = "nginx/1.22.1";
            body = "Active connections: 3 \nserver accepts handled requests\n 100 100 " + (5000 + n) + " \nReading: 0 Writing: 1 Waiting: 2 \n";
        } else if (path.startsWith("/stat/go")) {
            server = "go";
            body = "{\"goroutine_num\":" + (n % 50 + 10) + ",\"cgo_call_num\":0,\"gc_num\":" + n + ",\"memory_alloc\":4194304,"
                    + "\"memory_mallocs\":" + (n * 100) + ",\"memory_frees\":" + (n * 99) + ",\"go_version\":\"go1.21\"}";
        } else {
            byte[] nf = "not found\n".getBytes(StandardCharsets.US_ASCII);
            return ("HTTP/1.1 404 Not Found\r\nContent-Length: " + nf.length + "\r\nConnection: close\r\n\r\nnot found\n")
                    .getBytes(StandardCharsets.US_ASCII);
        }
        byte[] b = body.getBytes(StandardCharsets.US_ASCII);
        return ("HTTP/1.1 200 OK\r\nServer: " + server + "\r\nContent-Type: text/plain\r\nContent-Length: " + b.length
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Serves the status pages of {@code bench fetch} in a process of their own, so that their sockets and
     * CPU are not the fetching process's: arguments port, hosts and the percent of hosts that hang.
     * Prints {@code ready} once listening; when its standard input closes, prints {@code answered N}
     * and exits.
     */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        int hosts = Integer.parseInt(args[1]);
        int hangingPercent = Integer.parseInt(args[2]);
        List<String> addresses = new ArrayList<>();
        Set<String> hanging = new java.util.HashSet<>();
        for (int i = 0; i < hosts; i++) {
            String a = address(i);
            addresses.add(a);
            if (hangingPercent > 0 && i % 100 < hangingPercent) {
                hanging.add(a);
            }
        }
        try (LoopbackStatusPages pages = new LoopbackStatusPages(addresses, port, hanging)) {
            System.out.println("ready");
            System.out.flush();
            while (System.in.read() >= 0) {
                // until the benchmark is done
            }
            System.out.println("answered " + pages.answered());
            System.out.flush();
        }
    }

    /** @return the loopback address of host {@code i} */
    static String address(int i) {
        return "127." + (1 + i / 62_500) + "." + (i / 250 % 250) + "." + (i % 250 + 1);
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}

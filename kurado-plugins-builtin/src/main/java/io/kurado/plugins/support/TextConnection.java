package io.kurado.plugins.support;

import io.kurado.api.fetch.FetchContext;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A TCP connection for text protocols (memcached {@code stats}, Redis inline commands, squid
 * {@code cache_object}), bounded by the fetch's deadline: the connect waits at most
 * {@link Net#CONNECT_TIMEOUT} or the time left, and every read at most the time left. Failures are
 * {@link IOException}s whose message says what went wrong where.
 */
public final class TextConnection implements AutoCloseable {
    /** The most one connection reads, so that a misbehaving server cannot exhaust memory. */
    public static final int MAX_BYTES = 8 << 20;

    private final FetchContext context;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String where;
    private long read;

    private TextConnection(FetchContext context, Socket socket, String where) throws IOException {
        this.context = context;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        this.out = socket.getOutputStream();
        this.where = where;
    }

    /**
     * Connects to the fetch's host.
     *
     * @param context the fetch
     * @param port the port
     * @return the connection
     * @throws IOException when it cannot connect in time; the message names the address and port
     */
    public static TextConnection open(FetchContext context, int port) throws IOException {
        String address = context.host().address();
        String where = Net.where(address, port);
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(address, port), Net.connectMillis(context));
            return new TextConnection(context, s, where);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw Net.describe(e, where);
        }
    }

    /** @return {@code address:port} */
    public String where() {
        return where;
    }

    /**
     * @param text sent as UTF-8
     * @throws IOException when the server closed the connection
     */
    public void send(String text) throws IOException {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw Net.describe(e, where);
        }
    }

    /**
     * Reads one line ending in LF; the CR before it, if any, is removed.
     *
     * @return the line
     * @throws IOException when the server closes first, or the deadline passes
     */
    public String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        while (true) {
            int b = readByte();
            if (b < 0) {
                throw new IOException("connection closed by " + where + " in the middle of a reply");
            }
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.UTF_8);
            }
            line.write(b);
        }
    }

    /**
     * @param n how many bytes
     * @return exactly that many bytes, as UTF-8 text
     * @throws IOException when the server closes first, or the deadline passes
     */
    public String readBytes(int n) throws IOException {
        byte[] buf = new byte[n];
        int off = 0;
        while (off < n) {
            int k = read(buf, off, n - off);
            if (k < 0) {
                throw new IOException("connection closed by " + where + " in the middle of a reply");
            }
            off += k;
        }
        return new String(buf, StandardCharsets.UTF_8);
    }

    /**
     * @return everything the server sends until it closes the connection, as UTF-8 text
     * @throws IOException when the deadline passes first
     */
    public String readToClose() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream(4096);
        byte[] buf = new byte[8192];
        int k;
        while ((k = read(buf, 0, buf.length)) >= 0) {
            all.write(buf, 0, k);
        }
        return all.toString(StandardCharsets.UTF_8);
    }

    private int readByte() throws IOException {
        prepareRead();
        try {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        } catch (IOException e) {
            throw Net.describe(e, where);
        }
    }

    private int read(byte[] buf, int off, int len) throws IOException {
        prepareRead();
        try {
            int k = in.read(buf, off, len);
            if (k > 0) {
                count(k);
            }
            return k;
        } catch (IOException e) {
            throw Net.describe(e, where);
        }
    }

    private void prepareRead() throws IOException {
        try {
            socket.setSoTimeout(Net.millisLeft(context));
        } catch (IOException e) {
            throw Net.describe(e, where);
        }
    }

    private void count(int n) throws IOException {
        read += n;
        if (read > MAX_BYTES) {
            throw new EOFException(where + " sent more than " + (MAX_BYTES >> 20) + " MiB; giving up");
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

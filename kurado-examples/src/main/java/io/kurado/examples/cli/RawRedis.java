package io.kurado.examples.cli;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A plain connection to Redis for the benchmarks: pushes prepared batches the way an agent does
 * ({@code RPUSH}), so that the process under test spends nothing on producing them, and reads the
 * CPU the server has spent ({@code INFO cpu}).
 */
final class RawRedis implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RawRedis(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /**
     * @param setting a {@code redis://[:password@]host:port[/db]} or {@code host:port} setting
     * @return a connection to that server and database
     * @throws UncheckedIOException when it does not answer
     */
    static RawRedis connect(String setting) {
        String s = setting.contains("://") ? setting : "redis://" + setting;
        URI uri = URI.create(s);
        try {
            Socket sock = new Socket();
            sock.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort()), 2000);
            sock.setSoTimeout(30_000);
            RawRedis r = new RawRedis(sock);
            String info = uri.getUserInfo();
            if (info != null && info.indexOf(':') >= 0 && info.indexOf(':') < info.length() - 1) {
                r.call("AUTH", info.substring(info.indexOf(':') + 1));
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replace("/", "");
            if (!path.isEmpty()) {
                r.call("SELECT", path);
            }
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return one command encoded in RESP */
    static byte[] command(List<String> args) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] head = ("*" + args.size() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        b.write(head, 0, head.length);
        for (String a : args) {
            byte[] bytes = a.getBytes(StandardCharsets.UTF_8);
            byte[] len = ("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII);
            b.write(len, 0, len.length);
            b.write(bytes, 0, bytes.length);
            b.write('\r');
            b.write('\n');
        }
        return b.toByteArray();
    }

    /** Sends commands encoded by {@link #command} and reads their replies, failing on an error reply. */
    void send(List<byte[]> commands) {
        try {
            for (byte[] c : commands) {
                out.write(c);
            }
            out.flush();
            for (int i = 0; i < commands.size(); i++) {
                reply();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the reply to one command, as text */
    String call(String... args) {
        try {
            out.write(command(List.of(args)));
            out.flush();
            return reply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the CPU seconds the server has spent so far */
    double cpuSeconds() {
        double total = 0;
        for (String line : call("INFO", "cpu").split("\r\n")) {
            if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                total += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return total;
    }

    private String reply() throws IOException {
        String line = line();
        switch (line.isEmpty() ? '?' : line.charAt(0)) {
            case '+':
            case ':':
                return line.substring(1);
            case '$':
                int n = Integer.parseInt(line.substring(1));
                if (n < 0) {
                    return "";
                }
                byte[] body = in.readNBytes(n + 2);
                return new String(body, 0, n, StandardCharsets.UTF_8);
            case '-':
                throw new IOException("Redis answered " + line);
            default:
                throw new IOException("unexpected reply from Redis: " + line);
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        if (c < 0) {
            throw new IOException("Redis closed the connection");
        }
        return sb.toString();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing
        }
    }
}

package io.kurado.examples.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CPU a Redis server has spent ({@code INFO cpu}: {@code used_cpu_sys + used_cpu_user}), so that a
 * benchmark can report it beside its own. Asked over a plain socket of its own.
 */
final class RedisCpu {
    private final String host;
    private final int port;
    private final Optional<String> password;

    private RedisCpu(String host, int port, Optional<String> password) {
        this.host = host;
        this.port = port;
        this.password = password;
    }

    /** @return a reader for the Redis of a {@code redis://} or {@code host:port} setting, when it answers */
    static Optional<RedisCpu> of(String setting) {
        try {
            String s = setting.contains("://") ? setting : "redis://" + setting;
            URI uri = URI.create(s);
            Optional<String> pw = Optional.ofNullable(uri.getUserInfo()).map(u -> u.substring(u.indexOf(':') + 1)).filter(p -> !p.isEmpty());
            RedisCpu r = new RedisCpu(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort(), pw);
            r.seconds();
            return Optional.of(r);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** @return the server's CPU seconds so far */
    double seconds() {
        try (Socket sock = new Socket()) {
            sock.connect(new InetSocketAddress(host, port), 2000);
            sock.setSoTimeout(2000);
            OutputStream out = sock.getOutputStream();
            InputStream in = sock.getInputStream();
            if (password.isPresent()) {
                out.write(command("AUTH", password.get()));
                readLine(in);
            }
            out.write(command("INFO", "cpu"));
            String head = readLine(in);
            if (!head.startsWith("$")) {
                throw new IOException("unexpected reply " + head);
            }
            byte[] body = in.readNBytes(Integer.parseInt(head.substring(1)));
            double total = 0;
            for (String line : new String(body, StandardCharsets.UTF_8).split("\r\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1).strip());
                }
            }
            return total;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] command(String... args) {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String a : args) {
            sb.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }
}

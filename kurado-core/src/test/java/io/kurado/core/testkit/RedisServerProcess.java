package io.kurado.core.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A redis-server of a test's own, on a free port, writing every command to its append-only file so
 * that a crash loses nothing it acknowledged. It can be crashed and started again on the same port
 * and directory, as a production Redis restarts.
 */
public final class RedisServerProcess implements AutoCloseable {
    private static final List<String> DURABLE = List.of("--save", "", "--appendonly", "yes", "--appendfsync", "always");
    private static final List<String> EPHEMERAL = List.of("--save", "", "--appendonly", "no");

    private final int port;
    private final Path dir;
    private final List<String> persistence;
    private Process process;

    /**
     * @param dir where it keeps its files and log
     * @throws IOException when no free port can be found
     */
    public RedisServerProcess(Path dir) throws IOException {
        this(dir, DURABLE);
    }

    private RedisServerProcess(Path dir, List<String> persistence) throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        this.dir = dir;
        this.persistence = persistence;
    }

    /**
     * A server that keeps nothing on disk, for tests that do not restart it.
     *
     * @param dir where it keeps its log
     * @return the server, not started
     * @throws IOException when no free port can be found
     */
    public static RedisServerProcess ephemeral(Path dir) throws IOException {
        return new RedisServerProcess(dir, EPHEMERAL);
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return {@code 127.0.0.1:<port>} */
    public String address() {
        return "127.0.0.1:" + port;
    }

    /**
     * Starts it (again) and waits until it answers PING.
     *
     * @return this
     * @throws IOException when it exits or does not answer within 20 s
     * @throws InterruptedException when interrupted while waiting
     */
    public RedisServerProcess start() throws IOException, InterruptedException {
        Prerequisites.program("redis-server");
        Path out = dir.resolve("redis.out");
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--logfile", dir.resolve("redis.log").toString()));
        command.addAll(persistence);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server exited: " + Files.readString(out));
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("PING\r\n".getBytes());
                byte[] buf = new byte[64];
                int n = s.getInputStream().read(buf);
                if (n > 0 && new String(buf, 0, n).startsWith("+PONG")) {
                    return this;
                }
            } catch (IOException notYet) {
                // still starting or still loading its append-only file
            }
            Thread.sleep(50);
        }
        throw new IOException("redis-server did not answer on port " + port);
    }

    /**
     * Kills it without letting it save or flush anything more.
     *
     * @throws InterruptedException when interrupted while waiting for it to die
     */
    public void crash() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

package io.kurado.plugins.support;

import io.kurado.core.testkit.Prerequisites;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * A server program of the test's own (memcached, nginx) on a free loopback port, in a temporary
 * directory; stopped on close.
 */
public final class LocalServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private LocalServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a program and waits until its port accepts connections.
     *
     * @param program the program, skipped (or failed under CI) when missing
     * @param dir its directory
     * @param command the command line for a port
     * @return the running server
     * @throws IOException when it exits or does not listen within 20 s
     * @throws InterruptedException when interrupted while waiting
     */
    public static LocalServer start(String program, Path dir, IntFunction<List<String>> command) throws IOException, InterruptedException {
        Prerequisites.program(program);
        int port = freePort();
        Path log = dir.resolve(Path.of(program).getFileName() + ".out");
        Process p = new ProcessBuilder(new ArrayList<>(command.apply(port))).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException(program + " exited with " + p.exitValue() + ": " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return new LocalServer(p, port, log);
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException(program + " did not listen on " + port + " within 20 s: " + Files.readString(log));
    }

    /** @return a port nothing listens on right now */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** @return the port it listens on */
    public int port() {
        return port;
    }

    /** @return its output so far */
    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}

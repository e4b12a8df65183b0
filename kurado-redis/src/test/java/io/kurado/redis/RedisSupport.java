package io.kurado.redis;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Where the ITs find Redis, and a private redis-server they can stop and restart. */
final class RedisSupport {
    private RedisSupport() {}

    /** @return the Redis the ITs share: {@code -Dkurado.it.redis.uri}, default 127.0.0.1:6379 */
    static RedisTarget shared() {
        return RedisTarget.parse(System.getProperty("kurado.it.redis.uri", "redis://127.0.0.1:6379"));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A redis-server of the test's own, persisting every write so that a crash loses nothing acknowledged. */
    static final class OwnServer implements AutoCloseable {
        final int port;
        final Path dir;
        private Process process;

        OwnServer(Path dir) throws IOException {
            this.port = freePort();
            this.dir = dir;
        }

        OwnServer start() throws IOException, InterruptedException {
            List<String> cmd = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port),
                    "--bind", "127.0.0.1", "--dir", dir.toString(), "--save", "", "--appendonly", "yes",
                    "--appendfsync", "always", "--logfile", dir.resolve("redis.log").toString()));
            process = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.out").toFile()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IOException("redis-server exited: " + Files.readString(dir.resolve("redis.out")));
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

        /** Kills the server without letting it save or flush anything more. */
        void crash() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor();
        }

        RedisTarget target() {
            return RedisTarget.parse("127.0.0.1:" + port);
        }

        @Override
        public void close() throws InterruptedException {
            if (process != null) {
                process.destroyForcibly();
                process.waitFor();
            }
        }
    }
}

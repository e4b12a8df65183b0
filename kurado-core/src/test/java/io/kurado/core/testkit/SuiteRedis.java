package io.kurado.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The suite's own redis-server: one per test JVM, on a free port, keeping nothing on disk, started
 * on first use and killed when the JVM exits.
 */
final class SuiteRedis {
    private static URI uri;

    private SuiteRedis() {}

    static synchronized URI uri() {
        if (uri == null) {
            uri = start();
        }
        return uri;
    }

    private static URI start() {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                Path dir = Files.createTempDirectory("kurado-test-redis-");
                RedisServerProcess server = RedisServerProcess.ephemeral(dir);
                try {
                    server.start();
                } catch (IOException e) {
                    server.close();
                    throw e;
                }
                Runtime.getRuntime().addShutdownHook(new Thread(server::close, "kurado-test-redis-stop"));
                System.out.println("[redis] the tests use a redis-server of their own at " + server.address()
                        + " (set -D" + Prerequisites.REDIS_URI_PROPERTY + " to use another)");
                return URI.create("redis://" + server.address());
            } catch (IOException e) {
                last = e; // another process may have taken the free port in between: try another
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the tests' redis-server", e);
            }
        }
        throw new UncheckedIOException("cannot start the tests' redis-server", last);
    }
}

package io.kurado.redis;

import java.io.IOException;
import java.net.ServerSocket;

/** Where the ITs find Redis. */
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
}

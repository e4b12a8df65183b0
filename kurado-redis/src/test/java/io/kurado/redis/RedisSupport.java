package io.kurado.redis;

import io.kurado.core.testkit.Prerequisites;
import io.lettuce.core.RedisURI;
import java.io.IOException;
import java.net.ServerSocket;

/** Where the ITs find Redis. */
final class RedisSupport {
    private RedisSupport() {}

    /** @return the Redis the ITs share: the suite's own redis-server unless {@code -Dkurado.it.redis.uri} names one */
    static RedisURI shared() {
        return RedisSetting.parse(Prerequisites.redisUri().toString());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

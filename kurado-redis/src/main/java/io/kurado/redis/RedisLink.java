package io.kurado.redis;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.Objects;

/**
 * One connection to Redis, to a single server (or a Sentinel set's master) or to a Redis Cluster,
 * seen through the commands both answer: Lettuce's {@code RedisClusterCommands} family, which its
 * standalone and cluster command interfaces both extend. On a Cluster each command goes to the
 * node that owns its (first) key's slot, following redirects; a command or script that touches
 * several keys must keep them in one slot.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class RedisLink<K, V> implements AutoCloseable {
    private final StatefulConnection<K, V> connection;
    private final RedisClusterCommands<K, V> sync;
    private final RedisClusterAsyncCommands<K, V> async;
    private final boolean cluster;

    private RedisLink(StatefulConnection<K, V> connection, RedisClusterCommands<K, V> sync,
            RedisClusterAsyncCommands<K, V> async, boolean cluster) {
        this.connection = Objects.requireNonNull(connection, "connection");
        this.sync = sync;
        this.async = async;
        this.cluster = cluster;
    }

    static <K, V> RedisLink<K, V> of(StatefulRedisConnection<K, V> c) {
        return new RedisLink<>(c, c.sync(), c.async(), false);
    }

    static <K, V> RedisLink<K, V> of(StatefulRedisClusterConnection<K, V> c) {
        return new RedisLink<>(c, c.sync(), c.async(), true);
    }

    /** @return commands that wait for their reply */
    RedisClusterCommands<K, V> sync() {
        return sync;
    }

    /** @return commands that return at once with a future (for pipelining) */
    RedisClusterAsyncCommands<K, V> async() {
        return async;
    }

    /** @return whether this is a connection to a Redis Cluster */
    boolean cluster() {
        return cluster;
    }

    @Override
    public void close() {
        connection.close();
    }
}

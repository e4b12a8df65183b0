package io.kurado.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One Lettuce client per Redis target, configured for Kurado: reconnect automatically, reject
 * commands while disconnected (so a producer learns at once that nothing was accepted, instead of
 * piling commands up in memory), try to reconnect at least once a second, never replay a command that was in flight when a connection
 * dropped, a bounded request queue and a command timeout.
 */
final class RedisConnector implements AutoCloseable {
    private static final java.util.Map<RedisTarget, RedisConnector> SHARED = new java.util.HashMap<>();

    /** How long any command may take; blocking polls wait less than this. */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /** The most commands queued on one connection. */
    static final int REQUEST_QUEUE = 100_000;

    /**
     * The longest wait between two reconnect attempts: a connection comes back within a second
     * of Redis (the client's default lets it wait up to 30 s after a long outage).
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final RedisTarget target;
    private final ClientResources resources;
    private final RedisClient client;
    private int users;

    /**
     * The one client of a target in this JVM: the queue and the meta store of a server share it
     * (and its event loops). Each caller closes what it acquired; the last close shuts it down.
     *
     * @param target where Redis is
     * @return the shared connector
     */
    static RedisConnector acquire(RedisTarget target) {
        synchronized (SHARED) {
            RedisConnector c = SHARED.computeIfAbsent(target, RedisConnector::new);
            c.users++;
            return c;
        }
    }

    private RedisConnector(RedisTarget target) {
        this.target = Objects.requireNonNull(target, "target");
        this.resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        this.client = RedisClient.create(resources, target.toLettuce(COMMAND_TIMEOUT));
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                // a command in flight when the connection drops fails instead of being sent again
                // later: its caller decides (a producer retries, a consumer re-queues its leftovers)
                .replayFilter(command -> true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).tcpNoDelay(true).build())
                .timeoutOptions(TimeoutOptions.enabled(COMMAND_TIMEOUT))
                .build());
    }

    RedisTarget target() {
        return target;
    }

    /** @return a new connection, owned by the caller */
    StatefulRedisConnection<String, String> connect() {
        return client.connect();
    }

    /**
     * @param codec how keys and values are encoded
     * @param <K> the key type
     * @param <V> the value type
     * @return a new connection, owned by the caller
     */
    <K, V> StatefulRedisConnection<K, V> connect(io.lettuce.core.codec.RedisCodec<K, V> codec) {
        return client.connect(codec);
    }

    /** Releases one acquisition; the last one shuts the client down. */
    @Override
    public void close() {
        synchronized (SHARED) {
            if (--users > 0) {
                return;
            }
            SHARED.remove(target);
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}

package io.kurado.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client and the address it connects to, used by one or more of the queue, the meta
 * store and the coordination. Each user {@linkplain #retain() retains} it and {@linkplain
 * #release() releases} it when it closes. A client Kurado created is shut down with its resources
 * at the last release; a client the application handed in is never shut down here (whoever
 * supplies a resource shuts it down).
 *
 * <p>The client Kurado creates is configured for it: reconnect automatically, reject commands while
 * disconnected (so a producer learns at once that nothing was accepted, instead of piling commands
 * up in memory), try to reconnect at least once a second, never replay a command that was in
 * flight when a connection dropped, a bounded request queue and a command timeout.
 */
final class RedisConnector {
    /** The most commands queued on one connection. */
    static final int REQUEST_QUEUE = 100_000;

    /**
     * The longest wait between two reconnect attempts: a connection comes back within a second
     * of Redis (the client's default lets it wait up to 30 s after a long outage).
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    private final RedisURI uri;
    private final String shown;
    private final RedisClient client;
    private final ClientResources resources;
    private int users;
    private boolean shutDown;

    private RedisConnector(RedisURI uri, RedisClient client, ClientResources resources) {
        this.uri = Objects.requireNonNull(uri, "uri");
        // Lettuce masks the password; the timeout is left out, as noise in messages
        this.shown = uri.toString().replaceFirst("\\?timeout=[^&#]*&", "?").replaceFirst("[?&]timeout=[^&#]*", "");
        this.client = Objects.requireNonNull(client, "client");
        this.resources = resources;
    }

    /**
     * @param uri where Redis is
     * @return a connector with a client of its own, shut down at the last release
     */
    static RedisConnector owned(RedisURI uri) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        RedisClient client = RedisClient.create(resources);
        Duration timeout = uri.getTimeout();
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                // a command in flight when the connection drops fails instead of being sent again
                // later: its caller decides (a producer retries, a consumer re-queues its leftovers)
                .replayFilter(command -> true)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).tcpNoDelay(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
        return new RedisConnector(uri, client, resources);
    }

    /**
     * @param client the application's client, which stays the application's to shut down
     * @param uri where Redis is
     * @return a connector that never shuts the client down
     */
    static RedisConnector borrowed(RedisClient client, RedisURI uri) {
        return new RedisConnector(uri, client, null);
    }

    /** @return whether the client is the application's */
    boolean borrowed() {
        return resources == null;
    }

    /**
     * Counts one more user.
     *
     * @return this
     * @throws IllegalStateException when the client has already been shut down
     */
    RedisConnector retain() {
        if (!tryRetain()) {
            throw new IllegalStateException("the Redis client of " + uri + " has been shut down");
        }
        return this;
    }

    /** @return whether one more user is counted; false when the client has been shut down */
    synchronized boolean tryRetain() {
        if (shutDown) {
            return false;
        }
        users++;
        return true;
    }

    /** Counts one user less; after the last, a client Kurado created is shut down. */
    void release() {
        synchronized (this) {
            if (users == 0 || --users > 0 || borrowed()) {
                return;
            }
            shutDown = true;
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** @return how long a command may take */
    Duration timeout() {
        return uri.getTimeout();
    }

    /** @return a new connection, owned by the caller */
    StatefulRedisConnection<String, String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * @param codec how keys and values are encoded
     * @param <K> the key type
     * @param <V> the value type
     * @return a new connection, owned by the caller (to the master, when the address names Sentinels)
     * @throws RedisException when Redis cannot be reached
     */
    <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
        if (uri.getSocket() != null && !io.lettuce.core.resource.Transports.NativeTransports.isDomainSocketSupported()) {
            throw new RedisException("a redis-socket:// address needs Netty's native transport on the class path "
                    + "(io.netty:netty-transport-native-epoll, classifier linux-x86_64 or linux-aarch_64)");
        }
        return client.connect(codec, uri);
    }

    /** @return the address, without its password */
    @Override
    public String toString() {
        return shown;
    }
}

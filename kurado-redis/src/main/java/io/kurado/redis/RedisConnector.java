package io.kurado.redis;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A Lettuce client and the address it connects to (one server, a Sentinel set's master, or a
 * Redis Cluster), used by one or more of the queue, the meta
 * store and the coordination. Each user {@linkplain #retain() retains} it and {@linkplain
 * #release() releases} it when it closes. A client Kurado created is shut down with its resources
 * at the last release; a client the application handed in is never shut down here (whoever
 * supplies a resource shuts it down).
 *
 * <p>The client Kurado creates is configured for it: reconnect automatically, reject commands while
 * disconnected (so a producer learns at once that nothing was accepted, instead of piling commands
 * up in memory), try to reconnect at least once a second, never replay a command that was in
 * flight when a connection dropped, a bounded request queue and a command timeout. A Cluster
 * client also learns the Cluster's topology again every {@link #TOPOLOGY_REFRESH} and whenever a
 * node redirects a command or stays unreachable, so it follows a failover or a resharding.
 */
final class RedisConnector {
    /** The most commands queued on one connection. */
    static final int REQUEST_QUEUE = 100_000;

    /**
     * The longest wait between two reconnect attempts: a connection comes back within a second
     * of Redis (the client's default lets it wait up to 30 s after a long outage).
     */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(1);

    /** How often a Cluster client asks for the Cluster's topology, besides when a node redirects it. */
    static final Duration TOPOLOGY_REFRESH = Duration.ofSeconds(30);

    private final RedisAddress address;
    private final String shown;
    private final AbstractRedisClient client;
    private final ClientResources resources;
    private int users;
    private boolean shutDown;

    private RedisConnector(RedisAddress address, AbstractRedisClient client, ClientResources resources) {
        this.address = Objects.requireNonNull(address, "address");
        this.shown = address.toString();
        this.client = Objects.requireNonNull(client, "client");
        if (address.cluster() != client instanceof RedisClusterClient) {
            throw new IllegalArgumentException(address.cluster() ? "a Redis Cluster needs a RedisClusterClient"
                    : "one Redis server needs a RedisClient, not a RedisClusterClient");
        }
        this.resources = resources;
    }

    /**
     * @param uri where Redis is
     * @return a connector with a client of its own, shut down at the last release
     */
    static RedisConnector owned(RedisURI uri) {
        return owned(RedisAddress.of(uri));
    }

    /**
     * @param address where Redis is
     * @return a connector with a client of its own, shut down at the last release
     */
    static RedisConnector owned(RedisAddress address) {
        ClientResources resources = DefaultClientResources.builder()
                .reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2, TimeUnit.MILLISECONDS))
                .build();
        try {
            return owned(address, resources);
        } catch (RuntimeException | Error e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    private static RedisConnector owned(RedisAddress address, ClientResources resources) {
        Duration timeout = address.first().getTimeout();
        if (address.cluster()) {
            RedisClusterClient client = RedisClusterClient.create(resources, address.uris());
            ClusterClientOptions.Builder options = ClusterClientOptions.builder()
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_REFRESH)
                            .enableAllAdaptiveRefreshTriggers()
                            .build());
            configure(options, timeout);
            client.setOptions(options.build());
            return new RedisConnector(address, client, resources);
        }
        RedisClient client = RedisClient.create(resources);
        ClientOptions.Builder options = ClientOptions.builder();
        configure(options, timeout);
        client.setOptions(options.build());
        return new RedisConnector(address, client, resources);
    }

    private static void configure(ClientOptions.Builder options, Duration timeout) {
        options.autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .socketOptions(SocketOptions.builder().connectTimeout(Duration.ofSeconds(5)).tcpNoDelay(true).build())
                .timeoutOptions(TimeoutOptions.enabled(timeout));
        // a command in flight when the connection drops fails instead of being sent again
        // later: its caller decides (a producer retries, a consumer re-queues its leftovers)
        options.replayFilter(command -> true);
    }

    /**
     * @param client the application's client, which stays the application's to shut down
     * @param uri where Redis is
     * @return a connector that never shuts the client down
     */
    static RedisConnector borrowed(RedisClient client, RedisURI uri) {
        return new RedisConnector(RedisAddress.of(uri), client, null);
    }

    /**
     * @param client the application's Cluster client, which stays the application's to shut down
     * @param address the Cluster's seeds, as the client was made with (for the timeout and messages)
     * @return a connector that never shuts the client down
     */
    static RedisConnector borrowed(RedisClusterClient client, RedisAddress address) {
        return new RedisConnector(address, client, null);
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
            throw new IllegalStateException("the Redis client of " + shown + " has been shut down");
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
        return address.first().getTimeout();
    }

    /** @return whether Redis is a Cluster */
    boolean cluster() {
        return address.cluster();
    }

    /** @return a new connection, owned by the caller */
    RedisLink<String, String> connect() {
        return connect(StringCodec.UTF8);
    }

    /**
     * @param codec how keys and values are encoded
     * @param <K> the key type
     * @param <V> the value type
     * @return a new connection, owned by the caller (to the master, when the address names
     *     Sentinels; to every node it needs, when it names a Cluster)
     * @throws RedisException when Redis cannot be reached
     */
    <K, V> RedisLink<K, V> connect(RedisCodec<K, V> codec) {
        if (client instanceof RedisClusterClient cluster) {
            StatefulRedisClusterConnection<K, V> c = cluster.connect(codec);
            try {
                // Lettuce connects to a node when a command first goes there, and rejects commands
                // that wait for such a connection (DisconnectedBehavior.REJECT_COMMANDS): so the
                // masters are connected now, before a command goes to them
                for (RedisClusterNode node : c.getPartitions()) {
                    if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                        c.getConnection(node.getUri().getHost(), node.getUri().getPort());
                    }
                }
            } catch (RuntimeException e) {
                c.close();
                throw e;
            }
            return RedisLink.of(c);
        }
        RedisURI uri = address.first();
        if (uri.getSocket() != null && !io.lettuce.core.resource.Transports.NativeTransports.isDomainSocketSupported()) {
            throw new RedisException("a redis-socket:// address needs Netty's native transport on the class path "
                    + "(io.netty:netty-transport-native-epoll, classifier linux-x86_64 or linux-aarch_64)");
        }
        return RedisLink.of(((RedisClient) client).connect(codec, uri));
    }

    /** @return the address, without its password */
    @Override
    public String toString() {
        return shown;
    }
}

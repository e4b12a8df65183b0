package io.kurado.redis;

import io.kurado.api.coordination.Coordination;
import io.kurado.api.coordination.CoordinationException;
import io.kurado.api.coordination.Lease;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Leases on Redis, shared by every process that uses the same server: a lease is the key
 * {@code kurado-lock:<name>} holding {@code <owner> <token>}, set with {@code NX} and a
 * millisecond expiry that Redis enforces. Renewal and release are scripts that act only while the
 * key still holds this lease's value, so an old holder never extends or deletes a newer lease.
 * Every command touches one key, so leases work on a Redis Cluster as on one server.
 *
 * <p>The key and its {@code NX} take are those of earlier versions' scheduler lock, so servers of
 * both versions sharing one Redis still schedule each minute once.
 */
public final class RedisCoordination implements Coordination {
    /** Sets KEYS[1]'s expiry to ARGV[2] ms when it holds ARGV[1]; returns 1 when it did. */
    private static final String RENEW = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """;
    /** Deletes KEYS[1] when it holds ARGV[1]. */
    private static final String RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RedisConnector connector;
    private final RedisLink<String, String> conn;
    private final InstantSource clock;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Connects with a client of its own, shut down when this coordination closes.
     *
     * @param uri where Redis is (see {@link RedisSetting#parse(String)})
     * @param clock the clock a lease's expiry is estimated by (Redis decides it)
     * @throws CoordinationException when Redis cannot be reached
     */
    public RedisCoordination(RedisURI uri, InstantSource clock) {
        this(RedisConnector.owned(uri).retain(), clock);
    }

    /**
     * Connects through the application's client, which this coordination never shuts down.
     *
     * @param client the application's client
     * @param uri where Redis is
     * @param clock the clock a lease's expiry is estimated by (Redis decides it)
     * @throws CoordinationException when Redis cannot be reached
     */
    public RedisCoordination(RedisClient client, RedisURI uri, InstantSource clock) {
        this(RedisConnector.borrowed(client, uri).retain(), clock);
    }

    /**
     * Connects with a client of its own, shut down when this coordination closes.
     *
     * @param address where Redis is: one server, a Sentinel set or a Cluster (see {@link RedisSetting#address(String)})
     * @param clock the clock a lease's expiry is estimated by (Redis decides it)
     * @throws CoordinationException when Redis cannot be reached
     */
    public RedisCoordination(RedisAddress address, InstantSource clock) {
        this(RedisConnector.owned(address).retain(), clock);
    }

    /**
     * Connects through the application's Redis Cluster client, which this coordination never shuts down.
     *
     * @param client the application's client
     * @param address the Cluster's seeds, as the client was made with
     * @param clock the clock a lease's expiry is estimated by (Redis decides it)
     * @throws CoordinationException when Redis cannot be reached
     */
    public RedisCoordination(RedisClusterClient client, RedisAddress address, InstantSource clock) {
        this(RedisConnector.borrowed(client, address).retain(), clock);
    }

    RedisCoordination(RedisConnector connector, InstantSource clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.connector = connector;
        try {
            this.conn = connector.connect();
        } catch (RedisException e) {
            connector.release();
            throw new CoordinationException("cannot connect to " + connector + ": " + RedisQueue.rootMessage(e), e);
        }
    }

    /**
     * @param name a lease's name
     * @return the Redis key that holds it
     */
    public static String key(String name) {
        return "kurado-lock:" + name;
    }

    @Override
    public Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
        requirePositive(ttl);
        Lease lease = new Lease(name, owner, newToken(), clock.instant().plus(ttl));
        try {
            String reply = conn.sync().set(key(name), value(lease), SetArgs.Builder.nx().px(ttl.toMillis()));
            return "OK".equals(reply) ? Optional.of(lease) : Optional.empty();
        } catch (RedisException e) {
            throw failure("take the lease " + name, e);
        }
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration ttl) {
        requirePositive(ttl);
        try {
            Long done = conn.sync().eval(RENEW, ScriptOutputType.INTEGER, new String[] {key(lease.name())}, value(lease),
                    Long.toString(ttl.toMillis()));
            return done != null && done == 1 ? Optional.of(lease.withExpiry(clock.instant().plus(ttl))) : Optional.empty();
        } catch (RedisException e) {
            throw failure("renew the lease " + lease.name(), e);
        }
    }

    @Override
    public void release(Lease lease) {
        try {
            conn.sync().eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(lease.name())}, value(lease));
        } catch (RedisException e) {
            throw failure("release the lease " + lease.name(), e);
        }
    }

    private CoordinationException failure(String what, RedisException e) {
        return new CoordinationException("could not " + what + " on " + connector + ": " + RedisQueue.rootMessage(e), e);
    }

    private static String value(Lease lease) {
        return lease.owner() + ' ' + lease.token();
    }

    private static String newToken() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void requirePositive(Duration ttl) {
        if (ttl.toMillis() < 1) {
            throw new IllegalArgumentException("a lease's ttl must be at least 1 ms, not " + ttl);
        }
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            conn.close();
            connector.release();
        }
    }

    @Override
    public String toString() {
        return "RedisCoordination[" + connector + "]";
    }
}

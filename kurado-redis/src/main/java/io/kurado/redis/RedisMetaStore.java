package io.kurado.redis;

import io.kurado.api.KuradoException;
import io.kurado.api.Meta;
import io.kurado.api.PluginRef;
import io.kurado.api.Warning;
import io.kurado.api.meta.MetaRules;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.meta.MetaWrite;
import io.kurado.api.meta.PluginState;
import io.lettuce.core.KeyValue;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.SetArgs;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link MetaStore} on Redis, with the original's key schema so that a Perl web process and
 * this server can share one Redis:
 * <ul>
 *   <li>meta: sorted set {@code storage/A/P} (member key, score expiry) and string
 *       {@code storage/A/P/key} expiring after an hour;
 *   <li>warnings: {@code __warn__/A/P} and {@code __warn__/A/P/key}
 *       ({@code YYYY-MM-DDTHH:MM:SS message}) for five minutes, and {@code __warn__/A} (epoch);
 *   <li>last received: {@code __last_recieved__/A/P} (the original's spelling), epoch seconds.
 * </ul>
 * Writes of a batch go out pipelined on one shared connection. Every command touches one key, but
 * for the {@code MGET} of a plugin's values, which Lettuce splits by slot on a Redis Cluster; so the
 * store works on a Cluster with the original's key names. State values ({@link #readState}) are one
 * hash per namespace, {@code kurado-state:<namespace>}.
 */
public final class RedisMetaStore implements MetaStore {
    private final RedisConnector connector;
    private final RedisLink<String, String> conn;
    private final InstantSource clock;
    private final ZoneId zone;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * Connects with a client of its own, shut down when this store closes.
     *
     * @param uri where Redis is (see {@link RedisSetting#parse(String)})
     * @param clock the clock expiries are computed from
     * @param zone the time zone of the warnings' time stamps
     * @throws KuradoException when Redis cannot be reached
     */
    public RedisMetaStore(RedisURI uri, InstantSource clock, ZoneId zone) {
        this(RedisConnector.owned(uri).retain(), clock, zone);
    }

    /**
     * Connects through the application's client, which this store never shuts down.
     *
     * @param client the application's client
     * @param uri where Redis is
     * @param clock the clock expiries are computed from
     * @param zone the time zone of the warnings' time stamps
     * @throws KuradoException when Redis cannot be reached
     */
    public RedisMetaStore(RedisClient client, RedisURI uri, InstantSource clock, ZoneId zone) {
        this(RedisConnector.borrowed(client, uri).retain(), clock, zone);
    }

    /**
     * Connects with a client of its own, shut down when this store closes.
     *
     * @param address where Redis is: one server, a Sentinel set or a Cluster (see {@link RedisSetting#address(String)})
     * @param clock the clock expiries are computed from
     * @param zone the time zone of the warnings' time stamps
     * @throws KuradoException when Redis cannot be reached
     */
    public RedisMetaStore(RedisAddress address, InstantSource clock, ZoneId zone) {
        this(RedisConnector.owned(address).retain(), clock, zone);
    }

    /**
     * Connects through the application's Redis Cluster client, which this store never shuts down.
     *
     * @param client the application's client
     * @param address the Cluster's seeds, as the client was made with
     * @param clock the clock expiries are computed from
     * @param zone the time zone of the warnings' time stamps
     * @throws KuradoException when Redis cannot be reached
     */
    public RedisMetaStore(RedisClusterClient client, RedisAddress address, InstantSource clock, ZoneId zone) {
        this(RedisConnector.borrowed(client, address).retain(), clock, zone);
    }

    RedisMetaStore(RedisConnector connector, InstantSource clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.connector = connector;
        try {
            this.conn = connector.connect();
        } catch (RedisException e) {
            connector.release();
            throw new KuradoException("cannot connect to " + connector + ": " + RedisQueue.rootMessage(e), e);
        }
    }

    static String metaIndex(String address, PluginRef plugin) {
        return "storage/" + address + "/" + plugin.escapedIdentifier();
    }

    static String warnIndex(String address, PluginRef plugin) {
        return "__warn__/" + address + "/" + plugin.escapedIdentifier();
    }

    static String lastReceivedKey(String address, PluginRef plugin) {
        return "__last_recieved__/" + address + "/" + plugin.escapedIdentifier();
    }

    @Override
    public void write(MetaWrite write) {
        long now = clock.instant().getEpochSecond();
        RedisClusterAsyncCommands<String, String> a = conn.async();
        List<Future<?>> fs = new ArrayList<>();
        long metaUntil = now + MetaRules.META_TTL.toSeconds();
        for (Meta m : write.meta()) {
            String idx = metaIndex(m.address(), m.plugin());
            fs.add(a.zadd(idx, metaUntil, m.key()));
            fs.add(a.set(idx + "/" + m.key(), m.value(), SetArgs.Builder.exAt(metaUntil)));
        }
        long warnUntil = now + MetaRules.WARNING_TTL.toSeconds();
        for (Warning w : write.warnings()) {
            String idx = warnIndex(w.address(), w.plugin());
            fs.add(a.zadd(idx, warnUntil, w.key()));
            fs.add(a.set(idx + "/" + w.key(), MetaRules.warningText(w, zone), SetArgs.Builder.exAt(warnUntil)));
            fs.add(a.set("__warn__/" + w.address(), Long.toString(now), SetArgs.Builder.ex(MetaRules.WARNING_TTL)));
        }
        for (MetaWrite.Received r : write.received()) {
            fs.add(a.set(lastReceivedKey(r.address(), r.plugin()), Long.toString(write.receivedAt()),
                    SetArgs.Builder.ex(MetaRules.LAST_RECEIVED_TTL)));
        }
        await(fs, "write meta of " + write.received().size() + " plugin(s)");
    }

    @Override
    public PluginState read(String address, PluginRef plugin) {
        long now = clock.instant().getEpochSecond();
        RedisClusterAsyncCommands<String, String> a = conn.async();
        String mIdx = metaIndex(address, plugin);
        String wIdx = warnIndex(address, plugin);
        Range<Long> dead = Range.from(Range.Boundary.unbounded(), Range.Boundary.excluding(now));
        Range<Long> live = Range.from(Range.Boundary.including(now), Range.Boundary.unbounded());
        RedisFuture<Long> f1 = a.zremrangebyscore(mIdx, dead);
        RedisFuture<List<String>> metaKeys = a.zrangebyscore(mIdx, live);
        RedisFuture<Long> f2 = a.zremrangebyscore(wIdx, dead);
        RedisFuture<List<String>> warnKeys = a.zrangebyscore(wIdx, live);
        RedisFuture<String> last = a.get(lastReceivedKey(address, plugin));
        await(List.of(f1, metaKeys, f2, warnKeys, last), "read meta of " + address + " " + plugin.identifier());
        Map<String, String> meta = values(a, mIdx, get(metaKeys));
        Map<String, String> warnings = values(a, wIdx, get(warnKeys));
        Optional<Instant> lastReceived = Optional.ofNullable(get(last)).flatMap(RedisMetaStore::epoch);
        return new PluginState(meta, warnings, lastReceived);
    }

    @Override
    public Optional<Instant> lastReceived(String address, PluginRef plugin) {
        try {
            return Optional.ofNullable(conn.sync().get(lastReceivedKey(address, plugin))).flatMap(RedisMetaStore::epoch);
        } catch (RedisException e) {
            throw new KuradoException("could not read when data of " + address + " " + plugin.identifier() + " last arrived from "
                    + connector + ": " + RedisQueue.rootMessage(e), e);
        }
    }

    @Override
    public boolean hasWarning(String address) {
        try {
            String last = conn.sync().get("__warn__/" + address);
            return last != null && epoch(last).map(t -> t.plus(MetaRules.WARNING_TTL).isAfter(clock.instant())).orElse(true);
        } catch (RedisException e) {
            throw new KuradoException("could not read warnings of " + address + " from " + connector + ": "
                    + RedisQueue.rootMessage(e), e);
        }
    }

    static String stateKey(String namespace) {
        return "kurado-state:" + namespace;
    }

    @Override
    public Map<String, String> readState(String namespace) {
        RedisFuture<Map<String, String>> f = conn.async().hgetall(stateKey(namespace));
        await(List.of(f), "read the state " + namespace);
        return Map.copyOf(get(f));
    }

    @Override
    public void writeState(String namespace, Map<String, String> put, Set<String> remove) {
        RedisClusterAsyncCommands<String, String> a = conn.async();
        List<Future<?>> fs = new ArrayList<>();
        String key = stateKey(namespace);
        if (!remove.isEmpty()) {
            fs.add(a.hdel(key, remove.toArray(String[]::new)));
        }
        if (!put.isEmpty()) {
            fs.add(a.hset(key, put));
        }
        await(fs, "write the state " + namespace);
        for (Future<?> f : fs) {
            get(f);
        }
    }

    /** Sets field ARGV[1] of hash KEYS[1] to ARGV[3] when it holds ARGV[2] (ARGV[4] = '0': when it is absent). */
    private static final String COMPARE_AND_SET = """
            local now = redis.call('HGET', KEYS[1], ARGV[1])
            if ARGV[4] == '0' then
              if now then return 0 end
            elseif now ~= ARGV[2] then
              return 0
            end
            redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
            return 1
            """;

    /** One script on one key: it works on a Redis Cluster as on one server. */
    @Override
    public boolean compareAndSetState(String namespace, String field, Optional<String> expected, String value) {
        RedisFuture<Long> f = conn.async().eval(COMPARE_AND_SET, io.lettuce.core.ScriptOutputType.INTEGER,
                new String[] {stateKey(namespace)}, field, expected.orElse(""), value, expected.isPresent() ? "1" : "0");
        await(List.of(f), "change the state " + namespace);
        Long r = get(f);
        return r != null && r == 1L;
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
        return "RedisMetaStore[" + connector + "]";
    }

    private Map<String, String> values(RedisClusterAsyncCommands<String, String> a, String index, List<String> members) {
        Map<String, String> out = new HashMap<>();
        if (members.isEmpty()) {
            return out;
        }
        String[] keys = members.stream().map(m -> index + "/" + m).toArray(String[]::new);
        RedisFuture<List<KeyValue<String, String>>> f = a.mget(keys);
        await(List.of(f), "read " + index);
        List<KeyValue<String, String>> kvs = get(f);
        for (int i = 0; i < kvs.size(); i++) {
            KeyValue<String, String> kv = kvs.get(i);
            if (kv.hasValue()) {
                out.put(members.get(i), kv.getValue());
            }
        }
        return out;
    }

    private static Optional<Instant> epoch(String s) {
        try {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(s.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void await(List<? extends Future<?>> fs, String what) {
        boolean done = LettuceFutures.awaitAll(connector.timeout(), fs.toArray(Future[]::new));
        if (!done) {
            throw new KuradoException("timed out trying to " + what + " on " + connector);
        }
    }

    private <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new KuradoException("Redis " + connector + " failed: " + RedisQueue.rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KuradoException("interrupted while reading from " + connector, e);
        }
    }
}

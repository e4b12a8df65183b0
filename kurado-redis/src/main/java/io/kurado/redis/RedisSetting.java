package io.kurado.redis;

import io.kurado.api.KuradoException;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Reads the setting {@code redis}: {@code host}, {@code host:port} or {@code [v6addr]:port} as the
 * original's configuration writes it, or any address Lettuce's {@link RedisURI} reads:
 * {@code redis://[[user]:password@]host[:port][/db]}, {@code rediss://…} (TLS),
 * {@code redis-socket:///path/to/socket[?database=db]} and
 * {@code redis-sentinel://[[user]:password@]host[:port][,host2[:port2]…][/db]#master}; and a Redis
 * Cluster by one or more of its nodes, {@code redis-cluster://[[user]:password@]host:port[,host2:port2…]}
 * ({@code rediss-cluster://…} with TLS), read with {@link #address(String)}. A user name is a Redis 6
 * ACL user; without one the password is the default user's.
 */
public final class RedisSetting {
    /** The setting's name in the {@code config} document. */
    public static final String NAME = "redis";
    /** How long a command may take when the address does not say ({@code ?timeout=}). */
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private RedisSetting() {}

    /**
     * @param text what the setting holds: one server or a Sentinel set, not a Cluster
     * @return where Redis is; a new, mutable {@link RedisURI} owned by the caller
     * @throws KuradoException naming the setting and what is wrong with it, never the password; also
     *     for a {@code redis-cluster://} address, which names several servers (see {@link #address(String)})
     */
    public static RedisURI parse(String text) {
        RedisAddress address = address(text);
        if (address.cluster()) {
            throw new KuradoException("setting '" + NAME + "': '" + redact(text.strip()) + "' names a Redis Cluster,"
                    + " which is not one server: read it with RedisSetting.address");
        }
        return address.first();
    }

    /**
     * @param text what the setting holds
     * @return where Redis is: one server, a Sentinel set's master or a Cluster's seeds; new, mutable
     *     {@link RedisURI}s owned by the caller
     * @throws KuradoException naming the setting and what is wrong with it, never the password
     */
    public static RedisAddress address(String text) {
        String t = Objects.requireNonNull(text, "text").strip();
        if (t.isEmpty()) {
            throw bad(t, "it is empty");
        }
        if (t.startsWith("redis-cluster://") || t.startsWith("rediss-cluster://")) {
            List<RedisURI> seeds = fromCluster(t);
            if (!t.contains("timeout=")) {
                seeds.forEach(uri -> uri.setTimeout(COMMAND_TIMEOUT));
            }
            return RedisAddress.cluster(seeds);
        }
        RedisURI uri = t.contains("://") ? fromUri(t, t) : fromHostPort(t);
        if (!t.contains("timeout=")) {
            uri.setTimeout(COMMAND_TIMEOUT);
        }
        return RedisAddress.of(uri);
    }

    /**
     * Reads {@code redis-cluster://[[user]:password@]host:port[,host:port…][?query]} as one
     * {@code redis://} (or {@code rediss://}) address per seed, each with the credentials and query.
     */
    private static List<RedisURI> fromCluster(String t) {
        int schemeEnd = t.indexOf("://");
        String scheme = t.startsWith("rediss") ? "rediss" : "redis";
        String rest = t.substring(schemeEnd + 3);
        int end = rest.length();
        for (char c : new char[] {'/', '?', '#'}) {
            int i = rest.indexOf(c);
            if (i >= 0 && i < end) {
                end = i;
            }
        }
        String authority = rest.substring(0, end);
        String suffix = rest.substring(end);
        if (suffix.startsWith("#")) {
            throw bad(t, "a Cluster has no master name ('#…' is for redis-sentinel)");
        }
        if (suffix.startsWith("/")) {
            String db = suffix.substring(1).split("\\?", 2)[0];
            if (!db.isEmpty() && !db.equals("0")) {
                throw bad(t, "a Redis Cluster has only database 0, not '" + db + "'");
            }
        }
        int at = authority.lastIndexOf('@');
        String userInfo = at < 0 ? "" : authority.substring(0, at + 1);
        String hosts = authority.substring(at + 1);
        List<RedisURI> seeds = new ArrayList<>();
        for (String host : hosts.split(",", -1)) {
            if (host.isBlank()) {
                throw bad(t, "it names no host" + (hosts.isEmpty() ? "" : " between two commas"));
            }
            String h = host.strip();
            int colon = h.lastIndexOf(':');
            if (colon > h.lastIndexOf(']') && !h.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw bad(t, "the port must be a number, not '" + h.substring(colon + 1) + "'");
            }
            RedisURI seed = fromUri(t, scheme + "://" + userInfo + h + suffix);
            if (seed.getDatabase() != 0) {
                throw bad(t, "a Redis Cluster has only database 0");
            }
            seeds.add(seed);
        }
        return seeds;
    }

    /** Reads {@code t} with Lettuce; a problem names {@code shown}, what the user wrote. */
    private static RedisURI fromUri(String shown, String t) {
        String scheme = t.substring(0, t.indexOf("://"));
        if (!scheme.matches("redis|rediss|redis\\+ssl|redis\\+tls|redis-socket|redis-sentinel|rediss-sentinel")) {
            throw bad(shown, "the scheme must be redis, rediss, redis-socket, redis-sentinel or redis-cluster, not '" + scheme + "'");
        }
        try {
            RedisURI uri = RedisURI.create(t);
            if (uri.getSocket() == null && uri.getSentinels().isEmpty() && (uri.getHost() == null || uri.getHost().isEmpty())) {
                throw bad(shown, "it names no host");
            }
            if (!uri.getSentinels().isEmpty() && uri.getSentinelMasterId() == null) {
                throw bad(shown, "a redis-sentinel address must end in #<master name>");
            }
            return uri;
        } catch (NumberFormatException e) {
            throw bad(shown, "the port and the database must be numbers");
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw bad(shown, redact(String.valueOf(e.getMessage())));
        }
    }

    private static RedisURI fromHostPort(String t) {
        String host = t;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw bad(t, "'[' is not closed");
            }
            host = t.substring(1, close);
            if (close + 1 < t.length()) {
                if (t.charAt(close + 1) != ':') {
                    throw bad(t, "expected ':' after ']'");
                }
                port = t.substring(close + 2);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            port = t.substring(t.indexOf(':') + 1);
        }
        if (host.isEmpty()) {
            throw bad(t, "it names no host");
        }
        int p = RedisURI.DEFAULT_REDIS_PORT;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw bad(t, "the port must be a number, not '" + port + "'");
            }
            if (p < 1 || p > 65535) {
                throw bad(t, "the port must be 1-65535, not " + p);
            }
        }
        return RedisURI.Builder.redis(host, p).build();
    }

    /**
     * @param text an address or URI as a user wrote it
     * @return the same with the password of any {@code scheme://user:password@} replaced by {@code ***}
     */
    static String redact(String text) {
        return text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)([^:@/]*):[^@/]*@", "$1$2:***@")
                .replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)([^:@/]+)@", "$1***@");
    }

    private static KuradoException bad(String text, String why) {
        return new KuradoException("setting '" + NAME + "': '" + redact(text) + "' is not a Redis address: " + why
                + " (write host:port, redis://[user:password@]host:port[/db], rediss://…, redis-socket:///path or "
                + "redis-sentinel://host:port[,host:port…]#master or redis-cluster://host:port[,host:port…])");
    }
}

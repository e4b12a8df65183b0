package io.kurado.redis;

import io.lettuce.core.RedisURI;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where Redis is: one server, the master that a set of Sentinels names (one {@link RedisURI}
 * each), or a Redis Cluster reached through one or more seed nodes. Read it from the setting with
 * {@link RedisSetting#address(String)}.
 *
 * @param uris the server's address, or the Cluster's seeds; Lettuce's mutable {@link RedisURI}s,
 *     owned by whoever made this address
 * @param cluster whether the addresses are seeds of a Redis Cluster
 */
public record RedisAddress(List<RedisURI> uris, boolean cluster) {
    /** Copies the list; one address unless it is a Cluster's seeds. */
    public RedisAddress {
        uris = List.copyOf(Objects.requireNonNull(uris, "uris"));
        if (uris.isEmpty()) {
            throw new IllegalArgumentException("a Redis address needs at least one server");
        }
        if (!cluster && uris.size() > 1) {
            throw new IllegalArgumentException("several addresses are the seeds of a Redis Cluster, not one server");
        }
    }

    /**
     * @param uri one server, or the master that its Sentinels name
     * @return that address
     */
    public static RedisAddress of(RedisURI uri) {
        return new RedisAddress(List.of(uri), false);
    }

    /**
     * @param seeds nodes of a Redis Cluster, of which any one that answers tells where the rest are
     * @return the Cluster's address
     */
    public static RedisAddress cluster(List<RedisURI> seeds) {
        return new RedisAddress(seeds, true);
    }

    /** @return the first (or only) address, whose timeout and credentials hold for all */
    public RedisURI first() {
        return uris.get(0);
    }

    /** @return the address without its password or its timeout, as messages show it */
    @Override
    public String toString() {
        if (!cluster) {
            return shown(first());
        }
        // the seeds share the credentials: Lettuce's mask of them is shown once
        String first = shown(first());
        String rest = first.substring(first.indexOf("://") + 3);
        String credentials = rest.contains("@") ? rest.substring(0, rest.lastIndexOf('@') + 1) : "";
        return (first().isSsl() ? "rediss-cluster://" : "redis-cluster://") + credentials + uris.stream().map(u -> {
            String one = shown(u);
            one = one.substring(one.indexOf("://") + 3);
            return one.substring(one.lastIndexOf('@') + 1);
        }).collect(Collectors.joining(","));
    }

    private static String shown(RedisURI uri) {
        // Lettuce masks the password; the timeout is left out, as noise in messages (RedisURI.builder
        // would drop a Sentinel address's sentinels)
        return uri.toString().replaceFirst("\\?timeout=[^&#]*&", "?").replaceFirst("[?&]timeout=[^&#]*", "");
    }
}

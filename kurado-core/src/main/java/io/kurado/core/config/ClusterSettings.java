package io.kurado.core.config;

import io.kurado.core.cluster.Shards;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How this server takes part in a group of servers sharing one Redis: {@code node_id},
 * {@code advertise_url} and the {@code cluster} mapping of the {@code config} document. Without a
 * {@code cluster} mapping the server runs alone, exactly as without these settings.
 *
 * @param enabled whether the configuration has a {@code cluster} mapping
 * @param nodeId this node's id ({@code node_id}); empty for the command line's or the host name
 * @param advertiseUrl where the other nodes reach this node's web role ({@code advertise_url});
 *     empty to derive it from {@code listen}
 * @param shards how many shards a new shard map has ({@code cluster: shards:}, default
 *     {@value io.kurado.core.cluster.Shards#DEFAULT_COUNT}); an existing map keeps its own count
 * @param replicas how many nodes write each shard's files ({@code cluster: replicas:}, 1 or 2)
 * @param shardBacklog the most batches that wait for one copy of a shard while its node is down
 *     ({@code cluster: shard_backlog:}, default 10,000); beyond it the oldest are dropped and counted
 * @param settle how long a starting node waits to see the other nodes before it shares out
 *     shards nobody owns ({@code cluster: settle_seconds:}, default 10)
 */
public record ClusterSettings(boolean enabled, Optional<String> nodeId, Optional<URI> advertiseUrl, int shards, int replicas,
        long shardBacklog, Duration settle) {
    /** A server on its own. */
    public static final ClusterSettings NONE = new ClusterSettings(false, Optional.empty(), Optional.empty(), Shards.DEFAULT_COUNT,
            1, 10_000, Duration.ofSeconds(10));

    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /** Checks the parts. */
    public ClusterSettings {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(advertiseUrl, "advertiseUrl");
        Objects.requireNonNull(settle, "settle");
        nodeId.flatMap(ClusterSettings::nodeIdProblem).ifPresent(p -> {
            throw new IllegalArgumentException(p);
        });
        if (shards < 1 || shards > 4096) {
            throw new IllegalArgumentException("shards must be from 1 to 4096, not " + shards);
        }
        if (replicas < 1 || replicas > 2) {
            throw new IllegalArgumentException("replicas must be 1 or 2, not " + replicas);
        }
        if (shardBacklog < 1) {
            throw new IllegalArgumentException("shard_backlog must be positive, not " + shardBacklog);
        }
    }

    /**
     * @param id a node id
     * @return what is wrong with it, if anything
     */
    public static Optional<String> nodeIdProblem(String id) {
        if (NODE_ID.matcher(id).matches()) {
            return Optional.empty();
        }
        return Optional.of("node id '" + id + "' must be 1 to 63 letters, digits, dots, dashes or underscores, starting with a letter"
                + " or digit");
    }

    /**
     * @param id the node id to use (the command line's {@code --node-id})
     * @return a copy with that id
     */
    public ClusterSettings withNodeId(String id) {
        return new ClusterSettings(enabled, Optional.of(id), advertiseUrl, shards, replicas, shardBacklog, settle);
    }

    /**
     * @param fallback the id when none is set (the host name)
     * @return this node's id
     */
    public String nodeIdOr(String fallback) {
        return nodeId.orElse(fallback);
    }

    /**
     * The URL the other nodes reach this node at: {@code advertise_url}, else {@code http://} and the
     * listen address, with the host name in place of a wildcard address.
     *
     * @param listen the web role's address
     * @param hostName this machine's name
     * @return the URL, ending with {@code /}
     */
    public URI advertiseUrlOr(InetSocketAddress listen, String hostName) {
        if (advertiseUrl.isPresent()) {
            return advertiseUrl.get();
        }
        String host = listen.getHostString();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0") || host.isEmpty()) {
            host = hostName;
        }
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + listen.getPort() + "/");
    }
}

package io.kurado.core.cluster;

import io.kurado.core.config.ClusterSettings;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The role that makes this server a node of a group sharing one Redis: it starts a
 * {@link ClusterNode} before the update, fetch and web roles (start order 50), and sets the
 * engine's {@linkplain EngineContext#placement() placement} and {@linkplain EngineContext#cluster()
 * node}, which the update role then writes through (only the shards this node owns) and the fetch
 * role pushes through (straight to the shard queues). An engine whose configuration has a
 * {@code cluster} mapping runs it without being asked; without one it is never needed.
 *
 * <p>Found through {@link java.util.ServiceLoader}; an application that copies shard files its own
 * way hands {@code new ClusterRole(ctx -> copier)} to {@code Kurado.builder().role(...)}; the
 * installed one copies them over HTTP ({@link #httpCopier}).
 */
public final class ClusterRole implements RoleProvider {
    /** The role's name. */
    public static final Role ROLE = Role.of("cluster");

    private final Function<EngineContext, ShardCopier> copiers;

    /**
     * The installed role: a shard that moves here is copied over HTTP from the node that has its
     * files ({@link ShardFiles}, signing in with {@code web: peer_auth:}).
     */
    public ClusterRole() {
        this(ClusterRole::httpCopier);
    }

    /**
     * @param ctx the engine's context
     * @return a copier that fetches a shard's files from the other node's {@value ShardFiles#PATH}
     *     into this node's data directory
     */
    public static ShardCopier httpCopier(EngineContext ctx) {
        ShardFiles files = new ShardFiles(PeerClient.of(() -> ctx.config().settings().access()));
        return (shard, count, from) -> files.copy(from.advertiseUrl(), shard, count, ctx.config().settings().dataDir()).files();
    }

    /** @param copiers makes the copier of shard files from the engine's context */
    public ClusterRole(Function<EngineContext, ShardCopier> copiers) {
        this.copiers = Objects.requireNonNull(copiers, "copiers");
    }

    @Override
    public Role role() {
        return ROLE;
    }

    @Override
    public int startOrder() {
        return 50;
    }

    @Override
    public Set<Need> needs() {
        return EnumSet.of(Need.META_STORE);
    }

    @Override
    public RoleComponent create(EngineContext ctx) {
        KuradoConfig config = ctx.config();
        ClusterSettings cs = config.cluster();
        String host = hostName();
        boolean writes = ctx.runs(Role.UPDATE) && ctx.hasStorage();
        ClusterNode node = ClusterNode.builder()
                .settings(cs)
                .nodeId(nodeId(cs, host))
                .advertiseUrl(advertiseUrl(cs, config, host))
                .metaStore(ctx.metaStore())
                .coordination(ctx.coordination())
                .queue(ctx.hasQueue() ? ctx.queue() : null)
                .clock(ctx.clock())
                .writes(writes)
                .storage(writes ? ctx.storage() : null)
                .copier(copiers.apply(ctx))
                .lag(() -> ctx.counters().snapshot(-1, -1).lagMillis())
                .maxBatchBytes(config.settings().ingest().maxBatchBytes())
                .build();
        return new RoleComponent() {
            @Override
            public void start() {
                node.start();
                ctx.cluster(node);
                ctx.placement(node.placement());
            }

            @Override
            public void close() {
                node.close();
            }
        };
    }

    /**
     * @param cs the cluster settings
     * @param host this machine's name
     * @return the node id: {@code node_id} (or {@code --node-id}), else the host name made fit for one
     */
    static String nodeId(ClusterSettings cs, String host) {
        String fallback = host.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
        if (fallback.isEmpty()) {
            fallback = "node";
        }
        return cs.nodeIdOr(fallback.length() > 63 ? fallback.substring(0, 63) : fallback);
    }

    private static URI advertiseUrl(ClusterSettings cs, KuradoConfig config, String host) {
        return cs.advertiseUrlOr(config.settings().listen(), host);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

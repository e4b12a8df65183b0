package io.kurado.examples.cli;

import io.kurado.core.cluster.ShardMapStore;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.core.Providers;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.Shards;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.plugin.PluginRegistry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the {@code kurado cluster} commands share: the configuration, and the Redis of the group. */
final class ClusterTools implements AutoCloseable {
    final KuradoConfig config;
    final MetaStore metaStore;
    final Queue queue;
    final InstantSource clock = InstantSource.system();

    /** What a cluster command does with the group's Redis and the shard map in force. */
    @FunctionalInterface
    interface MapTask {
        /**
         * @param tools the configuration and the group's Redis
         * @param store where the shard map is kept
         * @param map the shard map in force
         * @return the command's exit code
         */
        int run(ClusterTools tools, ShardMapStore store, ShardMap map);
    }

    /**
     * Opens the group's Redis, reads the shard map and runs the task with them; says so when the
     * configuration cannot be read or there is no map yet.
     *
     * @param file the configuration
     * @param err where problems are said
     * @param task what the command does
     * @return the task's exit code, or 1
     */
    static int withShardMap(Path file, PrintWriter err, MapTask task) {
        Optional<ClusterTools> opened = open(file, err);
        if (opened.isEmpty()) {
            return 1;
        }
        try (ClusterTools t = opened.get()) {
            ShardMapStore store = new ShardMapStore(t.metaStore);
            Optional<ShardMap> read = store.read();
            if (read.isEmpty()) {
                err.println("There is no shard map in this Redis yet: start a node of the group (kurado server with 'cluster:' in its"
                        + " configuration) and it makes one.");
                return 1;
            }
            return task.run(t, store, read.get());
        }
    }

    private ClusterTools(KuradoConfig config, MetaStore metaStore, Queue queue) {
        this.config = config;
        this.metaStore = metaStore;
        this.queue = queue;
    }

    /**
     * @param file the configuration
     * @param err where problems are said
     * @return the tools, or empty when the configuration has problems or no Redis (said on err)
     */
    static Optional<ClusterTools> open(Path file, PrintWriter err) {
        KuradoConfig cfg;
        try {
            cfg = ConfigLoader.load(file);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            return Optional.empty();
        }
        if (cfg.settings().redis().isEmpty()) {
            err.println("This configuration has no 'redis:': the nodes of a group of servers share one Redis, which holds the shard"
                    + " map; give its address");
            return Optional.empty();
        }
        if (!cfg.cluster().enabled()) {
            err.println("Note: this configuration has no 'cluster:' mapping in 'config'; servers started with it run alone.");
        }
        InstantSource clock = InstantSource.system();
        PluginRegistry registry = PluginRegistry.discover(ClusterTools.class.getClassLoader());
        MetaStore meta = Providers.metaStore(cfg, registry, clock);
        try {
            return Optional.of(new ClusterTools(cfg, meta, Providers.queue(cfg, registry, clock)));
        } catch (RuntimeException e) {
            meta.close();
            throw e;
        }
    }

    /**
     * @param map the shard map
     * @param shard a shard
     * @return the configured hosts in that shard
     */
    List<String> hostsOf(ShardMap map, int shard) {
        List<String> out = new ArrayList<>();
        for (HostEntry h : config.hosts()) {
            if (Shards.shardOf(h.address(), map.count()) == shard) {
                out.add(h.address());
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            queue.close();
        } finally {
            metaStore.close();
        }
    }
}

package io.kurado.core.internal.engine;

import io.kurado.api.KuradoException;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.core.cluster.ClusterNode;
import io.kurado.core.cluster.ShardRouter;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The update, fetch and scheduler roles, found through {@link java.util.ServiceLoader} like any other. */
public final class BuiltinRoles {
    private static final Logger log = LoggerFactory.getLogger(BuiltinRoles.class);

    private BuiltinRoles() {}

    /**
     * The consumer name of a shard copy's updater: one name whichever node owns the copy, so that
     * the next owner takes back what a previous one had taken and not acknowledged.
     */
    public static final String SHARD_CONSUMER = "owner";
    /** The one thread of a node of a group that takes the batches of every shard copy the node owns. */
    public static final String SHARDS_THREAD = "kurado-update-shards";

    /** Writes batches from the update queue into the storage and the meta store. */
    public static final class Update implements RoleProvider {
        @Override
        public Role role() {
            return Role.UPDATE;
        }

        @Override
        public int startOrder() {
            return 100;
        }

        @Override
        public Set<Need> needs() {
            return EnumSet.of(Need.QUEUE, Need.STORAGE, Need.META_STORE);
        }

        @Override
        public RoleComponent create(EngineContext ctx) {
            if (ctx.config().cluster().enabled()) {
                return inCluster(ctx);
            }
            Settings s = ctx.config().settings();
            Updater updater = new Updater(ctx.queue(), ctx.storage(), ctx.metaStore(), ctx.clock(), s.dataDir(),
                    ctx.counters(), s.ingest());
            return new RoleComponent() {
                @Override
                public void start() {
                    // before anything is taken: a second writer of the storage is refused here, not at its first write
                    ctx.storage().openForWriting();
                    ctx.formerNodeName().ifPresent(former -> giveBack(ctx, former));
                    updater.start(s.updateWorkers(), ctx.nodeName(), Topic.UPDATE);
                    log.info("Update role started: {} workers", s.updateWorkers());
                }

                @Override
                public void close() {
                    updater.close();
                }
            };
        }

        /**
         * A node of a group of servers writes the shard copies it owns, each from its own queue, all
         * by one updater thread ({@link Updater#startTopics}); {@code kurado-update} is the router's.
         */
        private static RoleComponent inCluster(EngineContext ctx) {
            Settings s = ctx.config().settings();
            return new RoleComponent() {
                private ClusterNode node;
                private Updater updater;

                @Override
                public synchronized void start() {
                    ctx.storage().openForWriting();
                    node = ctx.cluster().orElseThrow(() -> new KuradoException("the configuration has 'cluster:' but the cluster"
                            + " role does not run; run it with the update role (--roles cluster,update,...)"));
                    ctx.formerNodeName().ifPresent(former -> giveBack(ctx, former));
                    // what this server took from kurado-update when it ran alone goes back, for the router
                    ctx.queue().consumer(Topic.UPDATE, ctx.nodeName() + "-update-1").close();
                    updater = new Updater(ctx.queue(), ctx.storage(), ctx.metaStore(), ctx.clock(), s.dataDir(), ctx.counters(),
                            s.ingest());
                    updater.startTopics(1, SHARDS_THREAD);
                    node.startWriting(topic -> updater.take(topic, SHARD_CONSUMER));
                    log.info("Update role started: writing the shard copies node {} owns ({} now)", node.nodeId(),
                            node.map().slotsOf(node.nodeId()).size());
                }

                @Override
                public synchronized void close() {
                    if (node != null) {
                        node.stopWriting();
                    }
                    if (updater != null) {
                        updater.close();
                    }
                }
            };
        }

        /**
         * Servers named their update consumer after the host alone before; what such a consumer
         * held when its server stopped goes back to the queue.
         */
        private static void giveBack(EngineContext ctx, String former) {
            try {
                ctx.queue().consumer(Topic.UPDATE, former + "-update-1").close();
            } catch (RuntimeException e) {
                log.warn("Could not look for batches held by the consumer {}-update-1 of an earlier version: {}", former, e.toString());
            }
        }
    }

    /** Runs the fetchers of the jobs on the fetch queue and puts what they return on the update queue. */
    public static final class Fetch implements RoleProvider {
        @Override
        public Role role() {
            return Role.FETCH;
        }

        @Override
        public int startOrder() {
            return 200;
        }

        @Override
        public Set<Need> needs() {
            return EnumSet.of(Need.QUEUE, Need.META_STORE);
        }

        @Override
        public RoleComponent create(EngineContext ctx) {
            Settings s = ctx.config().settings();
            // a node of a group of servers puts what it fetches straight on the shard queues
            Queue queue = ctx.cluster().flatMap(ClusterNode::router).map(ShardRouter::routingQueue).orElse(ctx.queue());
            FetchWorkers workers = new FetchWorkers(ctx::config, ctx.registry(), queue, ctx.metaStore(), ctx.clock(),
                    ctx.fetchConcurrency() > 0 ? ctx.fetchConcurrency() : s.fetchWorkers() * FetchWorkers.CONCURRENCY_PER_WORKER,
                    s.fetchTimeout(), ctx.counters());
            return new RoleComponent() {
                @Override
                public void start() {
                    workers.start(s.fetchWorkers(), ctx.nodeName(), Topic.FETCH, Topic.UPDATE);
                }

                @Override
                public void close() {
                    workers.close();
                }
            };
        }
    }

    /** Once a minute, puts one fetch job per host and pull plugin on the fetch queue. */
    public static final class Schedule implements RoleProvider {
        @Override
        public Role role() {
            return Role.SCHEDULER;
        }

        @Override
        public int startOrder() {
            return 300;
        }

        @Override
        public Set<Need> needs() {
            return EnumSet.of(Need.QUEUE);
        }

        @Override
        public RoleComponent create(EngineContext ctx) {
            return new RoleComponent() {
                private Scheduler scheduler;

                @Override
                public synchronized void start() {
                    scheduler = new Scheduler(ctx::config, ctx.registry(), ctx.queue(), ctx.coordination(), ctx.nodeName(),
                            ctx.clock(), ctx.schedulerOffset(), ctx.counters());
                    scheduler.start();
                }

                @Override
                public synchronized void close() {
                    if (scheduler != null) {
                        scheduler.close();
                    }
                }
            };
        }
    }
}

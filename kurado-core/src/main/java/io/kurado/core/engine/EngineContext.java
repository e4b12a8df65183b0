package io.kurado.core.engine;

import io.kurado.api.KuradoException;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.metrics.MeterId;
import io.kurado.api.metrics.MeterSource;
import io.kurado.api.metrics.Meters;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Storage;
import io.kurado.core.cluster.ClusterNode;
import io.kurado.core.cluster.HostPlacement;
import io.kurado.core.cluster.PeerClient;
import io.kurado.core.cluster.PlacedStorage;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.internal.engine.EngineCounters;
import io.kurado.core.plugin.PluginRegistry;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What an engine shares with its roles: the configuration, the plugins, the storage, queue, meta
 * store and coordination, the clock, the counters and this process's node name. A role takes what
 * it {@linkplain RoleProvider#needs() declared}; the engine, not the role, closes these.
 */
public final class EngineContext {
    private final ConfigReloads configs;
    private final boolean reloadOverHttp;
    private final PluginRegistry registry;
    private final Storage storage;
    private final Queue queue;
    private final MetaStore metaStore;
    private final Supplier<Coordination> coordinationFactory;
    private Coordination coordination;
    private final InstantSource clock;
    private final EngineCounters counters;
    private final String nodeName;
    private final boolean nodeNameGiven;
    private final Optional<String> formerNodeName;
    private final Set<Role> roles;
    private final Duration schedulerOffset;
    private final int fetchConcurrency;
    private final Meters meters;
    private volatile HostPlacement placement = HostPlacement.LOCAL;
    private volatile ClusterNode cluster;
    private PlacedStorage readStorage;

    private EngineContext(Builder b) {
        this.registry = Objects.requireNonNull(b.registry, "registry");
        this.configs = b.configs != null ? b.configs
                : new ConfigReloads(Objects.requireNonNull(b.config, "config"), () -> b.config, b.clock);
        this.reloadOverHttp = b.reloadOverHttp;
        this.storage = b.storage;
        this.queue = b.queue;
        this.metaStore = b.metaStore;
        this.coordinationFactory = Objects.requireNonNull(b.coordination, "coordination");
        this.clock = Objects.requireNonNull(b.clock, "clock");
        this.counters = b.counters != null ? b.counters : new EngineCounters();
        this.nodeName = Objects.requireNonNull(b.nodeName, "nodeName");
        this.nodeNameGiven = b.nodeNameGiven;
        this.formerNodeName = b.formerNodeName;
        this.roles = Set.copyOf(b.roles);
        this.schedulerOffset = b.schedulerOffset;
        this.fetchConcurrency = b.fetchConcurrency;
        this.meters = b.meters;
    }

    /** @return a builder, for engines and for tests of a role on its own */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the configuration in force (a reload replaces it: read it at each use, do not keep it) */
    public KuradoConfig config() {
        return configs.current();
    }

    /** @return the configuration's reloads */
    public ConfigReloads configs() {
        return configs;
    }

    /** @return whether {@code POST /-/reload} may reload the configuration */
    public boolean reloadOverHttp() {
        return reloadOverHttp;
    }

    /** @return the plugins and providers */
    public PluginRegistry registry() {
        return registry;
    }

    /**
     * @return the storage
     * @throws KuradoException when the engine was given none
     */
    public Storage storage() {
        return require(storage, RoleProvider.Need.STORAGE);
    }

    /**
     * @return the queue
     * @throws KuradoException when the engine was given none
     */
    public Queue queue() {
        return require(queue, RoleProvider.Need.QUEUE);
    }

    /**
     * @return the meta store
     * @throws KuradoException when the engine was given none
     */
    public MetaStore metaStore() {
        return require(metaStore, RoleProvider.Need.META_STORE);
    }

    /**
     * The storage to read series from, for every reader (graphs, exports, alert rules): each host's
     * series come from this node's storage when it holds the host, else from a node that holds it
     * ({@link PlacedStorage}), as the {@linkplain #placement() placement in force} says at each
     * read. On a single server it reads the {@linkplain #storage() storage} unchanged. Writers use
     * {@link #storage()}.
     *
     * @return the storage to read from, the same one at each call
     * @throws KuradoException when the engine was given no storage
     */
    public synchronized PlacedStorage readStorage() {
        if (readStorage == null) {
            readStorage = new PlacedStorage(storage(), address -> placement.placementOf(address),
                    PeerClient.of(() -> config().settings().access()));
        }
        return readStorage;
    }

    /** @return whether the engine has a storage */
    public boolean hasStorage() {
        return storage != null;
    }

    /** @return whether the engine has a queue */
    public boolean hasQueue() {
        return queue != null;
    }

    /** @return whether the engine has a meta store */
    public boolean hasMetaStore() {
        return metaStore != null;
    }

    /**
     * @return the coordination servers sharing the queue agree through: the one given to the engine,
     *     or the one the configuration selects, made at the first call
     */
    public synchronized Coordination coordination() {
        if (coordination == null) {
            coordination = coordinationFactory.get();
        }
        return coordination;
    }

    /** @return the coordination, if one was asked for or given */
    public synchronized Optional<Coordination> coordinationIfMade() {
        return Optional.ofNullable(coordination);
    }

    /** @return where each host's files are; {@link HostPlacement#LOCAL} on a single server */
    public HostPlacement placement() {
        return placement;
    }

    /**
     * Sets where each host's files are; the role that runs this node in a group of servers calls it
     * when it starts. Readers ask {@link #placement()} at each use.
     *
     * @param v the placement
     */
    public void placement(HostPlacement v) {
        this.placement = Objects.requireNonNull(v, "placement");
    }

    /** @return this server as a node of a group of servers, once the cluster role has started it; empty on a single server */
    public Optional<ClusterNode> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Sets this server's node of a group of servers; the cluster role calls it when it starts, before
     * the update and fetch roles start, which then write only the shards it owns and route what they fetch.
     *
     * @param node the node
     */
    public void cluster(ClusterNode node) {
        this.cluster = Objects.requireNonNull(node, "node");
    }

    /** @return the clock every decision reads */
    public InstantSource clock() {
        return clock;
    }

    /** @return the engine's counters (the built-in roles count into them) */
    public EngineCounters counters() {
        return counters;
    }

    /** @return this process's name, which names its queue consumers and lease holders */
    public String nodeName() {
        return nodeName;
    }

    /** @return whether the application chose the node name (rather than the default from host and data directory) */
    public boolean nodeNameGiven() {
        return nodeNameGiven;
    }

    /** @return the name this process's consumers had in versions that named them after the host alone */
    public Optional<String> formerNodeName() {
        return formerNodeName;
    }

    /**
     * @param role a role
     * @return whether this engine runs it
     */
    public boolean runs(Role role) {
        return roles.contains(role);
    }

    /** @return how long after each minute the scheduler runs */
    public Duration schedulerOffset() {
        return schedulerOffset;
    }

    /** @return how many fetches may run at once, or 0 for the fetch role's default */
    public int fetchConcurrency() {
        return fetchConcurrency;
    }

    /** @return where the engine's and its roles' figures go ({@link Meters#none()} unless the application gave some) */
    public Meters meters() {
        return meters;
    }

    /**
     * Registers the engine's figures with its {@linkplain #meters() meters}: its counters, the
     * queues' depths, the hosts configured, samples the storage lost, and the storage's and queue's
     * own figures when they are {@link MeterSource}s. Roles register their own.
     */
    public void bindMeters() {
        counters.bindTo(meters);
        meters.gauge(MeterId.of("kurado_hosts", "Hosts in the configuration."), () -> config().hosts().size());
        meters.gauge(MeterId.of("kurado_config_last_reload_successful", "Whether the last reload of the configuration took effect (1) or not (0)."),
                () -> configs.status().lastSuccessful() ? 1 : 0);
        meters.gauge(MeterId.of("kurado_config_last_reload_success_timestamp_seconds",
                "When the configuration in force was loaded, in seconds since the epoch."),
                () -> configs.status().loadedAt().toEpochMilli() / 1000.0);
        String reloads = "Reloads of the configuration, by outcome.";
        meters.counter(new MeterId("kurado_config_reloads_total", reloads, java.util.Map.of("outcome", "success")), () -> {
            ConfigReloads.Status st = configs.status();
            return st.reloads() - st.failures();
        });
        meters.counter(new MeterId("kurado_config_reloads_total", reloads, java.util.Map.of("outcome", "failure")),
                () -> configs.status().failures());
        if (queue != null) {
            String help = "Entries waiting on a queue (batches on update, jobs on fetch); NaN when it cannot be read.";
            meters.gauge(new MeterId("kurado_queue_depth", help, java.util.Map.of("topic", "update")), () -> depth(Topic.UPDATE));
            meters.gauge(new MeterId("kurado_queue_depth", help, java.util.Map.of("topic", "fetch")), () -> depth(Topic.FETCH));
            if (queue instanceof MeterSource q) {
                q.bindTo(meters);
            }
        }
        if (storage != null) {
            meters.counter(MeterId.of("kurado_storage_samples_lost_total",
                    "Samples the storage had accepted and then lost (a damaged journal found at start)."), () -> {
                        try {
                            return storage.samplesLost();
                        } catch (RuntimeException e) {
                            return 0;
                        }
                    });
            meters.gauge(MeterId.of("kurado_storage_failing_series", "Series whose writes fail now."), () -> {
                try {
                    return storage.problems().stream().filter(io.kurado.api.storage.StorageProblem::ongoing).count();
                } catch (RuntimeException e) {
                    return Double.NaN;
                }
            });
            if (storage instanceof MeterSource st) {
                st.bindTo(meters);
            }
        }
    }

    private double depth(Topic topic) {
        try {
            return queue.depth(topic);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /** @return what the engine has done since it started, with the queues' depths when they can be read */
    public EngineStats stats() {
        long update = -1;
        long fetch = -1;
        if (queue != null) {
            try {
                update = queue.depth(Topic.UPDATE);
                fetch = queue.depth(Topic.FETCH);
            } catch (RuntimeException e) {
                // The queue is unreachable; depths stay unknown.
            }
        }
        long lost = 0;
        if (storage != null) {
            try {
                lost = storage.samplesLost();
            } catch (RuntimeException e) {
                // unknown: none shown
            }
        }
        return counters.snapshot(update, fetch, lost);
    }

    private static <T> T require(T value, RoleProvider.Need need) {
        if (value == null) {
            throw new KuradoException("this engine was given no " + need.words().replaceFirst("^an? ", "") + "; give one to the builder");
        }
        return value;
    }

    /** Collects a context. */
    public static final class Builder {
        private KuradoConfig config;
        private ConfigReloads configs;
        private boolean reloadOverHttp;
        private PluginRegistry registry;
        private Storage storage;
        private Queue queue;
        private MetaStore metaStore;
        private Supplier<Coordination> coordination;
        private InstantSource clock = InstantSource.system();
        private EngineCounters counters;
        private String nodeName = "kurado";
        private boolean nodeNameGiven;
        private Optional<String> formerNodeName = Optional.empty();
        private Set<Role> roles = Role.DEFAULTS;
        private Duration schedulerOffset = Duration.ofSeconds(3);
        private int fetchConcurrency;
        private Meters meters = Meters.none();

        private Builder() {}

        /** @param v where the engine's figures go; none when not given @return this builder */
        public Builder meters(Meters v) {
            this.meters = Objects.requireNonNull(v, "meters");
            return this;
        }

        /** @param v the configuration (required) @return this builder */
        public Builder config(KuradoConfig v) {
            this.config = v;
            return this;
        }

        /** @param v the configuration and its reloads, instead of a fixed {@link #config} @return this builder */
        public Builder configs(ConfigReloads v) {
            this.configs = v;
            return this;
        }

        /** @param v whether {@code POST /-/reload} may reload the configuration @return this builder */
        public Builder reloadOverHttp(boolean v) {
            this.reloadOverHttp = v;
            return this;
        }

        /** @param v the plugins (required) @return this builder */
        public Builder registry(PluginRegistry v) {
            this.registry = v;
            return this;
        }

        /** @param v the storage, or null @return this builder */
        public Builder storage(Storage v) {
            this.storage = v;
            return this;
        }

        /** @param v the queue, or null @return this builder */
        public Builder queue(Queue v) {
            this.queue = v;
            return this;
        }

        /** @param v the meta store, or null @return this builder */
        public Builder metaStore(MetaStore v) {
            this.metaStore = v;
            return this;
        }

        /** @param v makes the coordination at its first use (required) @return this builder */
        public Builder coordination(Supplier<Coordination> v) {
            this.coordination = v;
            return this;
        }

        /** @param v the clock @return this builder */
        public Builder clock(InstantSource v) {
            this.clock = Objects.requireNonNull(v, "clock");
            return this;
        }

        /** @param v the counters, new ones when not given @return this builder */
        public Builder counters(EngineCounters v) {
            this.counters = v;
            return this;
        }

        /**
         * @param name the node name
         * @param given whether the application chose it
         * @param former the name of earlier versions' consumers, if any
         * @return this builder
         */
        public Builder nodeName(String name, boolean given, Optional<String> former) {
            this.nodeName = name;
            this.nodeNameGiven = given;
            this.formerNodeName = former;
            return this;
        }

        /** @param v the roles the engine runs @return this builder */
        public Builder roles(Set<Role> v) {
            this.roles = v;
            return this;
        }

        /** @param v how long after the minute the scheduler runs @return this builder */
        public Builder schedulerOffset(Duration v) {
            this.schedulerOffset = v;
            return this;
        }

        /** @param v how many fetches may run at once; 0 for the fetch role's default @return this builder */
        public Builder fetchConcurrency(int v) {
            this.fetchConcurrency = v;
            return this;
        }

        /** @return the context */
        public EngineContext build() {
            return new EngineContext(this);
        }
    }
}

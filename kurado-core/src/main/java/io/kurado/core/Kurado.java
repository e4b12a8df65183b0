package io.kurado.core;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.metrics.Meters;
import io.kurado.api.queue.Queue;
import io.kurado.api.storage.Storage;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.ConfigReloads;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.RoleComponent;
import io.kurado.core.engine.RoleProvider;
import io.kurado.core.internal.engine.EngineCounters;
import io.kurado.core.internal.engine.NodeSlot;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kurado engine: configuration, plugins, storage, queue and meta store wired together, running
 * the roles it was asked to run ({@link Role#DEFAULTS} unless told otherwise: scheduler, fetch,
 * update and web).
 *
 * <pre>{@code
 * try (Kurado kurado = Kurado.builder()
 *         .config(ConfigLoader.load(Path.of("kurado.yml")))
 *         .registry(PluginRegistry.discover(classLoader))
 *         .storage(storage).queue(queue).metaStore(metaStore)
 *         .build()) {
 *     kurado.closeOnShutdown().start();
 *     kurado.awaitTermination();
 * }
 * }</pre>
 *
 * <p>Each role is a component made by its {@link RoleProvider} from one {@link EngineContext}; the
 * engine knows roles only by name. A role's provider is the one handed to {@link Builder#role}, else
 * the one the registry holds, else the one installed with kurado-core (found by
 * {@link ServiceLoader}). Roles start in their providers' order, each registered for closing before
 * it starts; one that cannot start closes those started before it.
 *
 * <p>{@link #close()} stops intake, lets workers finish what they took, and closes the storage,
 * queue, meta store and coordination it was given and the fetchers of its registry that are
 * {@link AutoCloseable} (unless told not to with {@link Builder#closeResources}), and the
 * coordination it made.
 */
public final class Kurado implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Kurado.class);

    private final ConfigReloads configs;
    private final boolean reloadOverHttp;
    private final PluginRegistry registry;
    private final Storage storage;
    private final Queue queue;
    private final MetaStore metaStore;
    private final Coordination givenCoordination;
    private final InstantSource clock;
    private final Set<Role> roles;
    private final List<RoleProvider> providers;
    private final String baseNodeName;
    private final boolean nodeNameGiven;
    /** The name consumers had before it told servers of one machine apart; what they held is given back at start. */
    private final Optional<String> legacyNodeName;
    private final Duration schedulerOffset;
    private final int fetchConcurrency;
    private final boolean closeResources;
    private final Meters meters;
    private final EngineCounters counters = new EngineCounters();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<Role, RoleComponent> components = new LinkedHashMap<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private EngineContext context;
    private Thread shutdownHook;
    private boolean running;
    private boolean closed;

    private Kurado(Builder b) {
        KuradoConfig config = Objects.requireNonNull(b.config, "config");
        this.registry = b.registry != null ? b.registry : PluginRegistry.discover(Kurado.class.getClassLoader());
        Supplier<KuradoConfig> loader = b.configLoader != null ? b.configLoader
                : () -> ConfigLoader.loadWithPluginNames(config.file(), dirs -> registry.pluginNames());
        this.configs = new ConfigReloads(config, loader, b.clock);
        this.reloadOverHttp = b.reloadOverHttp;
        this.storage = b.storage;
        this.queue = b.queue;
        this.metaStore = b.metaStore;
        this.givenCoordination = b.coordination;
        this.clock = b.clock;
        Set<Role> chosen = new LinkedHashSet<>(b.roles);
        b.given.keySet().forEach(chosen::add);
        if (config.cluster().enabled()) {
            // a node of a group of servers: its update and fetch roles work through it
            chosen.add(io.kurado.core.cluster.ClusterRole.ROLE);
        }
        this.roles = Set.copyOf(chosen);
        this.providers = resolve(chosen, b.given, registry);
        this.baseNodeName = b.nodeName != null ? b.nodeName : defaultNodeName(config.settings().dataDir());
        this.nodeNameGiven = b.nodeName != null;
        this.legacyNodeName = b.nodeName != null ? Optional.empty() : Optional.of(hostName());
        this.schedulerOffset = b.schedulerOffset;
        this.fetchConcurrency = b.fetchConcurrency;
        this.closeResources = b.closeResources;
        this.meters = b.meters;
        for (RoleProvider p : providers) {
            for (RoleProvider.Need need : p.needs()) {
                Object have = switch (need) {
                    case QUEUE -> queue;
                    case STORAGE -> storage;
                    case META_STORE -> metaStore;
                };
                if (have == null) {
                    throw new KuradoException("the role " + p.role() + " needs " + need.words() + "; give one to the builder");
                }
            }
        }
    }

    /**
     * @return the providers of the chosen roles in start order
     * @throws KuradoException naming a role no provider makes
     */
    private static List<RoleProvider> resolve(Set<Role> chosen, Map<Role, RoleProvider> given, PluginRegistry registry) {
        List<RoleProvider> out = new ArrayList<>();
        for (Role r : chosen) {
            RoleProvider p = given.get(r);
            if (p == null) {
                p = registry.roleProvider(r.label()).orElseGet(() -> Installed.ROLES.get(r.label()));
            }
            if (p == null) {
                throw new KuradoException("no role '" + r + "' is installed (installed: " + String.join(", ", installedRoles(registry))
                        + "); add the module that provides it to the class path");
            }
            out.add(p);
        }
        out.sort(Comparator.comparingInt(RoleProvider::startOrder).thenComparing(p -> p.role().label()));
        return List.copyOf(out);
    }

    /**
     * @param registry the plugins and providers an engine would be given
     * @return the names of the roles such an engine can run: those the registry holds and those
     *     installed with kurado-core
     */
    public static Set<String> installedRoles(PluginRegistry registry) {
        Set<String> known = new TreeSet<>(Installed.ROLES.keySet());
        known.addAll(registry.roleNames());
        return known;
    }

    /** The roles installed with kurado-core and beside it on its class path. */
    private static final class Installed {
        static final Map<String, RoleProvider> ROLES = load();

        private static Map<String, RoleProvider> load() {
            Map<String, RoleProvider> m = new LinkedHashMap<>();
            for (RoleProvider p : ServiceLoader.load(RoleProvider.class, Kurado.class.getClassLoader())) {
                m.putIfAbsent(p.role().label(), p);
            }
            return Map.copyOf(m);
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the chosen roles in their order (update, fetch, scheduler, web for the built-in ones).
     * When a role cannot start (the web role's address is in use, say), the roles started before it
     * are stopped and the engine is closed before the exception is thrown, so that nothing is left
     * running.
     *
     * @return this engine
     * @throws KuradoException when a role cannot start
     */
    public synchronized Kurado start() {
        if (running || closed) {
            throw new IllegalStateException(closed ? "closed" : "already started");
        }
        running = true;
        try {
            startRoles();
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
        return this;
    }

    private void startRoles() {
        String nodeName = baseNodeName;
        if (roles.contains(Role.FETCH) && !roles.contains(Role.UPDATE) && !nodeNameGiven) {
            // no data directory of its own tells this process from another fetch-only one of this machine
            NodeSlot slot = NodeSlot.take(Path.of(System.getProperty("java.io.tmpdir"), "kurado-nodes"), nodeName);
            started.push(slot);
            nodeName = nodeName + "-f" + slot.number();
        }
        KuradoConfig config = configs.current();
        context = EngineContext.builder()
                .configs(configs).reloadOverHttp(reloadOverHttp).registry(registry).storage(storage).queue(queue).metaStore(metaStore)
                .coordination(() -> givenCoordination != null ? givenCoordination : Providers.coordination(config, registry, clock))
                .clock(clock).counters(counters)
                .nodeName(nodeName, nodeNameGiven, legacyNodeName)
                .roles(roles).schedulerOffset(schedulerOffset).fetchConcurrency(fetchConcurrency)
                .meters(meters)
                .build();
        context.bindMeters();
        log.info("Starting Kurado on {} with roles {}: {} hosts in {} services, storage {}, queue {}", nodeName,
                providers.stream().map(p -> p.role().label()).collect(Collectors.joining(",")), config.hosts().size(),
                config.services().size(), name(storage), name(queue));
        warnAboutPlugins();
        for (RoleProvider p : providers) {
            RoleComponent c = p.create(context);
            started.push(c); // closed even when its start fails half way
            components.put(p.role(), c);
            c.start();
        }
    }

    /**
     * Logs, naming the plugin, what rolls name that will not show: a fetcher without a viewer,
     * and a viewer without a fetcher (other than {@code base}) that no agent has sent data for.
     */
    private void warnAboutPlugins() {
        KuradoConfig config = configs.current();
        Map<String, List<HostEntry>> pushOnly = PluginSetup.pushOnlyHosts(config, registry);
        for (PluginSetup.Warning w : new PluginSetup(config, registry).warnings()) {
            if (!w.pushOnly()) {
                log.warn("{}", w.message());
            } else if (metaStore == null) {
                log.warn("{}", w.message());
            } else if (!hasAgentData(w.plugin(), pushOnly.getOrDefault(w.plugin(), List.of()))) {
                log.warn("{}, and no agent has sent data for it", w.message());
            }
        }
    }

    private boolean hasAgentData(String plugin, List<HostEntry> hosts) {
        try {
            for (HostEntry h : hosts) {
                for (PluginRef p : h.plugins()) {
                    if (p.name().equals(plugin) && metaStore.read(h.address(), p).lastReceived().isPresent()) {
                        return true;
                    }
                }
            }
        } catch (RuntimeException e) {
            return true; // unknown: say nothing rather than something wrong
        }
        return false;
    }
    /**
     * Closes this engine when the JVM shuts down (Ctrl-C, SIGTERM, {@code System.exit}), so that
     * whatever was taken is written and {@link #awaitTermination()} returns. Call it before
     * {@link #start()}, so that a signal arriving while the roles start is handled too (the close
     * then waits for the start to finish). A host application that stops the engine itself does
     * not need this.
     *
     * @return this engine
     */
    public synchronized Kurado closeOnShutdown() {
        if (shutdownHook == null && !closed) {
            shutdownHook = new Thread(() -> {
                log.info("The JVM is shutting down (a signal or an exit): stopping Kurado");
                close();
            }, "kurado-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        return this;
    }

    /**
     * Blocks until this engine is closed, by {@link #close()} from another thread or by the JVM
     * shutting down after {@link #closeOnShutdown()}.
     *
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /**
     * @param timeout how long to wait at most
     * @return true when this engine was closed within the timeout
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** @return the address the web UI listens on, once the web role has started */
    public synchronized Optional<InetSocketAddress> webAddress() {
        RoleComponent web = components.get(Role.WEB);
        return web == null ? Optional.empty() : web.address();
    }

    /** @return what the engine has done since it started */
    public EngineStats stats() {
        EngineContext c;
        synchronized (this) {
            c = context;
        }
        if (c != null) {
            return c.stats();
        }
        return counters.snapshot(-1, -1, 0);
    }

    /** @return the name of this process's queue consumers (known once the roles have started) */
    synchronized String nodeName() {
        return context != null ? context.nodeName() : baseNodeName;
    }

    /** @return the context the roles share (known once the roles have started) */
    public synchronized Optional<EngineContext> context() {
        return Optional.ofNullable(context);
    }
    /** @return the configuration in force */
    public KuradoConfig config() {
        return configs.current();
    }

    /**
     * Reads the configuration again (from its file, or through the builder's
     * {@link Builder#configLoader}) and puts it in force if it is good; otherwise the one in force
     * stays and the problem is logged once and counted. Added hosts show at once and are fetched from
     * the next minute, removed ones are no longer fetched (their files stay), changed rolls and
     * {@code metrics_config} apply to the next fetch; work in flight finishes. Changed settings of
     * the {@code config} document take effect at the next start and are named in the outcome.
     *
     * @return what the reload did
     */
    public ConfigReloads.Outcome reload() {
        return configs.reload();
    }

    /** @return the state of reloads */
    public ConfigReloads.Status reloads() {
        return configs.status();
    }

    /** @return the plugins */
    public PluginRegistry registry() {
        return registry;
    }

    /** @return the storage, if one was given */
    public Optional<Storage> storage() {
        return Optional.ofNullable(storage);
    }

    /** @return the queue, if one was given */
    public Optional<Queue> queue() {
        return Optional.ofNullable(queue);
    }

    /** @return the meta store, if one was given */
    public Optional<MetaStore> metaStore() {
        return Optional.ofNullable(metaStore);
    }

    /** @return the clock */
    public InstantSource clock() {
        return clock;
    }

    /** @return the roles this engine runs */
    public Set<Role> roles() {
        return roles;
    }

    /** Stops the roles in reverse order, letting workers finish what they took, then closes resources. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook finds this engine closed.
            }
        }
        log.info("Stopping Kurado");
        while (!started.isEmpty()) {
            closeQuietly(started.pop());
        }
        Optional<Coordination> made = context != null ? context.coordinationIfMade() : Optional.empty();
        if (closeResources || givenCoordination == null) {
            made.ifPresent(Kurado::closeQuietly);
        }
        if (closeResources) {
            for (String name : registry.pluginNames()) {
                registry.fetcher(name).filter(f -> f instanceof AutoCloseable).ifPresent(f -> closeQuietly((AutoCloseable) f));
            }
            closeQuietly(storage);
            closeQuietly(queue);
            closeQuietly(metaStore);
            if (givenCoordination != null && made.isEmpty()) {
                closeQuietly(givenCoordination);
            }
        }
        log.info("Kurado stopped");
        terminated.countDown();
    }
    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.warn("Closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
        }
    }

    private static String name(Object o) {
        return o == null ? "none" : o.getClass().getSimpleName();
    }

    /**
     * The name of this process's queue consumers unless the builder gives one: the host name and
     * an id of the data directory ({@code web-1-3f2a9c1d}), which a restart of the same server
     * keeps and two servers of one machine (each with its own data directory, which one server
     * writes at a time) do not share. A server that fetches without the update role holds no data
     * directory: its name gains the lowest number free on the machine ({@code -f1}, {@link NodeSlot}).
     *
     * @param dataDir the data directory
     * @return the name
     */
    static String defaultNodeName(java.nio.file.Path dataDir) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(dataDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return hostName() + "-" + String.format(Locale.ROOT, "%08x", c.getValue());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return "kurado";
        }
    }

    /** Wires an engine explicitly; nothing is discovered unless no registry is given. */
    public static final class Builder {
        private KuradoConfig config;
        private PluginRegistry registry;
        private Storage storage;
        private Queue queue;
        private MetaStore metaStore;
        private Coordination coordination;
        private InstantSource clock = InstantSource.system();
        private Set<Role> roles = Role.DEFAULTS;
        private final Map<Role, RoleProvider> given = new LinkedHashMap<>();
        private String nodeName;
        private Duration schedulerOffset = Duration.ofSeconds(3);
        private int fetchConcurrency;
        private boolean closeResources = true;
        private Supplier<KuradoConfig> configLoader;
        private boolean reloadOverHttp;
        private Meters meters = Meters.none();

        private Builder() {}

        /**
         * @param meters where the engine's figures go (samples, batches, fetches and their durations,
         *     queue depths, graphs drawn; the storage's when it is a {@link io.kurado.api.metrics.MeterSource}),
         *     bound when the engine starts; none when not given
         * @return this builder
         */
        public Builder meters(Meters meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /**
         * @param config the configuration (required)
         * @return this builder
         */
        public Builder config(KuradoConfig config) {
            this.config = config;
            return this;
        }

        /**
         * @param registry the plugins; discovered from Kurado's class loader when not given
         * @return this builder
         */
        public Builder registry(PluginRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * @param storage the time-series store (needed by the update and web roles)
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /**
         * @param queue the queue (needed by the scheduler, fetch and update roles)
         * @return this builder
         */
        public Builder queue(Queue queue) {
            this.queue = queue;
            return this;
        }

        /**
         * @param metaStore the meta store (needed by the fetch, update and web roles)
         * @return this builder
         */
        public Builder metaStore(MetaStore metaStore) {
            this.metaStore = metaStore;
            return this;
        }

        /**
         * @param coordination the leases servers sharing the queue agree through (the scheduler takes
         *     one per minute); by default the one the configuration selects, as for the queue
         *     ({@code redis} when {@code redis} is set, else {@code memory}), made and closed by the engine
         * @return this builder
         */
        public Builder coordination(Coordination coordination) {
            this.coordination = coordination;
            return this;
        }

        /**
         * @param clock the clock every decision reads (tests give a manual one)
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param roles the roles to run; default {@link Role#DEFAULTS}, the four built-in ones (scheduler,
         *     fetch, update, web), whatever else is installed
         * @return this builder
         */
        public Builder roles(Set<Role> roles) {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("roles must not be empty");
            }
            this.roles = new LinkedHashSet<>(roles);
            return this;
        }

        /**
         * @param nodeName this process's name, which names its queue consumers; default the host name and an
         *     id of the data directory
         * @return this builder
         */
        public Builder nodeName(String nodeName) {
            this.nodeName = nodeName;
            return this;
        }

        /**
         * @param offset how long after each minute the scheduler runs; default 3 s
         * @return this builder
         */
        public Builder schedulerOffset(Duration offset) {
            this.schedulerOffset = offset;
            return this;
        }

        /**
         * @param concurrency how many fetches may run at once; default
         *     4,096 per {@code fetch_worker}
         * @return this builder
         */
        public Builder fetchConcurrency(int concurrency) {
            this.fetchConcurrency = concurrency;
            return this;
        }

        /**
         * @param close whether {@link Kurado#close()} closes the storage, queue, meta store and coordination
         *     it was given; default true
         * @return this builder
         */
        public Builder closeResources(boolean close) {
            this.closeResources = close;
            return this;
        }

        /**
         * Runs a role made by this provider: one of the application's own, or another make of an
         * installed role (it replaces the installed one of the same name, e.g. the web UI on a server
         * of the application's through {@code KuradoWeb.role(factory)}).
         *
         * @param provider makes the role
         * @return this builder
         */
        public Builder role(RoleProvider provider) {
            given.put(provider.role(), Objects.requireNonNull(provider, "provider"));
            return this;
        }

        /**
         * @param loader reads the configuration again for {@link Kurado#reload()}; default: its file,
         *     checked against the registry's plugins
         * @return this builder
         */
        public Builder configLoader(Supplier<KuradoConfig> loader) {
            this.configLoader = Objects.requireNonNull(loader, "loader");
            return this;
        }

        /**
         * @param enabled whether the web role reloads the configuration on {@code POST /-/reload};
         *     default off
         * @return this builder
         */
        public Builder reloadOverHttp(boolean enabled) {
            this.reloadOverHttp = enabled;
            return this;
        }

        /** @return the engine, not yet started */
        public Kurado build() {
            return new Kurado(this);
        }
    }
}

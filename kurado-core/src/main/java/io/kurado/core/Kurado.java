package io.kurado.core;

import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.coordination.Coordination;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Storage;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.EngineCounters;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.FetchWorkers;
import io.kurado.core.engine.NodeSlot;
import io.kurado.core.engine.Role;
import io.kurado.core.engine.Scheduler;
import io.kurado.core.engine.Updater;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import io.kurado.core.web.KuradoWeb;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kurado engine: configuration, plugins, storage, queue and meta store wired together, running
 * the roles it was asked to run (all four by default: scheduler, fetch, update and web).
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
 * <p>{@link #close()} stops intake, lets workers finish what they took, and closes the storage,
 * queue, meta store and coordination it was given (unless told not to with
 * {@link Builder#closeResources}), and the coordination it made.
 */
public final class Kurado implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Kurado.class);

    private final KuradoConfig config;
    private final PluginRegistry registry;
    private final Storage storage;
    private final Queue queue;
    private final MetaStore metaStore;
    private final Coordination givenCoordination;
    private Coordination coordination;
    private final InstantSource clock;
    private final Set<Role> roles;
    private String nodeName;
    private final boolean nodeNameGiven;
    /** The name consumers had before it told servers of one machine apart; what they held is given back at start. */
    private final Optional<String> legacyNodeName;
    private final Duration schedulerOffset;
    private final int fetchConcurrency;
    private final boolean closeResources;
    private final Optional<WebServer.Factory> webFactory;
    private final EngineCounters counters = new EngineCounters();
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private Optional<WebServer> web = Optional.empty();
    private Thread shutdownHook;
    private boolean running;
    private boolean closed;

    private Kurado(Builder b) {
        this.config = Objects.requireNonNull(b.config, "config");
        this.registry = b.registry != null ? b.registry : PluginRegistry.discover(Kurado.class.getClassLoader());
        this.storage = b.storage;
        this.queue = b.queue;
        this.metaStore = b.metaStore;
        this.givenCoordination = b.coordination;
        this.clock = b.clock;
        this.roles = Set.copyOf(b.roles);
        this.nodeName = b.nodeName != null ? b.nodeName : defaultNodeName(config.settings().dataDir());
        this.nodeNameGiven = b.nodeName != null;
        this.legacyNodeName = b.nodeName != null ? Optional.empty() : Optional.of(hostName());
        this.schedulerOffset = b.schedulerOffset;
        this.fetchConcurrency = b.fetchConcurrency > 0 ? b.fetchConcurrency : config.settings().fetchWorkers() * FetchWorkers.CONCURRENCY_PER_WORKER;
        this.closeResources = b.closeResources;
        this.webFactory = Optional.ofNullable(b.webFactory != null ? b.webFactory
                : b.roles.contains(Role.WEB) ? KuradoWeb.factory() : null);
        require(roles.contains(Role.UPDATE) || roles.contains(Role.FETCH) || roles.contains(Role.SCHEDULER), queue, "a queue");
        require(roles.contains(Role.UPDATE), storage, "a storage");
        require(roles.contains(Role.UPDATE) || roles.contains(Role.FETCH) || roles.contains(Role.WEB), metaStore, "a meta store");
        require(roles.contains(Role.WEB), storage, "a storage");
    }

    private static void require(boolean needed, Object o, String what) {
        if (needed && o == null) {
            throw new KuradoException("the roles chosen need " + what + "; give one to the builder");
        }
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the chosen roles: update, fetch, scheduler, then web. When a role cannot start (the
     * web role's address is in use, say), the roles started before it are stopped and the engine
     * is closed before the exception is thrown, so that nothing is left running.
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
        if (roles.contains(Role.UPDATE)) {
            // before anything else: a second writer of the storage is refused here, not at its first write
            storage.openForWriting();
        } else if (roles.contains(Role.FETCH) && !nodeNameGiven) {
            // no data directory of its own tells this process from another fetch-only one of this machine
            NodeSlot slot = NodeSlot.take(Path.of(System.getProperty("java.io.tmpdir"), "kurado-nodes"), nodeName);
            started.push(slot);
            nodeName = nodeName + "-f" + slot.number();
        }
        log.info("Starting Kurado on {} with roles {}: {} hosts in {} services, storage {}, queue {}", nodeName,
                roles.stream().sorted().map(Role::label).collect(Collectors.joining(",")), config.hosts().size(),
                config.services().size(), name(storage), name(queue));
        warnAboutPlugins();
        if (roles.contains(Role.UPDATE)) {
            legacyNodeName.ifPresent(this::giveBackWhatTheLegacyConsumerHeld);
            Updater u = new Updater(queue, storage, metaStore, clock, config.settings().dataDir(), counters,
                    config.settings().ingest());
            started.push(u); // closed even when its start fails half way
            u.start(config.settings().updateWorkers(), nodeName);
            log.info("Update role started: {} workers", config.settings().updateWorkers());
        }
        if (roles.contains(Role.FETCH)) {
            FetchWorkers f = new FetchWorkers(config, registry, queue, metaStore, clock, fetchConcurrency,
                    config.settings().fetchTimeout(), counters);
            started.push(f);
            f.start(config.settings().fetchWorkers(), nodeName);
        }
        if (roles.contains(Role.SCHEDULER)) {
            coordination = givenCoordination != null ? givenCoordination : Providers.coordination(config, registry, clock);
            Scheduler s = new Scheduler(config, registry, queue, coordination, nodeName, clock, schedulerOffset, counters);
            started.push(s);
            s.start();
        }
        if (roles.contains(Role.WEB)) {
            WebServer server = webFactory.orElseThrow().start(this);
            web = Optional.of(server);
            started.push(server);
        }
    }

    /**
     * Logs, naming the plugin, what rolls name that will not show: a fetcher without a viewer,
     * and a viewer without a fetcher (other than {@code base}) that no agent has sent data for.
     */
    private void warnAboutPlugins() {
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
    public Optional<InetSocketAddress> webAddress() {
        return web.map(WebServer::address);
    }

    /** @return what the engine has done since it started */
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

    /** @return the name of this process's queue consumers (known once the roles have started) */
    synchronized String nodeName() {
        return nodeName;
    }

    /** @return the configuration */
    public KuradoConfig config() {
        return config;
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
        if (closeResources || givenCoordination == null) {
            closeQuietly(coordination);
        }
        if (closeResources) {
            closeQuietly(storage);
            closeQuietly(queue);
            closeQuietly(metaStore);
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

    /**
     * Servers named their update consumer after the host alone before; what such a consumer held
     * when its server stopped goes back to the queue.
     */
    private void giveBackWhatTheLegacyConsumerHeld(String legacy) {
        try {
            queue.consumer(Topic.UPDATE, legacy + "-update-1").close();
        } catch (RuntimeException e) {
            log.warn("Could not look for batches held by the consumer {}-update-1 of an earlier version: {}", legacy, e.toString());
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
        private Set<Role> roles = EnumSet.allOf(Role.class);
        private String nodeName;
        private Duration schedulerOffset = Duration.ofSeconds(3);
        private int fetchConcurrency;
        private boolean closeResources = true;
        private WebServer.Factory webFactory;

        private Builder() {}

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
         * @param roles the roles to run; default all four (scheduler, fetch, update, web)
         * @return this builder
         */
        public Builder roles(Set<Role> roles) {
            if (roles.isEmpty()) {
                throw new IllegalArgumentException("roles must not be empty");
            }
            this.roles = EnumSet.copyOf(roles);
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
         *     {@value FetchWorkers#CONCURRENCY_PER_WORKER} per {@code fetch_worker}
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
         * @param factory starts the web UI when the web role runs; default {@link KuradoWeb#factory()},
         *     the UI on the configuration's {@code listen} address
         * @return this builder
         */
        public Builder web(WebServer.Factory factory) {
            this.webFactory = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /** @return the engine, not yet started */
        public Kurado build() {
            return new Kurado(this);
        }
    }
}

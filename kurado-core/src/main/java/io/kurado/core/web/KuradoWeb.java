package io.kurado.core.web;

import com.sun.net.httpserver.HttpHandler;
import io.kurado.api.KuradoException;
import io.kurado.api.meta.MetaStore;
import io.kurado.api.metrics.Meters;
import io.kurado.api.storage.Storage;
import io.kurado.api.storage.StorageProblem;
import io.kurado.core.cluster.PlacedStorage;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.WebAccess;
import io.kurado.core.config.WebLimits;
import io.kurado.core.engine.ConfigReloads;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.EngineStats;
import io.kurado.core.engine.RoleProvider;
import io.kurado.core.plugin.PluginRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The web UI: pages, graphs, exports and APIs wired into one {@link WebHandler}.
 *
 * <p>The engine runs it as its web role ({@link WebRole}; another server through
 * {@code Kurado.builder().role(KuradoWeb.role(factory))}), start it on its own ({@link #start}), or mount {@link #httpHandler()} in a host application's
 * {@code HttpServer}:
 *
 * <pre>{@code
 * KuradoWeb web = KuradoWeb.builder().config(config).registry(registry).metaStore(metaStore)
 *         .storage(storage).build();
 * try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 5434), 5)) { ... }
 * }</pre>
 */
public final class KuradoWeb {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(KuradoWeb.class);
    private final WebContext ctx;
    private final WebHandler handler;
    private final int renderThreads;
    private final WebLimits limits;
    private final StatusPage status;
    private final AtomicReference<AccessRules> rules;
    private final Router router;
    private final InstantSource clock;

    private KuradoWeb(Builder b) {
        Objects.requireNonNull(b.config, "config");
        Objects.requireNonNull(b.metaStore, "metaStore");
        PluginRegistry registry = b.registry != null ? b.registry : PluginRegistry.builder().build();
        GraphBackend graphs;
        if (b.graphs != null) {
            graphs = b.graphs;
        } else if (b.cluster != null) {
            graphs = new ViewerGraphBackend(registry, b.metaStore, b.cluster, GraphRenderers.forStorage(b.cluster, registry));
        } else if (b.storage != null) {
            graphs = new ViewerGraphBackend(registry, b.metaStore, b.storage, GraphRenderers.forStorage(b.storage, registry));
        } else {
            graphs = q -> {
                throw new KuradoException("this server was given no storage to draw graphs from");
            };
        }
        this.limits = b.config.settings().web();
        this.renderThreads = b.renderThreads > 0 ? b.renderThreads : b.config.settings().web().renderers();
        RenderSlots slots = new RenderSlots(renderThreads, b.renderWait);
        WebCounters counters = new WebCounters();
        counters.bindTo(b.meters);
        StaticAssets assets = new StaticAssets();
        Supplier<KuradoConfig> configs = b.reloads != null ? b.reloads::current : () -> b.config;
        this.ctx = new WebContext(configs, registry, new HostViews(registry, b.metaStore, b.clock, b.zone,
                b.storageProblems != null ? b.storageProblems : b.storage != null ? b.storage::problems
                        : b.cluster != null ? b.cluster::problems : List::of), graphs, b.clock, b.zone,
                assets, b.stats, counters, Optional.ofNullable(b.reloads),
                new AlertBoard(b.metaStore, () -> configs.get().alerts().externalUrl(configs.get().settings()), b.clock));
        this.status = new StatusPage(ctx, b.clusterStatus);
        this.clock = b.clock;
        this.rules = new AtomicReference<>(new AccessRules(b.access != null ? b.access : b.config.settings().access(), b.clock));
        BooleanSupplier ready = b.ready;
        Map<String, WebHandler> routes = new HashMap<>();
        routes.put("/-/healthy", req -> WebResponse.text(200, "Kurado is healthy.\n"));
        routes.put("/-/ready", req -> ready.getAsBoolean() ? WebResponse.text(200, "Kurado is ready.\n")
                : WebResponse.text(503, "Kurado is not ready yet.\n"));
        routes.put("/", new IndexPage(ctx));
        routes.put("/server", new HostPage(ctx));
        routes.put("/servers", new ComparePage(ctx));
        WebHandler graph = new GraphHandler(ctx, new PngCache(b.cacheBytes), slots);
        WebHandler export = new ExportHandler(ctx, slots);
        if (b.cluster != null) {
            graph = new Forwarding(graph, configs, b.cluster, b.nodeName, true);
            export = new Forwarding(export, configs, b.cluster, b.nodeName, false);
            routes.putAll(new PeerPages(configs, b.cluster, b.nodeName).routes());
        }
        routes.put("/graph", graph);
        routes.put("/api/graph-data", export);
        routes.put("/api/host-status", ApiHandlers.hostStatus(ctx));
        routes.put("/api/servers", ApiHandlers.servers(ctx));
        routes.put("/api/status", status::json);
        routes.put("/search", new SearchPage(ctx));
        routes.put("/status", status::page);
        AlertsPage alerts = new AlertsPage(ctx, ctx.alerts());
        routes.put("/alerts", alerts::page);
        routes.put("/api/alerts", alerts::api);
        routes.put("/api/silences", alerts::silences);
        Set<String> postable = new java.util.HashSet<>(Set.of("/api/host-status", "/api/silences"));
        if (b.reloads != null && b.reloadOverHttp) {
            routes.put("/-/reload", req -> reload(b.reloads, req));
            postable.add("/-/reload");
        } else {
            routes.put("/-/reload", req -> {
                throw WebException.notFound("reloading over HTTP is off: start the server with --enable-reload-api,"
                        + " or send it SIGHUP");
            });
        }
        b.routes.forEach((path, h) -> {
            if (routes.putIfAbsent(path, h) != null) {
                throw new IllegalArgumentException("the web UI already serves " + path + "; give the extra page another path");
            }
        });
        this.router = new Router(routes, postable, Set.of("/api/silences"), assets, counters,
                java.util.Arrays.asList(b.config.settings().dataDir(), b.config.file().toAbsolutePath().getParent()));
        this.handler = req -> {
            Optional<WebResponse> refused = rules.get().refusal(req);
            return refused.isPresent() ? refused.get() : router.handle(req);
        };
    }

    private static WebResponse reload(ConfigReloads reloads, WebRequest req) {
        if (!req.method().equals("POST")) {
            throw new WebException(405, "reload with POST /-/reload");
        }
        ConfigReloads.Outcome o = reloads.reload();
        return WebResponse.text(o.applied() ? 200 : 400, o.describe() + "\n");
    }

    /** @return a builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The web UI of an engine, drawing graphs through the plugins' viewers and the engine's storage.
     *
     * @return the factory the web role starts the UI with
     */
    public static WebServer.Factory factory() {
        return factoryWith(b -> {});
    }

    /**
     * The web UI of an engine: its configuration, plugins, meta store and statistics, graphs drawn
     * by the given backend, served on {@code listen} of the configuration with {@code web_worker}
     * page threads.
     *
     * @param graphs makes the graph backend from the engine's context
     * @return the factory the web role starts the UI with
     */
    public static WebServer.Factory factory(Function<EngineContext, GraphBackend> graphs) {
        return factory(graphs, b -> {});
    }

    /**
     * The web UI of an engine as {@link #factory()} makes it, with what {@code more} adds to its
     * builder: extra {@linkplain Builder#route pages}, say.
     *
     * @param more adds to the builder before the UI is built
     * @return the factory the web role starts the UI with
     */
    public static WebServer.Factory factoryWith(Consumer<Builder> more) {
        return factory(ctx -> new ViewerGraphBackend(ctx.registry(), ctx.metaStore(), ctx.readStorage(),
                GraphRenderers.forStorage(ctx.readStorage(), ctx.registry())), more);
    }

    private static WebServer.Factory factory(Function<EngineContext, GraphBackend> graphs, Consumer<Builder> more) {
        return ctx -> {
            Builder b = builder()
                    .config(ctx.config())
                    .reloads(ctx.configs(), ctx.reloadOverHttp())
                    .registry(ctx.registry())
                    .metaStore(ctx.metaStore())
                    .graphs(graphs.apply(ctx))
                    .cluster(ctx.readStorage(), ctx.cluster().map(io.kurado.core.cluster.ClusterNode::nodeId).orElse(ctx.nodeName()))
                    .storageProblems(() -> ctx.hasStorage() ? ctx.storage().problems() : List.of())
                    .clock(ctx.clock())
                    .stats(() -> Optional.of(ctx.stats()))
                    .clusterStatus(() -> ctx.cluster().map(io.kurado.core.cluster.ClusterNode::status))
                    .meters(ctx.meters());
            more.accept(b);
            KuradoWeb web = b.build();
            return web.start(ctx.config().settings().listen(), Math.max(1, ctx.config().settings().webWorkers()));
        };
    }

    /**
     * The web role served by another factory, for {@code Kurado.builder().role(...)}: it replaces
     * the installed web role.
     *
     * @param factory starts the server
     * @return the role
     */
    public static RoleProvider role(WebServer.Factory factory) {
        return new WebRole(factory);
    }

    /**
     * Applies other access rules from now on, as a reload does; requests being answered finish
     * under the old ones. The TLS files are the server's ({@link NioWebServer#reload}).
     *
     * @param access the rules; {@link WebAccess#OPEN} leaves who may see the UI to the host application
     */
    public void access(WebAccess access) {
        rules.set(new AccessRules(access, clock));
    }

    /** @return the access rules applied now */
    public WebAccess access() {
        return rules.get().access();
    }

    /** @return the handler of every page, for tests and host applications with their own server */
    public WebHandler handler() {
        return handler;
    }

    /** @return every path routed, static assets aside, for tests */
    Set<String> paths() {
        return router.paths();
    }

    /** @return the status page, for tests */
    StatusPage statusPage() {
        return status;
    }

    /** @return the handler for a host application's {@code HttpServer}; graphs run on the caller's threads, capped */
    public HttpHandler httpHandler() {
        return new JdkHttpAdapter(handler, Optional.empty());
    }

    /**
     * Serves the UI on its own HTTP server ({@link NioWebServer}), with the request deadline and
     * the bound on connections per address of the configuration.
     *
     * @param listen the address and port (port 0 picks a free one)
     * @param pageThreads threads serving pages
     * @return the running server; close it to stop
     * @throws KuradoException when the address cannot be bound
     */
    public NioWebServer start(InetSocketAddress listen, int pageThreads) {
        WebAccess a = access();
        if (a.restricts()) {
            log.info("Web UI: {}{}{}", a.allow().isEmpty() ? "every address" : "addresses in " + a.allow(),
                    a.users().isEmpty() ? "" : ", signed in as one of " + a.users().size() + " basic_auth_users",
                    a.trustedProxy().map(p -> ", or by " + p.header() + " from " + p.from()).orElse(""));
        } else {
            log.info("Web UI: open to every address that reaches it (no 'web' access rules)");
        }
        return NioWebServer.start(handler, listen, pageThreads, renderThreads, limits, access().tls(), this::access);
    }

    /** Collects what the UI reads. */
    public static final class Builder {
        private KuradoConfig config;
        private ConfigReloads reloads;
        private boolean reloadOverHttp;
        private PluginRegistry registry;
        private MetaStore metaStore;
        private GraphBackend graphs;
        private Storage storage;
        private PlacedStorage cluster;
        private String nodeName = "kurado";
        private Supplier<List<StorageProblem>> storageProblems;
        private InstantSource clock = InstantSource.system();
        private ZoneId zone = ZoneId.systemDefault();
        private Supplier<Optional<EngineStats>> stats = Optional::empty;
        private Supplier<Optional<io.kurado.core.cluster.ClusterStatus>> clusterStatus = Optional::empty;
        private int renderThreads;
        private Duration renderWait = Duration.ofSeconds(10);
        private long cacheBytes = 64L << 20;
        private WebAccess access;
        private BooleanSupplier ready = () -> true;
        private Meters meters = Meters.none();
        private final Map<String, WebHandler> routes = new LinkedHashMap<>();

        private Builder() {}

        /**
         * @param config the hosts and services shown (required)
         * @return this builder
         */
        public Builder config(KuradoConfig config) {
            this.config = config;
            return this;
        }

        /**
         * @param reloads the configuration in force and its reloads: pages read the configuration of
         *     each request from it, and {@code /status} shows the reloads
         * @param overHttp whether {@code POST /-/reload} reloads the configuration
         * @return this builder
         */
        public Builder reloads(ConfigReloads reloads, boolean overHttp) {
            this.reloads = Objects.requireNonNull(reloads, "reloads");
            this.reloadOverHttp = overHttp;
            return this;
        }

        /**
         * @param registry the viewers and fetchers; none when not given
         * @return this builder
         */
        public Builder registry(PluginRegistry registry) {
            this.registry = registry;
            return this;
        }

        /**
         * @param metaStore meta values, warnings and last-received times (required)
         * @return this builder
         */
        public Builder metaStore(MetaStore metaStore) {
            this.metaStore = metaStore;
            return this;
        }

        /**
         * @param storage where graphs are drawn from, through the plugins' viewers and the graph
         *     renderer installed for it (kurado-rrd's draws from any storage)
         * @return this builder
         */
        public Builder storage(Storage storage) {
            this.storage = storage;
            return this;
        }

        /**
         * Serves a node of several servers: graphs and exports of a host another node holds are
         * passed to that node, graphs read each series from its holder, and other nodes may read
         * this node's series and copy its files ({@code /-/series/*}, {@code /-/shard-files}).
         *
         * @param reads this node's storage, and where each host is
         * @param nodeName this node's name, named in forwarded requests and refusals
         * @return this builder
         */
        public Builder cluster(PlacedStorage reads, String nodeName) {
            this.cluster = Objects.requireNonNull(reads, "reads");
            this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
            return this;
        }

        /**
         * @param problems what is wrong with the storage now, for the status page and the host pages
         *     (default: those of {@link #storage}, or none)
         * @return this builder
         */
        public Builder storageProblems(Supplier<List<StorageProblem>> problems) {
            this.storageProblems = Objects.requireNonNull(problems, "problems");
            return this;
        }

        /**
         * @param graphs draws graphs and exports their data, instead of the viewers and renderer of
         *     {@link #storage}; with neither, {@code /graph} answers 500
         * @return this builder
         */
        public Builder graphs(GraphBackend graphs) {
            this.graphs = graphs;
            return this;
        }

        /**
         * @param clock the clock deciding staleness and graph ranges
         * @return this builder
         */
        public Builder clock(InstantSource clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * @param zone the zone of dates in {@code from}/{@code to} and on pages; default the system's
         * @return this builder
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * @param stats the engine's figures for the status page
         * @return this builder
         */
        public Builder stats(Supplier<Optional<EngineStats>> stats) {
            this.stats = Objects.requireNonNull(stats, "stats");
            return this;
        }

        /**
         * @param status the group of servers this one belongs to, for the status page (nodes, their
         *     shards, lag and backlog); empty on a single server
         * @return this builder
         */
        public Builder clusterStatus(Supplier<Optional<io.kurado.core.cluster.ClusterStatus>> status) {
            this.clusterStatus = Objects.requireNonNull(status, "status");
            return this;
        }

        /**
         * @param threads how many graphs may be drawn at once; default {@code graph_worker} of the
         *     configuration (the number of processors)
         * @return this builder
         */
        public Builder renderThreads(int threads) {
            this.renderThreads = threads;
            return this;
        }

        /**
         * @param wait how long a graph or export waits for its turn to be drawn before it is
         *     answered 503; default 10 s
         * @return this builder
         */
        public Builder renderWait(Duration wait) {
            this.renderWait = Objects.requireNonNull(wait, "wait");
            return this;
        }

        /**
         * @param bytes the most memory drawn PNGs are kept in; default 64 MiB
         * @return this builder
         */
        public Builder cacheBytes(long bytes) {
            this.cacheBytes = bytes;
            return this;
        }

        /**
         * @param access who may see the UI and how ({@code allow}, {@code basic_auth_users},
         *     {@code trusted_proxy}, {@code tls}); default the {@code web} settings of the
         *     configuration. {@link WebAccess#OPEN} applies none, for a host application that
         *     decides who may see the UI itself
         * @return this builder
         */
        public Builder access(WebAccess access) {
            this.access = Objects.requireNonNull(access, "access");
            return this;
        }

        /**
         * @param meters where the UI's figures go (graphs drawn and their durations, errors); none
         *     when not given
         * @return this builder
         */
        public Builder meters(Meters meters) {
            this.meters = Objects.requireNonNull(meters, "meters");
            return this;
        }

        /**
         * @param ready whether {@code /-/ready} answers 200 (else 503); default always
         * @return this builder
         */
        public Builder ready(BooleanSupplier ready) {
            this.ready = Objects.requireNonNull(ready, "ready");
            return this;
        }

        /**
         * Adds a page of the application's, served by the same server under the same rules as the
         * UI's own (the daemon's {@code /metrics}, say).
         *
         * @param path its path, e.g. {@code /metrics}; not one of the UI's
         * @param handler serves it
         * @return this builder
         */
        public Builder route(String path, WebHandler handler) {
            if (!path.startsWith("/")) {
                throw new IllegalArgumentException("a page's path starts with /: '" + path + "'");
            }
            routes.put(path, Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** @return the web UI, not yet serving */
        public KuradoWeb build() {
            return new KuradoWeb(this);
        }
    }
}

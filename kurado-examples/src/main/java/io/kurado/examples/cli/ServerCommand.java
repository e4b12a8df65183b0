package io.kurado.examples.cli;

import io.kurado.api.Host;
import io.kurado.api.KuradoException;
import io.kurado.api.PluginRef;
import io.kurado.api.queue.Queue;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.Storage;
import io.kurado.core.Kurado;
import io.kurado.core.Providers;
import io.kurado.core.config.ConfigException;
import io.kurado.core.config.ConfigLoader;
import io.kurado.core.config.ConfigProblem;
import io.kurado.core.config.HostEntry;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.config.Roll;
import io.kurado.core.config.Section;
import io.kurado.core.config.Service;
import io.kurado.core.config.Settings;
import io.kurado.core.engine.Role;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.plugin.PluginSetup;
import io.kurado.core.web.KuradoWeb;
import io.kurado.examples.metrics.PrometheusMeters;
import io.kurado.plugins.base.BaseCollector;
import io.kurado.plugins.base.SystemRoot;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** {@code kurado server}: runs the scheduler, fetch, update and web roles in one process. */
@Command(
        name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Run Kurado: schedule fetches, run fetchers, write metric batches into RRD files and serve the web UI.",
            "Stops cleanly on SIGTERM or Ctrl-C without losing a batch it has taken."
        })
public final class ServerCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServerCommand.class);

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The main YAML file (the original Kurado's format).")
    Optional<Path> config;

    @Option(names = "--demo", description = "Run without configuration or Redis: in-memory queue, ./data, this machine as the only host.")
    boolean demo;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address of the web UI (default 0.0.0.0:5434; 127.0.0.1:5434 with --demo).")
    Optional<String> listen;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Overrides data_dir of the configuration.")
    Optional<Path> dataDir;

    @Option(names = "--enable-reload-api", description = "Let POST /-/reload reload the configuration (SIGHUP always does).")
    boolean reloadApi;

    @Option(names = "--roles", paramLabel = "ROLES", description = "Comma-separated roles to run: scheduler,fetch,update,web,alerts (default: the first four, and alerts when the configuration has alert rules or receivers; cluster is added when it has 'cluster:').")
    Optional<String> roles;

    @Option(names = "--node-id", paramLabel = "ID", description = "This server's node id in a group of servers (overrides node_id of the configuration; default the host name).")
    Optional<String> nodeId;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * @param chosen the roles chosen
     * @param given whether they were given on the command line
     * @param cfg the configuration
     * @return the roles, with {@code alerts} added when none were given and the configuration has
     *     alert rules or receivers
     */
    static Set<Role> withAlerts(Set<Role> chosen, boolean given, KuradoConfig cfg) {
        if (given || !cfg.alerts().configured()) {
            return chosen;
        }
        Set<Role> out = new java.util.LinkedHashSet<>(chosen);
        out.add(io.kurado.core.alert.AlertsRole.ROLE);
        return out;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (config.isPresent() == demo) {
            err.println("Give either -c FILE or --demo.");
            return 2;
        }
        Set<Role> chosen;
        try {
            chosen = roles.map(Role::parse).orElse(Role.DEFAULTS);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (nodeId.isPresent()) {
            Optional<String> wrong = io.kurado.core.config.ClusterSettings.nodeIdProblem(nodeId.get());
            if (wrong.isPresent()) {
                err.println("--node-id: " + wrong.get());
                return 2;
            }
        }
        Optional<InetSocketAddress> listenOn;
        try {
            listenOn = listen.map(Settings::parseListen);
        } catch (IllegalArgumentException e) {
            err.println("--listen: " + e.getMessage());
            return 2;
        }
        KuradoConfig cfg;
        PluginRegistry registry;
        try {
            KuradoConfig unchecked = demo ? demoConfig(dataDir.orElse(Path.of("data"))) : ConfigLoader.load(config.get());
            if (chosen.contains(Role.WEB)) {
                Optional<String> busy = cannotListen(listenOn.orElse(unchecked.settings().listen()));
                if (busy.isPresent()) {
                    err.println(busy.get());
                    return 1;
                }
            }
            if (demo) {
                cfg = unchecked;
                registry = PluginRegistry.discover(ServerCommand.class.getClassLoader());
            } else {
                PluginSetup setup = PluginSetup.load(config.get(), ServerCommand.class.getClassLoader());
                cfg = setup.config();
                registry = setup.registry();
            }
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println("The configuration has errors; nothing was started.");
            return 1;
        }
        chosen = withAlerts(chosen, roles.isPresent(), cfg);
        Set<String> installed = Kurado.installedRoles(registry);
        for (Role r : chosen) {
            if (!installed.contains(r.label())) {
                err.println("--roles: no role '" + r + "' is installed (installed: " + String.join(", ", installed) + ")");
                return 2;
            }
        }
        Settings s = cfg.settings();
        if (dataDir.isPresent()) {
            s = s.withDataDir(dataDir.get().toAbsolutePath().normalize());
        }
        if (listenOn.isPresent()) {
            s = s.withListen(listenOn.get());
        }
        cfg = cfg.withSettings(s);
        if (nodeId.isPresent()) {
            cfg = cfg.withCluster(cfg.cluster().withNodeId(nodeId.get()));
        }
        if (chosen.contains(Role.UPDATE) && !createDataDir(s.dataDir(), err)) {
            return 1;
        }
        InstantSource clock = InstantSource.system();
        Providers providers = Providers.of(cfg, registry, clock); // one Redis client for queue, meta store and coordination
        Storage storage = providers.storage();
        if (chosen.contains(Role.UPDATE)) {
            // before anything else starts: one server writes a data directory
            try {
                storage.openForWriting();
            } catch (KuradoException e) {
                storage.close();
                err.println(e.getMessage());
                return 1;
            }
        }
        Queue queue = providers.queue();
        PrometheusMeters meters = new PrometheusMeters();
        Kurado.Builder builder = Kurado.builder()
                .config(cfg)
                .registry(registry)
                .clock(clock)
                .roles(chosen)
                .storage(storage)
                .queue(queue)
                .metaStore(providers.metaStore())
                .coordination(providers.coordination())
                .reloadOverHttp(reloadApi)
                .meters(meters);
        if (chosen.contains(Role.WEB)) {
            // /metrics beside the UI's pages, under the same rules
            builder.role(KuradoWeb.role(KuradoWeb.factoryWith(web -> web.route("/metrics", meters::page))));
        }
        try (meters; Kurado kurado = builder.build()) {
            // the hook first: a signal while the roles start stops them once they have started
            kurado.closeOnShutdown();
            try {
                kurado.start();
            } catch (KuradoException e) {
                err.println(e.getMessage());
                return 1;
            } catch (IllegalStateException e) {
                if (kurado.awaitTermination(Duration.ZERO)) {
                    return 0; // a signal stopped it before it started
                }
                throw e;
            }
            reloadOnHangup(kurado);
            ScheduledExecutorService agent = demo ? startDemoAgent(cfg, queue, clock) : null;
            log.info("Kurado is running (data in {}); stop with Ctrl-C or SIGTERM", s.dataDir());
            InetSocketAddress web = s.listen();
            String scheme = s.access().tls().isPresent() ? "https" : "http";
            kurado.webAddress().ifPresent(a -> log.info("Open {}://{}:{}/ in a browser", scheme, hostForUrl(web), a.getPort()));
            kurado.awaitTermination();
            if (agent != null) {
                agent.shutdownNow();
            }
        }
        return 0;
    }

    /**
     * In {@code --demo}, the agent runs inside the server: this machine's {@code base} metrics are
     * collected once at start and then right after every minute, and pushed to the in-memory queue.
     */
    private static ScheduledExecutorService startDemoAgent(KuradoConfig cfg, Queue queue, InstantSource clock) {
        String address = cfg.hosts().get(0).address();
        BaseCollector collector = BaseCollector.of(SystemRoot.host(), clock);
        ScheduledExecutorService ses = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kurado-demo-agent");
            t.setDaemon(true);
            return t;
        });
        Runnable collect = () -> {
            try {
                queue.push(Topic.UPDATE, List.of(collector.collect(address)));
            } catch (RuntimeException e) {
                log.warn("The built-in agent could not collect or push this machine's metrics: {}", e.toString());
            }
        };
        ses.execute(collect);
        long delay = 60_000 - clock.millis() % 60_000;
        ses.scheduleAtFixedRate(collect, delay, 60_000, TimeUnit.MILLISECONDS);
        log.info("Built-in agent collects this machine's metrics as host {} every minute; graphs fill in from the second minute",
                address);
        return ses;
    }

    /**
     * Tries the web UI's address before anything starts, so that a port in use is one line and no
     * role starts in vain.
     *
     * @param listen the address
     * @return why it cannot be listened on, empty when it can
     */
    static Optional<String> cannotListen(InetSocketAddress listen) {
        InetSocketAddress bind = listen.isUnresolved() ? new InetSocketAddress(listen.getHostString(), listen.getPort()) : listen;
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(bind);
            return Optional.empty();
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return Optional.of("cannot listen on " + listen.getHostString() + ":" + listen.getPort() + ": "
                    + Character.toLowerCase(why.charAt(0)) + why.substring(1));
        }
    }

    /** Creates a missing data directory and says so; false (after saying why) when it cannot. */
    private static boolean createDataDir(Path dir, PrintWriter err) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(abs)) {
            return true;
        }
        try {
            Files.createDirectories(abs);
            log.info("Created the data directory {}", abs);
            return true;
        } catch (IOException e) {
            err.println("cannot create the data directory " + abs + ": " + e);
            return false;
        }
    }

    private static String hostForUrl(InetSocketAddress listen) {
        String h = listen.getHostString();
        return h.equals("0.0.0.0") ? "localhost" : h.contains(":") ? "[" + h + "]" : h;
    }

    /**
     * The configuration of {@code --demo}: this machine as the only host, running {@code base}.
     *
     * @param dataDir where the RRD files go
     * @return the configuration
     */
    static KuradoConfig demoConfig(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        Settings settings = new Settings(
                Optional.empty(), dir, dir, List.of(), 5, 2, 2,
                Settings.parseListen("127.0.0.1:" + Settings.DEFAULT_PORT), Duration.ofSeconds(30), Map.of());
        Roll roll = new Roll("demo.yml", dir.resolve("demo.yml"), Map.of(), List.of(PluginRef.of("base")));
        Host self = localHost();
        HostEntry host = new HostEntry(self, "demo", "", roll, Map.of());
        Service service = new Service("demo", List.of(new Section("", List.of(host))));
        return new KuradoConfig(dir.resolve("demo.yml"), settings, Map.of(), List.of(service), Map.of(roll.name(), roll));
    }

    static Host localHost() {
        try {
            InetAddress a = InetAddress.getLocalHost();
            return new Host(a.getHostAddress(), a.getHostName(), "this machine");
        } catch (java.net.UnknownHostException e) {
            return new Host("127.0.0.1", "localhost", "this machine");
        }
    }

    /** SIGHUP reloads the configuration, as it does for most daemons. */
    private static void reloadOnHangup(Kurado kurado) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                log.info("SIGHUP: reloading the configuration");
                kurado.reload();
            });
        } catch (IllegalArgumentException e) {
            log.info("This system has no SIGHUP; reload the configuration with POST /-/reload (--enable-reload-api)");
        }
    }
}

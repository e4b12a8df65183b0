package io.kurado.core.config;

import io.kurado.api.Host;
import io.kurado.core.alert.NotifierProviders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Loads the configuration of the original Kurado unchanged: a multi-document YAML file whose first
 * document holds {@code config} (and optionally {@code metrics_config}), then one document per
 * service, plus the roll files the services name.
 *
 * <p>The whole configuration is checked before anything is returned, and every problem is reported
 * at once with its file and line in a {@link ConfigException}. Relative paths are resolved against
 * the directory of the main file.
 */
public final class ConfigLoader {
    private static final Logger log = LoggerFactory.getLogger(ConfigLoader.class);

    private static final Set<String> KNOWN_SETTINGS = Set.of(
            "redis", "data_dir", "rolls_dir", "metrics_plugin_dir", "web_worker", "update_worker", "fetch_worker",
            "listen", "fetch_timeout", "max_batch_bytes", "max_line_bytes", "max_future_seconds",
            "max_graph_days", "max_graph_width", "max_graph_points", "graph_worker", "max_series_per_plugin",
            "storage", "node", "web_request_seconds", "web_connections_per_address", "web",
            "node_id", "advertise_url", "cluster");
    private static final Set<String> CLUSTER_KEYS = Set.of("shards", "replicas", "shard_backlog", "settle_seconds");

    private final Function<List<Path>, Installed> pluginsIn;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private final List<ConfigProblem> warnings = new ArrayList<>();

    private ConfigLoader(Function<List<Path>, Installed> pluginsIn) {
        this.pluginsIn = pluginsIn;
    }

    /** Which plugin names are installed, and the names to suggest for a mistyped one. */
    private record Installed(Predicate<String> exists, Set<String> names) {}

    /**
     * Loads a configuration without checking that its plugins are installed.
     *
     * @param file the main YAML file
     * @return the configuration
     * @throws ConfigException listing every problem found
     */
    public static KuradoConfig load(Path file) {
        return load(file, name -> true);
    }

    /**
     * Loads a configuration and checks that every plugin a roll names is installed.
     *
     * @param file the main YAML file
     * @param pluginExists tells whether a plugin name has a fetcher or a viewer
     * @return the configuration
     * @throws ConfigException listing every problem found
     */
    public static KuradoConfig load(Path file, Predicate<String> pluginExists) {
        return loadWithPlugins(file, dirs -> pluginExists);
    }

    /**
     * Loads a configuration and checks that every plugin a roll names is installed, where the
     * installed plugins depend on the configuration's {@code metrics_plugin_dir}: the function is
     * called once, with those directories, as soon as they are known, so that unknown plugins are
     * reported together with every other problem of the files.
     *
     * @param file the main YAML file
     * @param pluginsIn gives, for the plugin directories, which plugin names have a fetcher or a viewer
     * @return the configuration
     * @throws ConfigException listing every problem found
     */
    public static KuradoConfig loadWithPlugins(Path file, Function<List<Path>, Predicate<String>> pluginsIn) {
        return load(file, new ConfigLoader(dirs -> new Installed(pluginsIn.apply(dirs), Set.of())));
    }

    /**
     * Loads a configuration and checks that every plugin a roll names is installed, as
     * {@link #loadWithPlugins} does, suggesting the nearest installed name for a mistyped one.
     *
     * @param file the main YAML file
     * @param pluginsIn gives, for the plugin directories, the names of the plugins with a fetcher or a viewer
     * @return the configuration
     * @throws ConfigException listing every problem found
     */
    public static KuradoConfig loadWithPluginNames(Path file, Function<List<Path>, Set<String>> pluginsIn) {
        return load(file, new ConfigLoader(dirs -> {
            Set<String> names = Set.copyOf(pluginsIn.apply(dirs));
            return new Installed(names::contains, names);
        }));
    }

    private static KuradoConfig load(Path file, ConfigLoader loader) {
        Optional<KuradoConfig> config = loader.read(file.toAbsolutePath().normalize());
        for (ConfigProblem warning : loader.warnings) {
            log.warn("{}", warning);
        }
        if (!loader.problems.isEmpty() || config.isEmpty()) {
            throw new ConfigException(loader.problems);
        }
        return config.get();
    }

    private String mainDigest = "";

    private Optional<KuradoConfig> read(Path file) {
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(file, 0, "configuration file not found"));
            return Optional.empty();
        }
        YamlTree.Documents docs = YamlTree.read(file);
        mainDigest = docs.sha256();
        docs.problem().ifPresent(problems::add);
        List<Node> nodes = docs.nodes().stream().filter(n -> !YamlTree.isNull(n)).toList();
        if (nodes.isEmpty()) {
            if (docs.problem().isEmpty()) {
                problems.add(new ConfigProblem(file, 0, "the file is empty: it needs a first document with 'config'"));
            }
            return Optional.empty();
        }
        Path base = file.getParent();
        Node first = nodes.get(0);
        Settings settings = defaultSettings(base);
        Map<String, Object> metricsConfig = Map.of();
        Node alertsNode = null;
        ClusterSettings cluster = ClusterSettings.NONE;
        if (!(first instanceof MappingNode firstMap)) {
            problems.add(problem(file, first, "the first document must be a mapping with 'config', not " + YamlTree.kind(first)));
        } else {
            Map<String, NodeTuple> entries = YamlTree.entries(firstMap);
            if (!entries.containsKey("config")) {
                problems.add(problem(file, first, "there is no 'config' in the first document"));
            } else {
                settings = settings(file, base, entries.get("config").getValueNode());
                cluster = cluster(file, entries.get("config").getValueNode());
            }
            if (entries.containsKey("metrics_config")) {
                metricsConfig = metricsConfig(file, entries.get("metrics_config").getValueNode());
            }
            if (entries.containsKey("alerts")) {
                alertsNode = entries.get("alerts").getValueNode();
            }
            if (entries.containsKey("service")) {
                problems.add(problem(file, first, "the first document holds 'config'; put each service in a document of its own after '---'"));
            }
        }
        Installed installed = pluginsIn.apply(settings.pluginDirs());
        RollLoader rolls = new RollLoader(settings.rollsDir(), settings.pluginDirs(), installed.exists(), installed.names(), problems);
        AlertsConfig alerts = alertsNode == null ? AlertsConfig.NONE
                : new AlertsReader(file, problems, NotifierProviders.installed(), installed.exists(), installed.names())
                        .read(alertsNode, settings);
        Map<String, Node> servicesSeen = new HashMap<>();
        Map<String, String> addressesSeen = new HashMap<>();
        List<Service> services = new ArrayList<>();
        for (int i = 1; i < nodes.size(); i++) {
            service(file, nodes.get(i), i + 1, metricsConfig, rolls, servicesSeen, addressesSeen).ifPresent(services::add);
        }
        services.sort((a, b) -> a.name().toLowerCase(Locale.ROOT).compareTo(b.name().toLowerCase(Locale.ROOT)));
        for (AlertRuleConfig r : alerts.rules()) {
            r.service().filter(n -> !servicesSeen.containsKey(n)).ifPresent(n -> problems.add(new ConfigProblem(file, r.line(),
                    "rule '" + r.rule().name() + "': there is no service '" + n + "'" + DidYouMean.hint(n, servicesSeen.keySet()))));
            r.roll().filter(n -> !rolls.loaded().containsKey(n)).ifPresent(n -> problems.add(new ConfigProblem(file, r.line(),
                    "rule '" + r.rule().name() + "': no service uses the roll '" + n + "'" + DidYouMean.hint(n, rolls.loaded().keySet()))));
        }
        if (!problems.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder files = new StringBuilder(mainDigest);
        rolls.digests().forEach((name, sha) -> files.append('\n').append(name).append(' ').append(sha));
        return Optional.of(new KuradoConfig(file, settings, metricsConfig, services, rolls.loaded(), warnings)
                .withAlerts(alerts).withCluster(cluster).withDigest(YamlTree.sha256(files.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    private static Settings defaultSettings(Path base) {
        return new Settings(
                Optional.empty(),
                base.resolve("data"),
                base.resolve("sample_rolls"),
                List.of(base.resolve("metrics_plugins"), base.resolve("metrics_site_plugins")),
                5,
                2,
                2,
                Settings.parseListen("0.0.0.0:" + Settings.DEFAULT_PORT),
                Duration.ofSeconds(30),
                Map.of());
    }

    private Settings settings(Path file, Path base, Node node) {
        Settings d = defaultSettings(base);
        if (!(node instanceof MappingNode map)) {
            problems.add(problem(file, node, "'config' must be a mapping of settings, not " + YamlTree.kind(node)));
            return d;
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Map<String, String> raw = new LinkedHashMap<>();
        for (Map.Entry<String, NodeTuple> x : e.entrySet()) {
            // "<provider>.<name>" settings (rrd.samples_per_write) belong to a storage, queue or meta store
            if (WebAccessReader.KEYS.contains(x.getKey())) {
                // ignoring it would leave the UI open to everyone
                problems.add(problem(file, x.getValue().getKeyNode(), "'" + x.getKey() + "' belongs in the 'web' mapping of 'config' "
                        + "(config: {web: {" + x.getKey() + ": ...}})"));
            } else if (!KNOWN_SETTINGS.contains(x.getKey()) && x.getKey().indexOf('.') <= 0) {
                warnings.add(problem(file, x.getValue().getKeyNode(), "unknown setting '" + x.getKey()
                        + "' in 'config' is ignored" + DidYouMean.hint(x.getKey(), KNOWN_SETTINGS)));
            }
            YamlTree.scalar(x.getValue().getValueNode()).ifPresent(v -> raw.put(x.getKey(), v));
        }
        Optional<String> redis = text(file, e, "redis");
        Path dataDir = text(file, e, "data_dir").map(base::resolve).orElse(d.dataDir());
        Path rollsDir = text(file, e, "rolls_dir").map(base::resolve).orElse(d.rollsDir());
        List<Path> pluginDirs = d.pluginDirs();
        if (e.containsKey("metrics_plugin_dir")) {
            Node n = e.get("metrics_plugin_dir").getValueNode();
            if (n instanceof SequenceNode seq) {
                List<Path> dirs = new ArrayList<>();
                for (Node item : seq.getValue()) {
                    YamlTree.scalar(item).ifPresentOrElse(
                            v -> dirs.add(base.resolve(v)),
                            () -> problems.add(problem(file, item, "'metrics_plugin_dir' entries must be paths")));
                }
                pluginDirs = dirs;
            } else {
                Optional<String> one = YamlTree.scalar(n);
                if (one.isPresent()) {
                    pluginDirs = List.of(base.resolve(one.get()));
                } else if (!YamlTree.isNull(n)) {
                    problems.add(problem(file, n, "'metrics_plugin_dir' must be a path or a list of paths"));
                }
            }
        }
        int web = workers(file, e, "web_worker", d.webWorkers());
        int update = workers(file, e, "update_worker", d.updateWorkers());
        int fetch = workers(file, e, "fetch_worker", d.fetchWorkers());
        var listen = d.listen();
        Optional<String> listenText = text(file, e, "listen");
        if (listenText.isPresent()) {
            try {
                listen = Settings.parseListen(listenText.get());
            } catch (IllegalArgumentException ex) {
                problems.add(problem(file, e.get("listen").getValueNode(), "'listen': " + ex.getMessage()));
            }
        }
        Duration fetchTimeout = Duration.ofSeconds(workers(file, e, "fetch_timeout", 30));
        IngestLimits id = IngestLimits.DEFAULT;
        IngestLimits ingest = new IngestLimits(
                number(file, e, "max_batch_bytes", id.maxBatchBytes(), 1024, 1 << 30),
                number(file, e, "max_line_bytes", id.maxLineBytes(), 256, 1 << 30),
                Duration.ofSeconds(number(file, e, "max_future_seconds", (int) id.maxAhead().toSeconds(), 1, 2_592_000)));
        WebLimits wd = WebLimits.DEFAULT;
        WebLimits webLimits = new WebLimits(
                Duration.ofDays(number(file, e, "max_graph_days", (int) wd.maxRange().toDays(), 1, 100_000)),
                number(file, e, "max_graph_width", wd.maxWidth(), 100, 100_000),
                number(file, e, "max_graph_points", wd.maxPoints(), 1000, 100_000_000),
                workers(file, e, "graph_worker", wd.renderers()),
                Duration.ofSeconds(number(file, e, "web_request_seconds", (int) wd.requestDeadline().toSeconds(), 1, 3600)),
                number(file, e, "web_connections_per_address", wd.connectionsPerAddress(), 1, 100_000));
        WebAccess access = e.containsKey("web") ? new WebAccessReader(file, base, problems).read(e.get("web").getValueNode())
                : WebAccess.OPEN;
        return new Settings(redis, dataDir, rollsDir, pluginDirs, web, update, fetch, listen, fetchTimeout, raw, ingest,
                webLimits, access);
    }

    /** Reads {@code node_id}, {@code advertise_url} and the {@code cluster} mapping of the {@code config} document. */
    private ClusterSettings cluster(Path file, Node node) {
        ClusterSettings d = ClusterSettings.NONE;
        if (!(node instanceof MappingNode map)) {
            return d;
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Optional<String> nodeId = text(file, e, "node_id").map(String::strip);
        if (nodeId.isPresent()) {
            Optional<String> wrong = ClusterSettings.nodeIdProblem(nodeId.get());
            if (wrong.isPresent()) {
                problems.add(problem(file, e.get("node_id").getValueNode(), "'node_id': " + wrong.get()));
                nodeId = Optional.empty();
            }
        }
        Optional<java.net.URI> advertise = Optional.empty();
        Optional<String> url = text(file, e, "advertise_url").map(String::strip);
        if (url.isPresent()) {
            try {
                java.net.URI u = new java.net.URI(url.get());
                if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                    throw new java.net.URISyntaxException(url.get(), "not an http:// or https:// URL with a host");
                }
                advertise = Optional.of(u.getPath() == null || u.getPath().isEmpty() ? u.resolve("/") : u);
            } catch (java.net.URISyntaxException ex) {
                problems.add(problem(file, e.get("advertise_url").getValueNode(), "'advertise_url' must be the URL at which the other "
                        + "nodes reach this one, such as http://10.0.0.2:5434/, not '" + url.get() + "'"));
            }
        }
        NodeTuple c = e.get("cluster");
        if (c == null) {
            return new ClusterSettings(false, nodeId, advertise, d.shards(), d.replicas(), d.shardBacklog(), d.settle());
        }
        Node cn = c.getValueNode();
        Map<String, NodeTuple> ce = Map.of();
        if (cn instanceof MappingNode cm) {
            ce = YamlTree.entries(cm);
        } else if (!YamlTree.isNull(cn)) {
            problems.add(problem(file, cn, "'cluster' must be a mapping (shards, replicas, shard_backlog, settle_seconds), not "
                    + YamlTree.kind(cn)));
        }
        for (Map.Entry<String, NodeTuple> x : ce.entrySet()) {
            if (!CLUSTER_KEYS.contains(x.getKey())) {
                problems.add(problem(file, x.getValue().getKeyNode(), "unknown key '" + x.getKey() + "' in 'cluster'"
                        + DidYouMean.hint(x.getKey(), CLUSTER_KEYS)));
            }
        }
        int shards = number(file, ce, "shards", d.shards(), 1, 4096);
        int replicas = number(file, ce, "replicas", d.replicas(), 1, 2);
        int backlog = number(file, ce, "shard_backlog", (int) d.shardBacklog(), 1, 100_000_000);
        int settle = number(file, ce, "settle_seconds", (int) d.settle().toSeconds(), 0, 3600);
        return new ClusterSettings(true, nodeId, advertise, shards, replicas, backlog, java.time.Duration.ofSeconds(settle));
    }

    private Optional<String> text(Path file, Map<String, NodeTuple> e, String key) {
        NodeTuple t = e.get(key);
        if (t == null || YamlTree.isNull(t.getValueNode())) {
            return Optional.empty();
        }
        Optional<String> v = YamlTree.scalar(t.getValueNode());
        if (v.isEmpty()) {
            problems.add(problem(file, t.getValueNode(), "'" + key + "' must be text, not " + YamlTree.kind(t.getValueNode())));
            return Optional.empty();
        }
        return v.get().isBlank() ? Optional.empty() : v;
    }

    private int workers(Path file, Map<String, NodeTuple> e, String key, int def) {
        return number(file, e, key, def, 1, 10_000);
    }

    private int number(Path file, Map<String, NodeTuple> e, String key, int def, int min, int max) {
        Optional<String> v = text(file, e, key);
        if (v.isEmpty()) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.get().strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problems.add(problem(file, e.get(key).getValueNode(), "'" + key + "' must be a whole number from " + min + " to "
                + max + ", not '" + v.get() + "'"));
        return def;
    }

    private Map<String, Object> metricsConfig(Path file, Node node) {
        if (YamlTree.isNull(node)) {
            return Map.of();
        }
        if (!(node instanceof MappingNode)) {
            problems.add(problem(file, node, "'metrics_config' must be a mapping, not " + YamlTree.kind(node)));
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) YamlTree.toValue(node);
        return m;
    }

    private Optional<Service> service(
            Path file,
            Node doc,
            int docNumber,
            Map<String, Object> globalMetricsConfig,
            RollLoader rolls,
            Map<String, Node> servicesSeen,
            Map<String, String> addressesSeen) {
        if (!(doc instanceof MappingNode map)) {
            problems.add(problem(file, doc, "document " + docNumber + " must be a mapping with 'service' and 'servers', not " + YamlTree.kind(doc)));
            return Optional.empty();
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Optional<String> name = e.containsKey("service") ? YamlTree.scalar(e.get("service").getValueNode()) : Optional.empty();
        if (name.isEmpty() || name.get().isBlank()) {
            problems.add(problem(file, doc, "there is no 'service' name in document " + docNumber));
            return Optional.empty();
        }
        String service = name.get();
        Node previous = servicesSeen.putIfAbsent(service, doc);
        if (previous != null) {
            problems.add(problem(file, doc, "duplicated service '" + service + "' (first at line " + YamlTree.line(previous) + ")"));
            // Its servers are still read, so that their problems are reported too.
        }
        List<SectionBuilder> sections = new ArrayList<>();
        NodeTuple serversTuple = e.get("servers");
        if (serversTuple != null && !YamlTree.isNull(serversTuple.getValueNode())) {
            Node servers = serversTuple.getValueNode();
            if (!(servers instanceof SequenceNode seq)) {
                problems.add(problem(file, servers, "'servers' of service '" + service + "' must be a list, not " + YamlTree.kind(servers)));
            } else {
                Set<String> labels = new LinkedHashSet<>();
                for (Node entry : seq.getValue()) {
                    serverEntry(file, service, entry, globalMetricsConfig, rolls, sections, labels, addressesSeen);
                }
            }
        }
        if (previous != null) {
            return Optional.empty();
        }
        return Optional.of(new Service(service, sections.stream().map(SectionBuilder::build).toList()));
    }

    private void serverEntry(
            Path file,
            String service,
            Node entry,
            Map<String, Object> globalMetricsConfig,
            RollLoader rolls,
            List<SectionBuilder> sections,
            Set<String> labels,
            Map<String, String> addressesSeen) {
        if (!(entry instanceof MappingNode map)) {
            problems.add(problem(file, entry, "each entry of 'servers' in service '" + service + "' must be a mapping with 'roll' and 'hosts'"));
            return;
        }
        Map<String, NodeTuple> e = YamlTree.entries(map);
        Optional<String> rollName = e.containsKey("roll") ? YamlTree.scalar(e.get("roll").getValueNode()) : Optional.empty();
        String label = e.containsKey("label") ? YamlTree.scalar(e.get("label").getValueNode()).orElse("") : "";
        if (!label.isEmpty() && !labels.add(label)) {
            problems.add(problem(file, e.get("label").getValueNode(), "duplicated label '" + label + "' in service '" + service + "'"));
        }
        if (sections.isEmpty() || !label.isEmpty()) {
            sections.add(new SectionBuilder(label));
        }
        SectionBuilder section = sections.get(sections.size() - 1);
        Optional<Roll> roll = Optional.empty();
        if (rollName.isEmpty() || rollName.get().isBlank()) {
            problems.add(problem(file, entry, "cannot find 'roll' in an entry of 'servers' in service '" + service + "'"));
        } else {
            roll = rolls.roll(rollName.get(), file, YamlTree.line(e.get("roll").getValueNode()));
        }
        NodeTuple hostsTuple = e.get("hosts");
        if (hostsTuple == null || YamlTree.isNull(hostsTuple.getValueNode())) {
            return;
        }
        if (!(hostsTuple.getValueNode() instanceof SequenceNode hosts)) {
            problems.add(problem(file, hostsTuple.getValueNode(), "'hosts' must be a list of \"address hostname comments\" lines"));
            return;
        }
        for (Node hostNode : hosts.getValue()) {
            Optional<String> line = YamlTree.scalar(hostNode);
            if (line.isEmpty()) {
                problems.add(problem(file, hostNode, "a host must be a line \"address [hostname [comments]]\", not " + YamlTree.kind(hostNode)));
                continue;
            }
            Host host;
            try {
                host = Host.parse(line.get());
            } catch (IllegalArgumentException ex) {
                problems.add(problem(file, hostNode, ex.getMessage()));
                continue;
            }
            Optional<String> wrong = HostAddresses.error(host.address());
            if (wrong.isPresent()) {
                problems.add(problem(file, hostNode, wrong.get()));
                continue;
            }
            HostAddresses.warning(host.address()).ifPresent(w -> warnings.add(problem(file, hostNode, w)));
            String where = file.getFileName() + ":" + YamlTree.line(hostNode);
            String first = addressesSeen.putIfAbsent(host.address(), where);
            if (first != null) {
                problems.add(problem(file, hostNode, "duplicated host address " + host.address() + " in '" + line.get() + "' (first at " + first + ")"));
                continue;
            }
            if (roll.isPresent()) {
                Map<String, Object> merged = new LinkedHashMap<>(globalMetricsConfig);
                merged.putAll(roll.get().metricsConfig());
                section.hosts.add(new HostEntry(host, service, section.label, roll.get(), merged));
            }
        }
    }

    static ConfigProblem problem(Path file, Node node, String message) {
        return new ConfigProblem(file, YamlTree.line(node), message);
    }

    private static final class SectionBuilder {
        final String label;
        final List<HostEntry> hosts = new ArrayList<>();

        SectionBuilder(String label) {
            this.label = label;
        }

        Section build() {
            return new Section(label, hosts);
        }
    }
}

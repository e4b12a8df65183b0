package io.kurado.examples.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.PluginRef;
import io.kurado.api.queue.Topic;
import io.kurado.api.storage.SeriesRef;
import io.kurado.api.alert.AlertRule;
import io.kurado.core.Kurado;
import io.kurado.core.alert.AlertRunner;
import io.kurado.core.alert.AlertView;
import io.kurado.core.memory.InMemoryCoordination;
import io.kurado.core.cluster.ClusterNode;
import io.kurado.core.cluster.ClusterRole;
import io.kurado.core.cluster.Peer;
import io.kurado.core.cluster.ShardCopier;
import io.kurado.core.cluster.ShardSlot;
import io.kurado.core.cluster.ClusterStatus;
import io.kurado.core.cluster.Placement;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardMapStore;
import io.kurado.core.cluster.Shards;
import io.kurado.core.config.ClusterSettings;
import io.kurado.core.config.KuradoConfig;
import io.kurado.core.engine.EngineContext;
import io.kurado.core.engine.Role;
import io.kurado.core.internal.engine.Fakes;
import io.kurado.core.plugin.PluginRegistry;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.RulesViewer;
import io.kurado.core.testkit.RedisServerProcess;
import io.kurado.redis.RedisCoordination;
import io.kurado.redis.RedisMetaStore;
import io.kurado.redis.RedisQueue;
import io.kurado.redis.RedisSetting;
import io.kurado.rrd.RrdLayout;
import io.kurado.rrd.RrdStorage;
import io.kurado.rrd.RrdStorageOptions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * Several engines in one JVM on one Redis of the test's own, each with its own data directory, as
 * several servers would run: agents' lines pushed to {@code kurado-update} end up in the files of
 * each host's owner (owners, with two replicas) and nowhere else, every sample of them; a node
 * stopped while agents push loses nothing.
 */
class ClusterEnginesIT {
    private static final int SHARDS = 16;
    private static final int HOSTS = 30;
    private static final int MINUTES = 8;
    /** A load average over 10 warns, over 20 is critical. */
    private static final AlertRule LOAD_RULE = new AlertRule("load", "base", Map.of("load", "loadavg-1.gauge"), "load",
            new AlertRule.Window(AlertRule.Aggregate.AVG, Duration.ofMinutes(5)), Optional.of(10.0), Optional.of(20.0),
            AlertRule.Direction.ABOVE, Duration.ZERO, Duration.ofMinutes(5), "load {value}");

    @TempDir
    Path dir;

    private final InstantSource clock = InstantSource.system();
    private final long t0 = (clock.millis() / 60_000 - 60) * 60;
    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisServerProcess redis;
    private String address;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private void startRedis() throws Exception {
        Files.createDirectories(dir.resolve("redis"));
        redis = RedisServerProcess.ephemeral(dir.resolve("redis")).start();
        address = redis.address();
    }

    private static List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            out.add("10.20." + (i / 10) + "." + i);
        }
        return out;
    }

    /** One node: an engine with its own data directory, storage and Redis clients. */
    private final class Node implements AutoCloseable {
        final String id;
        final Path data;
        final RrdStorage storage;
        final Kurado engine;
        private final List<AutoCloseable> resources = new ArrayList<>();
        private boolean closed;

        Node(String id, int replicas, Role... more) throws Exception {
            this(id, replicas, 0, more);
        }

        /** With a web port, the node answers there and copies a moved shard over HTTP, as the installed role does. */
        Node(String id, int replicas, int webPort, Role... more) throws Exception {
            this.id = id;
            this.data = dir.resolve(id);
            Files.createDirectories(data);
            KuradoConfig base = Fakes.config(data, List.of(PluginRef.of("base")), hosts().toArray(String[]::new));
            URI url = URI.create(webPort > 0 ? "http://127.0.0.1:" + webPort + "/" : "http://127.0.0.1:1/" + id + "/");
            if (webPort > 0) {
                base = base.withSettings(base.settings().withListen(io.kurado.core.config.Settings.parseListen("127.0.0.1:" + webPort)));
            }
            KuradoConfig cfg = base.withCluster(new ClusterSettings(true, Optional.of(id), Optional.of(url), SHARDS, replicas, 10_000,
                    Duration.ofSeconds(2)));
            storage = new RrdStorage(data, RrdStorageOptions.immediate(clock));
            RedisQueue queue = new RedisQueue(RedisSetting.address(address), id);
            RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
            RedisCoordination coordination = new RedisCoordination(RedisSetting.address(address), clock);
            resources.addAll(List.of(storage, queue, meta, coordination));
            Kurado.Builder kb = Kurado.builder().config(cfg).registry(PluginRegistry.builder().build()).storage(storage).queue(queue)
                    .metaStore(meta).coordination(coordination).clock(clock).roles(roles(more)).nodeName(id)
                    .closeResources(false);
            if (webPort == 0) {
                kb.role(new ClusterRole(ctx -> new LocalCopier(data)));
            }
            engine = kb.build();
            engine.start();
        }

        ClusterNode cluster() {
            return engine.context().flatMap(EngineContext::cluster).orElseThrow();
        }

        @Override
        public void close() throws Exception {
            if (closed) {
                return;
            }
            closed = true;
            engine.close();
            for (int i = resources.size() - 1; i >= 0; i--) {
                resources.get(i).close();
            }
        }
    }

    private static Set<Role> roles(Role... more) {
        Set<Role> r = new java.util.LinkedHashSet<>(List.of(Role.UPDATE));
        r.addAll(List.of(more));
        return r;
    }

    /** Copies a shard's host directories from another node's data directory on this machine, as the HTTP copier does between machines. */
    private final class LocalCopier implements ShardCopier {
        private final Path into;

        LocalCopier(Path into) {
            this.into = into;
        }

        @Override
        public long copy(int shard, int count, Peer from) {
            Path source = dir.resolve(from.nodeId());
            long files = 0;
            try (var hosts = Files.list(source)) {
                for (Path h : hosts.filter(Files::isDirectory).toList()) {
                    if (h.getFileName().toString().startsWith(".") || Shards.shardOf(h.getFileName().toString(), count) != shard) {
                        continue;
                    }
                    try (var tree = Files.walk(h)) {
                        for (Path p : tree.toList()) {
                            Path to = into.resolve(source.relativize(p).toString());
                            if (Files.isDirectory(p)) {
                                Files.createDirectories(to);
                            } else {
                                Files.copy(p, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                                files++;
                            }
                        }
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            copies.add(shard + " from " + from.nodeId() + " into " + into.getFileName());
            return files;
        }
    }

    private final List<String> copies = new java.util.concurrent.CopyOnWriteArrayList<>();

    private Node node(String id, int replicas, Role... more) throws Exception {
        Node n = new Node(id, replicas, more);
        open.add(n);
        return n;
    }

    /** @return a node with the web role on a free port, which copies a moved shard over HTTP */
    private Node webNode(String id) throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Node n = new Node(id, 1, port, Role.WEB);
        open.add(n);
        return n;
    }

    private void push(RedisQueue q, int fromMinute, int toMinute) {
        List<String> batches = new ArrayList<>();
        for (int m = fromMinute; m < toMinute; m++) {
            for (String h : hosts()) {
                // one batch per host and minute, as agents push them; the value tells the minute
                batches.add(h + "\tbase.metrics.loadavg-1.gauge\t" + m + "\t" + (t0 + 60L * m) + "\n");
            }
        }
        q.push(Topic.UPDATE, batches);
    }

    private static SeriesRef series(String host) {
        return SeriesRef.of(host, PluginRef.of("base"), MetricKey.of("loadavg-1.gauge"));
    }

    private static Path file(Path data, String host) {
        return RrdLayout.file(data, host, "base", MetricKey.of("loadavg-1.gauge"));
    }

    /** The values of the minutes after the first, as the file holds them. */
    private double[] values(Path file) throws Exception {
        try (RrdDb db = RrdDb.getBuilder().setPath(file.toString()).setReadOnly(true)
                .setBackendFactory(new RrdRandomAccessFileBackendFactory()).build()) {
            FetchData f = db.createFetchRequest(ConsolFun.AVERAGE, t0 + 60, t0 + 60L * (MINUTES - 1), 60).fetchData();
            long[] ts = f.getTimestamps();
            double[] v = f.getValues(0);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] >= t0 + 60 && ts[i] <= t0 + 60L * (MINUTES - 1)) {
                    out.add(v[i]);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static double[] expected() {
        double[] e = new double[MINUTES - 1];
        for (int i = 0; i < e.length; i++) {
            e[i] = i + 1;
        }
        return e;
    }

    private void awaitAllOwned(ShardMapStore maps, List<Node> nodes, int replicas) throws InterruptedException {
        Await.until("every shard copy is owned and written", Duration.ofSeconds(60), () -> {
            Optional<ShardMap> m = maps.read();
            return m.isPresent() && m.get().unowned().isEmpty()
                    && nodes.stream().mapToInt(n -> n.cluster().writing().size()).sum() == SHARDS * replicas;
        });
    }

    private void awaitWritten(Map<String, List<Node>> owners) throws InterruptedException {
        long last = t0 + 60L * (MINUTES - 1);
        Await.until("every host's last sample is written by its owners", Duration.ofSeconds(60), () -> owners.entrySet().stream()
                .allMatch(e -> e.getValue().stream().allMatch(n -> n.storage.lastUpdate(series(e.getKey())).orElse(0) == last)));
    }

    private Map<String, List<Node>> owners(ShardMap map, List<Node> nodes) {
        Map<String, List<Node>> out = new LinkedHashMap<>();
        for (String h : hosts()) {
            int shard = Shards.shardOf(h, map.count());
            List<Node> o = new ArrayList<>();
            map.copies(shard).forEach(s -> nodes.stream().filter(n -> s.ownedBy(n.id)).forEach(o::add));
            out.put(h, o);
        }
        return out;
    }

    private void checkFiles(Map<String, List<Node>> owners, List<Node> nodes, int replicas) throws Exception {
        for (Map.Entry<String, List<Node>> e : owners.entrySet()) {
            assertThat(e.getValue()).as("owners of %s", e.getKey()).hasSize(replicas);
            for (Node n : nodes) {
                Path f = file(n.data, e.getKey());
                if (e.getValue().contains(n)) {
                    n.storage.flush();
                    assertThat(f).as("%s on its owner %s", e.getKey(), n.id).exists();
                    assertThat(values(f)).as("every sample of %s on %s", e.getKey(), n.id).containsExactly(expected());
                } else {
                    assertThat(f).as("%s is not on %s, which does not own it", e.getKey(), n.id).doesNotExist();
                }
            }
        }
    }

    @Test
    void threeNodesShareTheHostsAndEachHostsFilesAreOnlyOnItsOwner() throws Exception {
        startRedis();
        List<Node> nodes = List.of(node("a", 1, Role.WEB), node("b", 1), node("c", 1));
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, nodes, 1);
        ShardMap map = maps.read().orElseThrow();
        for (Node n : nodes) {
            assertThat(map.slotsOf(n.id)).as("shards of %s", n.id).hasSizeBetween(5, 6);
        }
        push(agent, 0, MINUTES);
        Map<String, List<Node>> owners = owners(map, nodes);
        awaitWritten(owners);
        checkFiles(owners, nodes, 1);
        // each node takes the queues of all its shards by one thread, not by a thread per shard
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName).filteredOn(n -> n.startsWith("kurado-update"))
                .as("the updater threads of the three nodes").containsExactly("kurado-update-shards", "kurado-update-shards",
                        "kurado-update-shards");
        // every node says where each host's files are
        String h = hosts().get(0);
        for (Node n : nodes) {
            Placement p = n.engine.context().orElseThrow().placement().placementOf(h);
            assertThat(p.holders()).extracting(x -> x.nodeId()).containsExactly(owners.get(h).get(0).id);
            assertThat(p.local()).isEqualTo(owners.get(h).get(0) == n);
        }
        ClusterStatus st = nodes.get(0).cluster().status();
        assertThat(st.nodes()).extracting(ClusterStatus.NodeRow::nodeId).containsExactly("a", "b", "c");
        assertThat(st.nodes()).allSatisfy(r -> assertThat(r.alive()).isTrue());
        assertThat(st.slots()).allSatisfy(s -> assertThat(s.backlog()).hasValue(0));
        // and the status page of node a lists them, over a real socket
        java.net.InetSocketAddress web = nodes.get(0).engine.webAddress().orElseThrow();
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String json = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.getPort() + "/api/status")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(json).contains("\"cluster_nodes_alive\":3", "\"cluster_shards\":16", "\"node\":\"b\"", "\"cluster_backlog\":0");
        String page = http.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + web.getPort() + "/status")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains("<h3>Nodes</h3>", "data-node=\"c\"", map.slotsOf("c").size() + " (");
    }

    @Test
    void withTwoReplicasEachHostsFilesAreOnExactlyTwoNodes() throws Exception {
        startRedis();
        List<Node> nodes = List.of(node("a", 2), node("b", 2), node("c", 2));
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, nodes, 2);
        push(agent, 0, MINUTES);
        Map<String, List<Node>> owners = owners(maps.read().orElseThrow(), nodes);
        awaitWritten(owners);
        checkFiles(owners, nodes, 2);
    }

    @Test
    void aNodeStoppedWhileAgentsPushLosesNothing() throws Exception {
        startRedis();
        Node a = node("a", 1);
        Node b = node("b", 1);
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, List.of(a, b), 1);
        ShardMap map = maps.read().orElseThrow();
        push(agent, 0, 3);
        b.close();
        push(agent, 3, MINUTES);
        // b's shards wait in Redis for it, and keep their owner
        Await.until("a routes what was pushed while b is down", () -> agent.depth(Topic.UPDATE) == 0);
        // the router may still hold the last batches it took between the two queues
        Await.until("b's batches wait in Redis", () -> a.cluster().status().node("b").orElseThrow().backlog() > 0);
        Await.until("b is seen down", () -> !a.cluster().status().node("b").orElseThrow().alive());
        assertThat(maps.read().orElseThrow().slotsOf("b")).isEqualTo(map.slotsOf("b"));
        Node b2 = node("b", 1);
        List<Node> nodes = List.of(a, b2);
        Map<String, List<Node>> owners = owners(map, nodes);
        awaitWritten(owners);
        checkFiles(owners, nodes, 1);
        assertThat(a.cluster().status().slots()).allSatisfy(s -> assertThat(s.backlog()).hasValue(0));
    }

    @Test
    void aMovedShardKeepsItsWholeHistoryOnItsNewOwner() throws Exception {
        startRedis();
        Node a = node("a", 1);
        Node b = node("b", 1);
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, List.of(a, b), 1);
        ShardMap before = maps.read().orElseThrow();
        push(agent, 0, 4);
        awaitWrittenUntil(owners(before, List.of(a, b)), 3);
        ShardSlot moving = before.slotsOf("a").stream().filter(s -> hosts().stream().anyMatch(h -> Shards.shardOf(h, SHARDS) == s.shard()))
                .findFirst().orElseThrow();
        maps.update(m -> m.withSlot(m.slot(moving.shard(), 0).movingTo("b", "a", false)));
        Await.until("the shard has moved to b", () -> {
            ShardSlot now = maps.read().orElseThrow().slot(moving.shard(), 0);
            return now.ownedBy("b") && !now.moving() && b.cluster().writing().contains(now.label());
        });
        assertThat(a.cluster().writing()).doesNotContain(moving.label());
        assertThat(copies).containsExactly(moving.shard() + " from a into b");
        push(agent, 4, MINUTES);
        ShardMap after = maps.read().orElseThrow();
        Map<String, List<Node>> owners = owners(after, List.of(a, b));
        awaitWritten(owners);
        for (String h : hosts()) {
            if (Shards.shardOf(h, SHARDS) == moving.shard()) {
                assertThat(owners.get(h)).containsExactly(b);
                b.storage.flush();
                assertThat(values(file(b.data, h))).as("the whole history of %s on b", h).containsExactly(expected());
                assertThat(a.storage.lastUpdate(series(h))).as("a stopped writing %s", h).hasValue(t0 + 60L * 3);
            }
        }
    }

    private void awaitWrittenUntil(Map<String, List<Node>> owners, int minute) throws InterruptedException {
        long last = t0 + 60L * minute;
        Await.until("every host's minute " + minute + " is written", Duration.ofSeconds(60), () -> owners.entrySet().stream()
                .allMatch(e -> e.getValue().stream().allMatch(n -> n.storage.lastUpdate(series(e.getKey())).orElse(0) == last)));
    }

    @Test
    void aMovedShardIsCopiedOverHttpByTheInstalledRole() throws Exception {
        startRedis();
        Node a = webNode("a");
        Node b = webNode("b");
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, List.of(a, b), 1);
        ShardMap before = maps.read().orElseThrow();
        push(agent, 0, 4);
        awaitWrittenUntil(owners(before, List.of(a, b)), 3);
        ShardSlot moving = before.slotsOf("a").stream().filter(s -> hosts().stream().anyMatch(h -> Shards.shardOf(h, SHARDS) == s.shard()))
                .findFirst().orElseThrow();
        maps.update(m -> m.withSlot(m.slot(moving.shard(), 0).movingTo("b", "a", false)));
        Await.until("the shard has moved to b over HTTP", Duration.ofSeconds(60), () -> {
            ShardSlot now = maps.read().orElseThrow().slot(moving.shard(), 0);
            return now.ownedBy("b") && !now.moving() && b.cluster().writing().contains(now.label());
        });
        push(agent, 4, MINUTES);
        Map<String, List<Node>> owners = owners(maps.read().orElseThrow(), List.of(a, b));
        awaitWritten(owners);
        for (String h : hosts()) {
            if (Shards.shardOf(h, SHARDS) == moving.shard()) {
                b.storage.flush();
                assertThat(values(file(b.data, h))).as("the whole history of %s on b", h).containsExactly(expected());
            }
        }
    }

    @Test
    void alertRulesOfOneNodeReadEachHostsSeriesWhereItsFilesAre() throws Exception {
        startRedis();
        List<Node> nodes = List.of(webNode("a"), webNode("b"), webNode("c"));
        RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(address), clock, ZoneId.of("UTC"));
        RedisQueue agent = new RedisQueue(RedisSetting.address(address), "agent");
        open.add(meta);
        open.add(agent);
        ShardMapStore maps = new ShardMapStore(meta);
        awaitAllOwned(maps, nodes, 1);
        Map<String, List<Node>> owners = owners(maps.read().orElseThrow(), nodes);
        Node a = nodes.get(0);
        List<String> elsewhere = hosts().stream().filter(h -> !owners.get(h).contains(a)).toList();
        assertThat(elsewhere).as("hosts whose files are on b or c").isNotEmpty();

        // six minutes up to the current one; each host's load is its own: 20 plus its number
        long minute = clock.millis() / 60_000 * 60;
        List<String> batches = new ArrayList<>();
        for (int m = 5; m >= 0; m--) {
            for (int i = 0; i < HOSTS; i++) {
                batches.add(hosts().get(i) + "\tbase.metrics.loadavg-1.gauge\t" + (21 + i) + "\t" + (minute - 60L * m) + "\n");
            }
        }
        agent.push(Topic.UPDATE, batches);
        Await.until("every host's current minute is taken by its owner", Duration.ofSeconds(60), () -> owners.entrySet().stream()
                .allMatch(e -> e.getValue().get(0).storage.lastUpdate(series(e.getKey())).orElse(0) == minute));

        EngineContext ctx = a.engine.context().orElseThrow();
        try (AlertRunner runner = new AlertRunner(ctx::config, name -> name.equals("base") ? Optional.of(new RulesViewer("base", List.of(LOAD_RULE))) : Optional.empty(),
                name -> false, ctx.readStorage(), meta, Optional.empty(), () -> new InMemoryCoordination(clock), "a", Map.of(), clock)) {
            assertThat(runner.evaluate(clock.millis() / 60_000)).as("a evaluates this minute").isTrue();
            Map<String, Double> firing = new LinkedHashMap<>();
            for (AlertView v : runner.alerts()) {
                if (v.alert().labels().get("alertname").equals("load") && v.state().equals("firing")) {
                    firing.put(v.alert().labels().get("host"), v.value());
                    assertThat(v.alert().labels()).as("the alert of %s", v.alert().labels().get("host")).containsEntry("severity", "critical");
                }
            }
            assertThat(firing.keySet()).as("hosts whose load alert fires on a").containsExactlyInAnyOrderElementsOf(hosts());
            for (int i = 0; i < HOSTS; i++) {
                assertThat(firing.get(hosts().get(i))).as("the load of %s, read from %s", hosts().get(i), owners.get(hosts().get(i)).get(0).id)
                        .isEqualTo(21.0 + i);
            }
        }
    }
}

package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.MetricKey;
import io.kurado.api.queue.Topic;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardMapStore;
import io.kurado.core.cluster.ShardRouter;
import io.kurado.core.cluster.ShardSlot;
import io.kurado.core.cluster.Shards;
import io.kurado.core.testkit.RedisClusterProcess;
import io.kurado.core.testkit.RedisSentinelProcess;
import io.kurado.core.testkit.RedisServerProcess;
import io.kurado.redis.RedisCoordination;
import io.kurado.redis.RedisMetaStore;
import io.kurado.redis.RedisQueue;
import io.kurado.redis.RedisSetting;
import io.kurado.rrd.RrdLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * Three {@code kurado.jar server} processes, nodes of one group, on a Redis of the test's own: a
 * real three-master Redis Cluster, a single server, or a single server behind a Sentinel. Agents'
 * batches pushed to {@code kurado-update} end up in the files of each host's owner (or two owners
 * with {@code replicas: 2}) and nowhere else; every node serves every host's page and graph, drawing
 * it itself or passing it to a holder; one node killed with {@code kill -9} for minutes while batches
 * keep coming (on the Cluster, the node that routes), then started again, loses nothing. Prints
 * {@code FAULT cluster-… pushed=… written=… lost=…}.
 */
class ClusterJarIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));
    private static final List<String> NODES = List.of("a", "b", "c");
    private static final String GRAPH = "&plugin_identifier=base&graph=loadavg-1&term=day&width=500";
    /** How long a node stays killed while the agents go on pushing ({@code -Dkurado.it.outage-seconds}). */
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("kurado.it.outage-seconds", 120));
    private static final Duration PUSH_EVERY = Duration.ofSeconds(15);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final long t0 = (System.currentTimeMillis() / 60_000 - 90) * 60;
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private List<String> hosts = List.of();
    private int minutes;
    private int shards;

    private static List<String> hosts(int count, int net) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add("10." + net + "." + (i / 100) + "." + (i % 100 + 1));
        }
        return out;
    }

    private void config(String node, String redis, int replicas, int settleSeconds) throws Exception {
        if (!ports.containsKey(node)) {
            try (ServerSocket s = new ServerSocket(0)) {
                ports.put(node, s.getLocalPort());
            }
        }
        int port = ports.get(node);
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        StringBuilder y = new StringBuilder("config:\n  redis: \"" + redis + "\"\n  data_dir: " + dir.resolve(node + "/data") + "\n"
                + "  rolls_dir: " + dir.resolve("rolls") + "\n  listen: 127.0.0.1:" + port + "\n  node_id: " + node + "\n"
                + "  advertise_url: http://127.0.0.1:" + port + "/\n"
                + "  cluster:\n    shards: " + shards + "\n    replicas: " + replicas + "\n    settle_seconds: " + settleSeconds + "\n"
                + "---\nservice: web\nservers:\n  - roll: base.yml\n    hosts:\n");
        for (String h : hosts) {
            y.append("      - ").append(h).append('\n');
        }
        Files.writeString(dir.resolve(node + ".yml"), y);
    }

    private Process start(String node) throws Exception {
        return new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", dir.resolve(node + ".yml").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(node + ".log").toFile())).start();
    }

    private void awaitStarted(String node, Process p, int times) throws Exception {
        until("node " + node + " starts", Duration.ofSeconds(90), () -> {
            try {
                String log = Files.readString(dir.resolve(node + ".log"));
                if (!p.isAlive()) {
                    throw new AssertionError("node " + node + " exited:\n" + log);
                }
                return log.split("Update role started", -1).length > times;
            } catch (java.io.IOException e) {
                return false;
            }
        });
    }

    /** Starts the three nodes and waits until they have shared the shards among them. */
    private ShardMap startNodes(Map<String, Process> nodes, RedisMetaStore meta) throws Exception {
        for (String n : NODES) {
            nodes.put(n, start(n));
        }
        for (String n : NODES) {
            awaitStarted(n, nodes.get(n), 1);
        }
        ShardMapStore maps = new ShardMapStore(meta);
        until("the nodes share the shards", Duration.ofSeconds(90), () -> maps.read().map(m -> m.unowned().isEmpty()).orElse(false));
        return maps.read().orElseThrow();
    }

    private void until(String what, Duration limit, BooleanSupplier ok) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (String n : NODES) {
                    Path l = dir.resolve(n + ".log");
                    if (Files.exists(l)) {
                        logs.append("--- ").append(n).append('\n').append(Files.readString(l));
                    }
                }
                throw new AssertionError(what + ": not within " + limit.toSeconds() + " s\n" + logs);
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private void push(RedisQueue q, int from, int to) {
        List<String> batches = new ArrayList<>();
        for (int m = from; m < to; m++) {
            for (String h : hosts) {
                batches.add(h + "\tbase.metrics.loadavg-1.gauge\t" + m + "\t" + (t0 + 60L * m) + "\n");
            }
        }
        q.push(Topic.UPDATE, batches);
    }

    private static void stop(Process p) throws Exception {
        p.toHandle().destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    private static void stopAll(Map<String, Process> nodes) throws Exception {
        for (Process p : nodes.values()) {
            stop(p);
        }
    }

    private static void killAll(Map<String, Process> nodes) {
        for (Process p : nodes.values()) {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** @return the nodes that write the copies of the host's shard */
    private static List<String> holders(ShardMap map, String host) {
        return map.copies(Shards.shardOf(host, map.count())).stream().map(s -> s.owner().orElseThrow()).toList();
    }

    private HttpResponse<byte[]> get(String node, String target) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + ports.get(node) + target);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /**
     * Asks each of the nodes for every host's page and its load average graph: the page loads, and
     * the graph is a real one, drawn by the node itself when it holds the host, else by a holder that
     * is not down, whose id comes back in {@code X-Kurado-Served-By}.
     *
     * @return how many graphs were passed to another node
     */
    private int everyNodeServesEveryHost(Collection<String> asked, ShardMap map, Set<String> down) throws Exception {
        int forwarded = 0;
        for (String n : asked) {
            for (String h : hosts) {
                HttpResponse<byte[]> page = get(n, "/server?address=" + h);
                assertThat(page.statusCode()).as("node %s's page of %s", n, h).isEqualTo(200);
                String html = new String(page.body(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(html).as("node %s's page of %s", n, h).contains(h)
                        .contains("src=\"graph?address=" + h + GRAPH.replace("&", "&amp;") + "\"");

                HttpResponse<byte[]> graph = get(n, "/graph?address=" + h + GRAPH);
                Optional<String> servedBy = graph.headers().firstValue("X-Kurado-Served-By");
                assertThat(graph.statusCode()).as("node %s's graph of %s (%s, %s)", n, h, servedBy,
                        graph.headers().firstValue("X-Kurado-Unavailable")).isEqualTo(200);
                assertThat(graph.headers().firstValue("content-type")).as("graph of %s from %s", h, n).hasValue("image/png");
                BufferedImage png = ImageIO.read(new ByteArrayInputStream(graph.body()));
                assertThat(png).as("node %s's graph of %s decodes as a PNG", n, h).isNotNull();
                assertThat(png.getWidth()).as("width of %s's graph of %s", n, h).isGreaterThan(300);
                assertThat(png.getHeight()).as("height of %s's graph of %s", n, h).isGreaterThan(100);
                List<String> holders = holders(map, h);
                if (holders.contains(n)) {
                    assertThat(servedBy).as("node %s holds %s and draws it itself", n, h).isEmpty();
                } else {
                    assertThat(servedBy).as("node %s passes the graph of %s to a live holder of %s", n, h, holders).isPresent();
                    assertThat(holders).contains(servedBy.get());
                    assertThat(down).doesNotContain(servedBy.get());
                    forwarded++;
                }
            }
        }
        return forwarded;
    }

    /**
     * Checks that each host's file is on its holders and nowhere else, and counts the samples in it.
     *
     * @return pushed and written samples, over every copy
     */
    private long[] countOnHolders(ShardMap map) throws Exception {
        long pushed = 0;
        long written = 0;
        for (String h : hosts) {
            List<String> holders = holders(map, h);
            assertThat(holders).as("holders of %s", h).doesNotHaveDuplicates().hasSize(map.replicas());
            for (String n : NODES) {
                Path f = RrdLayout.file(dir.resolve(n + "/data"), h, "base", MetricKey.of("loadavg-1.gauge"));
                if (!holders.contains(n)) {
                    assertThat(f).as("%s is not on %s, which does not hold it", h, n).doesNotExist();
                    continue;
                }
                assertThat(f).as("%s on its holder %s", h, n).exists();
                double[] v = values(f);
                pushed += minutes - 1; // the first minute starts the series
                for (int i = 0; i < v.length; i++) {
                    if (v[i] == i + 1) {
                        written++;
                    }
                }
            }
        }
        return new long[] {pushed, written};
    }

    @Test
    void threeNodesOnARedisClusterShareTheHostsServeEveryPageAndANodeKilledLosesNothing() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        hosts = hosts(300, 30);
        shards = 16;
        Files.createDirectories(dir.resolve("redis"));
        try (RedisClusterProcess cluster = RedisClusterProcess.start(dir.resolve("redis"));
                RedisQueue agent = new RedisQueue(RedisSetting.address(cluster.setting(2)), "agent");
                RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(cluster.setting(2)), InstantSource.system(),
                        ZoneId.of("UTC"))) {
            String redis = "redis-cluster://" + cluster.seeds();
            Map<String, Process> nodes = new LinkedHashMap<>();
            for (String n : NODES) {
                config(n, redis, 1, 20);
            }
            ShardMap map;
            try {
                map = startNodes(nodes, meta);
                for (String n : NODES) {
                    assertThat(map.slotsOf(n)).as("shards of %s", n).hasSizeBetween(5, 6);
                }
                push(agent, 0, 4);
                String lease = RedisCoordination.key(ShardRouter.LEASE);
                String victim = cluster.cli(cluster.masterOf(lease), "GET", lease).trim().split(" ")[0];
                assertThat(NODES).as("the node that routes, named by %s", lease).contains(victim);
                String watcher = NODES.stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
                ShardMap before = map;
                List<String> victimsHosts = hosts.stream().filter(h -> holders(before, h).equals(List.of(victim))).toList();
                assertThat(victimsHosts).as("hosts %s alone holds", victim).isNotEmpty();
                long killedAt = System.nanoTime();
                nodes.get(victim).destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                // an outage of real minutes, the agents pushing a minute of samples every PUSH_EVERY
                int minute = 4;
                Double downAfter = null;
                while (System.nanoTime() - killedAt < OUTAGE.toNanos()) {
                    push(agent, minute, minute + 1);
                    minute++;
                    long next = System.nanoTime() + PUSH_EVERY.toNanos();
                    until("another node routes what is pushed while " + victim + ", the router, is down", PUSH_EVERY.multipliedBy(2),
                            () -> agent.depth(Topic.UPDATE) == 0);
                    if (downAfter == null && !alive(watcher, victim)) {
                        downAfter = (System.nanoTime() - killedAt) / 1e9;
                        System.out.printf("RESULT cluster node %s (the router) killed with -9: listed as down by %s after %.1f s%n",
                                victim, watcher, downAfter);
                    }
                    if (downAfter != null) {
                        String h = victimsHosts.get(minute % victimsHosts.size());
                        assertThat(get(watcher, "/server?address=" + h).statusCode()).as("%s's page of %s while %s is down", watcher, h, victim)
                                .isEqualTo(200);
                        long asked = System.nanoTime();
                        HttpResponse<byte[]> graph = get(watcher, "/graph?address=" + h + GRAPH);
                        double took = (System.nanoTime() - asked) / 1e6;
                        assertThat(graph.statusCode()).as("%s's graph of %s, which only %s holds", watcher, h, victim).isEqualTo(503);
                        assertThat(graph.headers().firstValue("content-type")).hasValue("image/png");
                        assertThat(graph.headers().firstValue("X-Kurado-Unavailable")).hasValue(victim);
                        assertThat(ImageIO.read(new ByteArrayInputStream(graph.body()))).as("the notice is an image").isNotNull();
                        System.out.printf("RESULT cluster %.0f s into the outage: the graph of %s came back as \"Node %s is down\" in %.0f ms%n",
                                (asked - killedAt) / 1e9, h, victim, took);
                    }
                    until("the next push", PUSH_EVERY.plusSeconds(5), () -> System.nanoTime() >= next);
                }
                assertThat(downAfter).as("%s listed %s as down during the outage", watcher, victim).isNotNull();
                long waiting = 0;
                for (ShardSlot s : map.slots()) {
                    if (s.owner().orElseThrow().equals(victim)) {
                        waiting += agent.depth(ShardRouter.topic(s.shard(), s.copy()));
                    }
                }
                assertThat(waiting).as("batches waiting in Redis for %s's shards", victim).isPositive();
                System.out.printf("RESULT cluster after %.0f s down, %d minutes pushed: %d batches wait in Redis for %s's shards%n",
                        (System.nanoTime() - killedAt) / 1e9, minute - 4, waiting, victim);
                minutes = minute + 2;
                nodes.put(victim, start(victim));
                awaitStarted(victim, nodes.get(victim), 2); // its log holds the first run's start too
                push(agent, minute, minutes);
                ShardMap shards = map;
                until("every batch is written", Duration.ofSeconds(120), () -> drained(agent, shards));
                // a JVM just started may draw its first graphs slower than the peers' read deadline
                until(victim + " draws its hosts' graphs again", Duration.ofSeconds(60), () -> draws(victim, victimsHosts.get(0)));
                long asked = System.nanoTime();
                int forwarded = everyNodeServesEveryHost(NODES, map, Set.of());
                System.out.printf("RESULT cluster every node served every host's page and graph: %d pages, %d graphs passed to "
                        + "their holder, in %.1f s%n", NODES.size() * hosts.size(), forwarded, (System.nanoTime() - asked) / 1e9);
                assertThat(forwarded).as("graphs passed to the holder: each node holds about a third").isEqualTo(2 * hosts.size());
                stopAll(nodes);
            } finally {
                killAll(nodes);
            }
            assertThat(maps(meta)).as("the shard map did not change while a node was down").isEqualTo(map);
            long[] c = countOnHolders(map);
            System.out.printf("FAULT cluster-kill9 pushed=%d written=%d lost=%d%n", c[0], c[1], c[0] - c[1]);
            assertThat(c[1]).isEqualTo(c[0]);
        }
    }

    @Test
    void withTwoReplicasEachHostIsOnTwoNodesAndKeepsARealGraphWhileOneIsKilled() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        hosts = hosts(30, 31);
        minutes = 6;
        shards = 6;
        Files.createDirectories(dir.resolve("redis"));
        try (RedisServerProcess redis = RedisServerProcess.ephemeral(dir.resolve("redis")).start();
                RedisQueue agent = new RedisQueue(RedisSetting.address(redis.address()), "agent");
                RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(redis.address()), InstantSource.system(),
                        ZoneId.of("UTC"))) {
            Map<String, Process> nodes = new LinkedHashMap<>();
            for (String n : NODES) {
                config(n, redis.address(), 2, 15);
            }
            ShardMap map;
            try {
                map = startNodes(nodes, meta);
                assertThat(map.replicas()).isEqualTo(2);
                for (String n : NODES) {
                    assertThat(map.slotsOf(n)).as("shard copies of %s", n).hasSizeBetween(3, 5);
                }
                push(agent, 0, 3);
                ShardMap shards = map;
                until("the first minutes are written", Duration.ofSeconds(60), () -> drained(agent, shards));
                long killedAt = System.nanoTime();
                nodes.get("b").destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                push(agent, 3, 5);
                until("what was pushed while b is down is routed", Duration.ofSeconds(60), () -> agent.depth(Topic.UPDATE) == 0);
                long heldByB = hosts.stream().filter(h -> holders(shards, h).contains("b")).count();
                assertThat(heldByB).as("hosts with a copy on b").isPositive();
                long asked = System.nanoTime();
                int forwarded = everyNodeServesEveryHost(List.of("a", "c"), map, Set.of("b"));
                System.out.printf("RESULT cluster replicas 2, node b killed with -9: a and c drew every host's graph, %d of whose hosts "
                        + "b holds a copy, %d passed to a live holder, in %.1f s%n", heldByB, forwarded, (System.nanoTime() - asked) / 1e9);
                assertThat(forwarded).as("graphs passed to a live holder").isPositive();
                nodes.put("b", start("b"));
                awaitStarted("b", nodes.get("b"), 2);
                System.out.printf("RESULT cluster replicas 2, node b started again: writing again after %.1f s%n",
                        (System.nanoTime() - killedAt) / 1e9);
                push(agent, 5, minutes);
                until("every batch is written to both copies", Duration.ofSeconds(120), () -> drained(agent, shards));
                stopAll(nodes);
            } finally {
                killAll(nodes);
            }
            assertThat(maps(meta)).as("the shard map did not change while b was down").isEqualTo(map);
            long[] c = countOnHolders(map);
            System.out.printf("FAULT cluster-replicas2-kill9 pushed=%d written=%d lost=%d%n", c[0], c[1], c[0] - c[1]);
            assertThat(c[0]).as("samples pushed, counted once per copy").isEqualTo(2L * hosts.size() * (minutes - 1));
            assertThat(c[1]).isEqualTo(c[0]);
        }
    }

    @Test
    void threeNodesOnARedisBehindASentinelShareTheHostsAndLoseNothing() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        hosts = hosts(30, 32);
        minutes = 4;
        shards = 6;
        Files.createDirectories(dir.resolve("redis"));
        try (RedisServerProcess redis = RedisServerProcess.ephemeral(dir.resolve("redis")).start();
                RedisSentinelProcess sentinel = new RedisSentinelProcess(dir.resolve("redis"), redis.port()).start();
                RedisQueue agent = new RedisQueue(RedisSetting.address(sentinel.setting()), "agent");
                RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(sentinel.setting()), InstantSource.system(),
                        ZoneId.of("UTC"))) {
            Map<String, Process> nodes = new LinkedHashMap<>();
            for (String n : NODES) {
                config(n, sentinel.setting(), 1, 15);
            }
            ShardMap map;
            try {
                map = startNodes(nodes, meta);
                for (String n : NODES) {
                    assertThat(map.slotsOf(n)).as("shards of %s", n).hasSizeBetween(1, 3);
                }
                push(agent, 0, minutes);
                ShardMap shards = map;
                until("every batch is written", Duration.ofSeconds(60), () -> drained(agent, shards));
                int forwarded = everyNodeServesEveryHost(NODES, map, Set.of());
                assertThat(forwarded).as("graphs passed to the holder").isEqualTo(2 * hosts.size());
                stopAll(nodes);
            } finally {
                killAll(nodes);
            }
            try (RedisMetaStore direct = new RedisMetaStore(RedisSetting.address(redis.address()), InstantSource.system(),
                    ZoneId.of("UTC"))) {
                assertThat(maps(direct)).as("the shard map, written through the Sentinel, is on its master").isEqualTo(map);
            }
            long[] c = countOnHolders(map);
            System.out.printf("FAULT cluster-sentinel pushed=%d written=%d lost=%d%n", c[0], c[1], c[0] - c[1]);
            assertThat(c[0]).isEqualTo((long) hosts.size() * (minutes - 1));
            assertThat(c[1]).isEqualTo(c[0]);
        }
    }

    /** @return whether the node answers the graph of the host with a PNG of its own */
    private boolean draws(String node, String host) {
        try {
            HttpResponse<byte[]> r = get(node, "/graph?address=" + host + GRAPH);
            return r.statusCode() == 200 && r.headers().firstValue("X-Kurado-Served-By").isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    /** @return whether {@code /api/status} of the watcher lists the node as alive */
    private boolean alive(String watcher, String node) throws Exception {
        HttpResponse<byte[]> r = get(watcher, "/api/status");
        assertThat(r.statusCode()).as("%s's /api/status", watcher).isEqualTo(200);
        for (JsonNode n : JSON.readTree(r.body()).path("cluster_node_list")) {
            if (n.path("node").asText().equals(node)) {
                return n.path("alive").asBoolean();
            }
        }
        throw new AssertionError(watcher + "'s /api/status does not list node " + node);
    }

    private static ShardMap maps(RedisMetaStore meta) {
        return new ShardMapStore(meta).read().orElseThrow();
    }

    /** Nothing waits in kurado-update, in a shard queue or in a processing list. */
    private static boolean drained(RedisQueue q, ShardMap map) {
        if (q.depth(Topic.UPDATE) > 0 || q.depth(new Topic(RedisQueue.processingKey(Topic.UPDATE, ShardRouter.CONSUMER))) > 0) {
            return false;
        }
        for (ShardSlot s : map.slots()) {
            Topic t = ShardRouter.topic(s.shard(), s.copy());
            if (q.depth(t) > 0 || q.depth(new Topic(RedisQueue.processingKey(t, "owner"))) > 0) {
                return false;
            }
        }
        return true;
    }

    private double[] values(Path file) throws Exception {
        try (RrdDb db = RrdDb.getBuilder().setPath(file.toString()).setReadOnly(true)
                .setBackendFactory(new RrdRandomAccessFileBackendFactory()).build()) {
            FetchData f = db.createFetchRequest(ConsolFun.AVERAGE, t0 + 60, t0 + 60L * (minutes - 1), 60).fetchData();
            long[] ts = f.getTimestamps();
            double[] v = f.getValues(0);
            List<Double> out = new ArrayList<>();
            for (int i = 0; i < ts.length; i++) {
                if (ts[i] >= t0 + 60 && ts[i] <= t0 + 60L * (minutes - 1)) {
                    out.add(v[i]);
                }
            }
            return out.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }
}

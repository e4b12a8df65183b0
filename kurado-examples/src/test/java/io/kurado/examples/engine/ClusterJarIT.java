package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.api.MetricKey;
import io.kurado.api.queue.Topic;
import io.kurado.core.cluster.ShardMap;
import io.kurado.core.cluster.ShardMapStore;
import io.kurado.core.cluster.ShardRouter;
import io.kurado.core.cluster.ShardSlot;
import io.kurado.core.cluster.Shards;
import io.kurado.core.testkit.RedisClusterProcess;
import io.kurado.redis.RedisMetaStore;
import io.kurado.redis.RedisQueue;
import io.kurado.redis.RedisSetting;
import io.kurado.rrd.RrdLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;
import org.rrd4j.core.RrdRandomAccessFileBackendFactory;

/**
 * Three {@code kurado.jar server} processes, nodes of one group, on a real three-master Redis
 * Cluster of the test's own: agents' batches pushed to {@code kurado-update} end up in the files of
 * each host's owner and nowhere else; one node killed with {@code kill -9} while batches keep coming,
 * then started again, loses nothing. Prints {@code FAULT cluster-kill9 pushed=… written=… lost=…}.
 */
class ClusterJarIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));
    private static final int HOSTS = 90;
    private static final int MINUTES = 10;
    private static final int SHARDS = 16;

    @TempDir
    Path dir;

    private final long t0 = (System.currentTimeMillis() / 60_000 - 90) * 60;

    private static List<String> hosts() {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= HOSTS; i++) {
            out.add("10.30." + (i / 100) + "." + (i % 100 + 1));
        }
        return out;
    }

    private Path config(String node, String redis) throws Exception {
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        StringBuilder y = new StringBuilder("config:\n  redis: " + redis + "\n  data_dir: " + dir.resolve(node + "/data") + "\n"
                + "  rolls_dir: " + dir.resolve("rolls") + "\n  listen: 127.0.0.1:0\n  node_id: " + node + "\n"
                + "  cluster:\n    shards: " + SHARDS + "\n    settle_seconds: 20\n"
                + "---\nservice: web\nservers:\n  - roll: base.yml\n    hosts:\n");
        for (String h : hosts()) {
            y.append("      - ").append(h).append('\n');
        }
        Path file = dir.resolve(node + ".yml");
        Files.writeString(file, y);
        return file;
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

    private void until(String what, Duration limit, BooleanSupplier ok) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (String n : List.of("a", "b", "c")) {
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
            for (String h : hosts()) {
                batches.add(h + "\tbase.metrics.loadavg-1.gauge\t" + m + "\t" + (t0 + 60L * m) + "\n");
            }
        }
        q.push(Topic.UPDATE, batches);
    }

    private static void stop(Process p) throws Exception {
        p.toHandle().destroy();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }

    @Test
    void threeNodesOnARedisClusterShareTheHostsAndANodeKilledLosesNothing() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        Files.createDirectories(dir.resolve("redis"));
        try (RedisClusterProcess cluster = RedisClusterProcess.start(dir.resolve("redis"));
                RedisQueue agent = new RedisQueue(RedisSetting.address(cluster.setting(2)), "agent");
                RedisMetaStore meta = new RedisMetaStore(RedisSetting.address(cluster.setting(2)), InstantSource.system(),
                        ZoneId.of("UTC"))) {
            String redis = "redis-cluster://" + cluster.seeds();
            Map<String, Process> nodes = new LinkedHashMap<>();
            for (String n : List.of("a", "b", "c")) {
                config(n, redis);
            }
            ShardMap map;
            try {
                for (String n : List.of("a", "b", "c")) {
                    nodes.put(n, start(n));
                }
                for (String n : List.of("a", "b", "c")) {
                    awaitStarted(n, nodes.get(n), 1);
                }
                ShardMapStore maps = new ShardMapStore(meta);
                until("the nodes share the shards", Duration.ofSeconds(90),
                        () -> maps.read().map(m -> m.unowned().isEmpty()).orElse(false));
                map = maps.read().orElseThrow();
                for (String n : List.of("a", "b", "c")) {
                    assertThat(map.slotsOf(n)).as("shards of %s", n).hasSizeBetween(5, 6);
                }
                push(agent, 0, 4);
                long killedAt = System.nanoTime();
                nodes.get("b").destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                push(agent, 4, 8);
                until("what was pushed while b is down is routed", Duration.ofSeconds(60), () -> agent.depth(Topic.UPDATE) == 0);
                nodes.put("b", start("b"));
                awaitStarted("b", nodes.get("b"), 2); // its log holds the first run's start too
                // it waits for the lease of its node id, which the killed process held, up to 16 s
                System.out.printf("RESULT cluster node b killed with -9 and started again: writing again after %.1f s%n",
                        (System.nanoTime() - killedAt) / 1e9);
                push(agent, 8, MINUTES);
                ShardMap shards = map;
                until("every batch is written", Duration.ofSeconds(120), () -> drained(agent, shards));
                for (Process p : nodes.values()) {
                    stop(p);
                }
            } finally {
                for (Process p : nodes.values()) {
                    if (p.isAlive()) {
                        p.destroyForcibly();
                    }
                }
            }
            assertThat(maps(meta).slotsOf("b")).as("b kept its shards while it was down").isEqualTo(map.slotsOf("b"));
            long pushed = 0;
            long written = 0;
            for (String h : hosts()) {
                String owner = map.slot(Shards.shardOf(h, SHARDS), 0).owner().orElseThrow();
                for (String n : List.of("a", "b", "c")) {
                    Path f = RrdLayout.file(dir.resolve(n + "/data"), h, "base", MetricKey.of("loadavg-1.gauge"));
                    if (!n.equals(owner)) {
                        assertThat(f).as("%s is not on %s, which does not own it", h, n).doesNotExist();
                        continue;
                    }
                    assertThat(f).as("%s on its owner %s", h, n).exists();
                    double[] v = values(f);
                    pushed += MINUTES - 1; // the first minute starts the series
                    for (int i = 0; i < v.length; i++) {
                        if (v[i] == i + 1) {
                            written++;
                        }
                    }
                }
            }
            System.out.printf("FAULT cluster-kill9 pushed=%d written=%d lost=%d%n", pushed, written, pushed - written);
            assertThat(written).isEqualTo(pushed);
        }
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
}

package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static io.kurado.examples.engine.ServerIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisClusterProcess;
import io.kurado.core.testkit.RedisServerProcess;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDb;

/**
 * {@code kurado agent} from the jar: its metrics reach the RRD files of a running server through a
 * real Redis, and batches collected while Redis is down arrive, in order, once it is back.
 */
class AgentIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
        Prerequisites.program("redis-server");
    }

    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @TempDir
    Path dir;

    private static long memTotalBytes() throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc/meminfo"))) {
            if (l.startsWith("MemTotal:")) {
                return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IllegalStateException("no MemTotal in /proc/meminfo");
    }

    @Test
    void theAgentsValuesReachTheServersRrdFiles() throws Exception {
        URI redis = Prerequisites.redisUri();
        String mq = redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort());
        String address = "198.51.100." + (10 + (int) (Math.random() * 200));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics:\n  - base\n");
        Files.writeString(dir.resolve("kurado.yml"), String.join("\n", "config:", "  redis: " + mq, "  data_dir: data",
                "  rolls_dir: rolls", "  listen: 127.0.0.1:0", "---", "service: it", "servers:", "  - roll: base.yml",
                "    hosts:", "      - " + address + " agent-host", ""));
        Path serverLog = dir.resolve("server.log");
        Path agentLog = dir.resolve("agent.log");
        long started = Instant.now().getEpochSecond();
        Process server = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", dir.resolve("kurado.yml").toString(),
                "--roles", "update").redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        Process agent = null;
        Path base = dir.resolve("data").resolve(address).resolve("base");
        try {
            waitFor(() -> Files.readString(serverLog).contains("Update role started"), serverLog);
            agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq", mq, "--self-ip", address,
                    "--tick-seconds", "2").redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
            waitFor(() -> Files.exists(base.resolve("memory-total.gauge.rrd")) && Files.exists(base.resolve("cpu-user.derive.rrd"))
                    && Files.exists(base.resolve("loadavg-1.gauge.rrd")), agentLog);
        } finally {
            if (agent != null) {
                agent.toHandle().destroy();
                assertThat(agent.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            server.toHandle().destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
        try (RrdDb db = RrdDb.getBuilder().setPath(base.resolve("memory-total.gauge.rrd").toString()).readOnly().build()) {
            assertThat(db.getLastUpdateTime()).isGreaterThanOrEqualTo(started);
            assertThat(db.getDatasource("n").getLastValue()).isEqualTo((double) memTotalBytes());
        }
        assertThat(Files.readString(agentLog)).contains("start kurado agent").contains("self_ip:" + address);
    }

    @Test
    void anAgentGivenAClusterNodeWithoutTheSlotPushesToTheMasterThatHasIt() throws Exception {
        Path agentLog = dir.resolve("agent.log");
        try (RedisClusterProcess cluster = RedisClusterProcess.start(Files.createDirectories(dir.resolve("cluster")))) {
            int master = cluster.masterOf("kurado-update");
            int seed = cluster.ports().stream().filter(p -> p != master).findFirst().orElseThrow();
            Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq",
                    "redis-cluster://127.0.0.1:" + seed, "--self-ip", "203.0.113.9", "--tick-seconds", "1")
                    .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
            try {
                waitFor(() -> Long.parseLong(cli(cluster, master, "LLEN", "kurado-update").strip()) >= 2, agentLog);
                assertThat(cli(cluster, master, "LRANGE", "kurado-update", "0", "0")).startsWith("203.0.113.9\tbase.");
                assertThat(Files.readString(agentLog)).contains("mq:redis-cluster://127.0.0.1:" + seed);
            } finally {
                agent.toHandle().destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String cli(RedisClusterProcess cluster, int port, String... command) throws IOException {
        try {
            return cluster.cli(port, command);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Test
    void batchesCollectedWhileRedisIsDownArriveInOrderAfterwards() throws Exception {
        Path agentLog = dir.resolve("agent.log");
        RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
        int port = redis.port();
        Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq", redis.address(),
                "--self-ip", "203.0.113.7", "--tick-seconds", "1").redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            waitFor(() -> llen(port) >= 2, agentLog);
            redis.crash();
            long down = Instant.now().getEpochSecond();
            // only what the agent says from now on: a slow first connection may have had an outage line of its own
            int said = Files.readString(agentLog).length();
            waitFor(() -> Files.readString(agentLog).substring(said).contains("Cannot push to Redis " + redis.address()), agentLog);
            // let the agent collect a few batches with nowhere to send them
            waitFor(() -> Instant.now().getEpochSecond() >= down + 4, agentLog);
            long up = Instant.now().getEpochSecond();
            redis.start();
            waitFor(() -> Files.readString(agentLog).substring(said).contains("Redis " + redis.address() + " answers again"), agentLog);
            long sentAfterwards = sentBuffered(Files.readString(agentLog).substring(said));
            assertThat(sentAfterwards).isGreaterThanOrEqualTo(3);

            List<Long> times = new ArrayList<>();
            try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                    StatefulRedisConnection<String, String> c = client.connect()) {
                for (String batch : c.sync().lrange("kurado-update", 0, -1)) {
                    times.add(Long.parseLong(batch.split("\n")[0].split("\t")[3]));
                }
            }
            assertThat(times).isSorted().doesNotHaveDuplicates();
            assertThat(times.stream().filter(t -> t > down && t <= up).count())
                    .as("batches collected while Redis was down, from %s", times).isGreaterThanOrEqualTo(3);
        } finally {
            agent.toHandle().destroy();
            agent.waitFor(30, TimeUnit.SECONDS);
            redis.close();
        }
    }

    @Test
    void everyCollectionHappensOnTimeWhileRedisHangsAndArrivesInOrderAfterwards() throws Exception {
        Path agentLog = dir.resolve("agent.log");
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.port())) {
            long pid;
            try (StatefulRedisConnection<String, String> c = client.connect()) {
                Matcher m = Pattern.compile("process_id:(\\d+)").matcher(c.sync().info("server"));
                assertThat(m.find()).isTrue();
                pid = Long.parseLong(m.group(1));
            }
            Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq", redis.address(),
                    "--self-ip", "203.0.113.8", "--tick-seconds", "1").redirectErrorStream(true)
                    .redirectOutput(agentLog.toFile()).start();
            List<Long> times;
            long stopped;
            long continued;
            long answeredAfterMs;
            int logAtStop;
            try {
                // pushing, and caught up with its collections (the first connection can be slow)
                waitFor(() -> Files.readString(agentLog).contains("Pushing to Redis") && llen(redis.port()) >= 3
                        && lastTimestamp(redis.port()) >= Instant.now().getEpochSecond() - 1
                        && caughtUp(Files.readString(agentLog)), agentLog);
                logAtStop = Files.readString(agentLog).length();
                signal("STOP", pid);
                stopped = Instant.now().getEpochSecond();
                // longer than the Redis client's 10 s command timeout
                waitFor(() -> Instant.now().getEpochSecond() >= stopped + 15, agentLog);
                signal("CONT", pid);
                continued = Instant.now().getEpochSecond();
                long contNanos = System.nanoTime();
                // every batch collected while Redis was stopped is in the list, then a few more
                waitFor(() -> lastTimestamp(redis.port()) >= continued, agentLog);
                answeredAfterMs = (System.nanoTime() - contNanos) / 1_000_000;
                waitFor(() -> lastTimestamp(redis.port()) >= continued + 3, agentLog);
            } finally {
                agent.toHandle().destroy();
                agent.waitFor(30, TimeUnit.SECONDS);
            }
            times = timestamps(client);
            String log = Files.readString(agentLog);
            long first = times.get(0);
            long last = times.get(times.size() - 1);
            List<Long> missed = new ArrayList<>();
            for (long t = first; t <= last; t++) {
                if (!times.contains(t)) {
                    missed.add(t);
                }
            }
            long duplicates = times.size() - times.stream().distinct().count();
            long outOfOrder = 0;
            for (int i = 1; i < times.size(); i++) {
                if (times.get(i) < times.get(i - 1)) {
                    outOfOrder++;
                }
            }
            long during = times.stream().filter(t -> t > stopped && t < continued).distinct().count();
            System.out.printf("FAULT redis-hangs stopped=%d s collections-while-stopped=%d batches=%d missed=%d duplicates=%d"
                    + " out-of-order=%d caught-up-within=%d-ms%n", continued - stopped, during, times.size(), missed.size(),
                    duplicates, outOfOrder, answeredAfterMs);
            log.lines().filter(l -> l.contains("Redis 127.0.0.1:")).forEach(System.out::println);
            assertThat(missed).as("seconds with no collection, of %s; agent log:%n%s", times, log).isEmpty();
            assertThat(times).as("batches in collection order").isSorted();
            assertThat(during).as("collections while Redis was stopped").isGreaterThanOrEqualTo(continued - stopped - 2);
            assertThat(duplicates).as("the one push that went unanswered past the client's timeout, at most").isLessThanOrEqualTo(1);
            assertThat(log).contains("Pushing to Redis 127.0.0.1:" + redis.port() + ", queue kurado-update, every 1 s");
            assertThat(log.substring(logAtStop)).as("said while Redis was stopped, and after")
                    .containsPattern("Redis 127\\.0\\.0\\.1:" + redis.port() + " has not answered a push within 500 ms")
                    .containsPattern("Redis 127\\.0\\.0\\.1:" + redis.port()
                            + " answers again after 1\\d s; sent \\d+ batch\\(es\\) from the buffer");
            assertThat(log.lines().filter(l -> l.contains("Pushing to Redis"))).hasSize(1);
        }
    }

    /** @return whether the agent is not in an outage: none said, or the last one said to be over */
    private static boolean caughtUp(String log) {
        int trouble = Math.max(log.lastIndexOf("has not answered"), log.lastIndexOf("Cannot push"));
        return trouble < 0 || log.lastIndexOf("answers again") > trouble;
    }

    private static void signal(String signal, long pid) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).isZero();
    }

    /** @return the collection time of each batch in the update queue, in queue order */
    private static List<Long> timestamps(RedisClient client) {
        List<Long> times = new ArrayList<>();
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            for (String batch : c.sync().lrange("kurado-update", 0, -1)) {
                times.add(Long.parseLong(batch.split("\n")[0].split("\t")[3]));
            }
        }
        return times;
    }

    private static long lastTimestamp(int port) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port)) {
            List<Long> times = timestamps(client);
            return times.isEmpty() ? 0 : times.get(times.size() - 1);
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void theAgentExitsPromptlyOnSigterm() throws Exception {
        URI redis = Prerequisites.redisUri();
        String mq = redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort());
        Path agentLog = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq", mq,
                "--self-ip", "203.0.113.9", "--tick-seconds", "60").redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            waitFor(() -> Files.readString(agentLog).contains("start kurado agent"), agentLog);
            agent.toHandle().destroy(); // SIGTERM
            // not the 10 s the shutdown hook used to wait for a main thread blocked in System.exit
            assertThat(agent.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s of SIGTERM: %s", Files.readString(agentLog))
                    .isTrue();
            assertThat(Files.readString(agentLog)).contains("agent loop stopped");
        } finally {
            agent.destroyForcibly();
        }
    }

    @Test
    void theAgentExitsPromptlyOnSigtermWhileACommandPluginRunsAndLeavesNoneOfItBehind() throws Exception {
        URI redis = Prerequisites.redisUri();
        String mq = redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort());
        Path confD = Files.createDirectories(dir.resolve("conf.d"));
        Path child = dir.resolve("child.pid");
        Files.writeString(confD.resolve("slow.toml"), String.join("\n", "[plugin.metrics.slow]",
                "command = \"sleep 300 & echo $! > " + child + ".tmp; mv " + child + ".tmp " + child + "; wait\"",
                "timeout = 90", ""));
        Path agentLog = dir.resolve("agent.log");
        Process agent = new ProcessBuilder(java(), "-Xmx32m", "-jar", JAR.toString(), "agent", "--mq", mq,
                "--self-ip", "203.0.113.9", "--conf-d", confD.toString(), "--tick-seconds", "1")
                .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
        try {
            waitFor(() -> Files.exists(child), agentLog);
            long sleeper = Long.parseLong(Files.readString(child).strip());

            agent.toHandle().destroy(); // SIGTERM

            assertThat(agent.waitFor(2, TimeUnit.SECONDS)).as("exited within 2 s of SIGTERM: %s", Files.readString(agentLog))
                    .isTrue();
            assertThat(Files.readString(agentLog)).contains("agent loop stopped");
            waitFor(() -> ended(sleeper), agentLog);
        } finally {
            agent.destroyForcibly();
        }
    }

    /** @return whether the process has ended (a zombie that nobody reaped yet has ended too) */
    private static boolean ended(long pid) throws IOException {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (java.nio.file.NoSuchFileException e) {
            return true;
        }
    }

    private static long sentBuffered(String log) {
        Matcher m = Pattern.compile("answers again after \\d+ s; sent (\\d+) batch\\(es\\) from the buffer").matcher(log);
        long n = -1;
        while (m.find()) {
            n = Long.parseLong(m.group(1));
        }
        return n;
    }

    private static long llen(int port) {
        try (RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
                StatefulRedisConnection<String, String> c = client.connect()) {
            return c.sync().llen("kurado-update");
        } catch (RuntimeException e) {
            return 0;
        }
    }
}

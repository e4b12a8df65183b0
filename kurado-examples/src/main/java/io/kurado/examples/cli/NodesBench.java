package io.kurado.examples.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.queue.Topic;
import io.kurado.core.cluster.ShardRouter;
import io.kurado.core.cluster.Shards;
import io.kurado.core.memory.InMemoryQueue;
import io.kurado.redis.RedisQueue;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code kurado bench ingest --nodes N}: a private {@code redis-server} on a free port, then one
 * node and then N nodes of a group, each a {@code kurado server} in a JVM of its own with a data
 * directory of its own, fed agents' batches through {@code kurado-update}; then a graph asked of a
 * node that does not hold its host against its holder, one node killed with {@code kill -9}, how
 * long the others take to list it as down, and what its shards' queues grow by in Redis meanwhile.
 */
final class NodesBench {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintWriter out;
    private final int nodes;
    private final int hosts;
    private final int minutes;
    private final int shards;
    private final int graphs;
    private final int outageMinutes;
    private final int warmupSeconds;
    private final List<String> jvm;
    private final Path dir;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Process> running = new LinkedHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private Process redisProcess;
    private RawRedis redis;
    private int redisPort;
    private final long t0;
    /** The next minute to push: the group's minutes follow its warm-up, the outage's follow the group's. */
    private int nextMinute;
    /** The most minutes a warm-up pushes, whatever its seconds: the minutes' times are reserved before it. */
    static final int MAX_WARMUP_MINUTES = 400;
    /** The nodes' settle_seconds: long enough for every JVM of the group to start on a busy machine before the shards are shared. */
    private static final int SETTLE_SECONDS = 20;
    /** The nodes' {@code rrd: samples_per_write}, the default: each file is written once so many minutes wait for it. */
    private static final int WRITE_EVERY = io.kurado.rrd.RrdStorageOptions.DEFAULT_SAMPLES_PER_WRITE;

    NodesBench(PrintWriter out, int nodes, int hosts, int minutes, int shards, int graphs, int outageMinutes, int warmupSeconds,
            List<String> jvm, Path dir) {
        this.out = out;
        this.nodes = nodes;
        this.hosts = hosts;
        this.minutes = minutes;
        this.shards = shards;
        this.graphs = graphs;
        this.outageMinutes = outageMinutes;
        this.warmupSeconds = warmupSeconds;
        this.jvm = List.copyOf(jvm);
        this.dir = dir;
        // minutes that ended before now (the warm-up's and the outage's included), so that none is refused as from the future
        this.t0 = (System.currentTimeMillis() / 60_000 - minutes - outageMinutes - MAX_WARMUP_MINUTES - 2) * 60;
    }

    /** The figures of one run of a group through the minutes after the first and the warm-up. */
    private record Run(long samples, double seconds, double cpuSeconds, long routerTicks, Map<String, Long> kindTicks, int warmupMinutes) {
        double perSecond() {
            return samples / seconds;
        }

        double cpuUsPerSample() {
            return cpuSeconds * 1e6 / samples;
        }

        /** @return the CPU of one kind of thread, in microseconds per sample (clock ticks are hundredths of a second) */
        double kindUsPerSample(String kind) {
            return kindTicks.getOrDefault(kind, 0L) * 1e4 / samples;
        }
    }

    int run() throws Exception {
        try {
            startRedis();
            out.printf("bench ingest --nodes %d: %d hosts x %d metrics, %d minutes after a warm-up of %d s, %d shards, a redis-server"
                    + " of its own on 127.0.0.1:%d, data in %s (load %s)%n", nodes, hosts, BenchIngestCommand.METRICS_PER_HOST, minutes,
                    warmupSeconds, shards, redisPort, dir, CompareBench.load());
            out.flush();
            Run one = group("single", 1);
            stopAll();
            redis.call("FLUSHALL");
            Run many = group("group", nodes);
            double routeUs = routeInProcess();

            // the forwarding of a graph: asked of its holder and of another node, alternately
            String address = BenchIngestCommand.address(0);
            String holder = servedBy(firstNode(), address, 300);
            String other = running.keySet().stream().filter(n -> !n.equals(holder)).findFirst().orElseThrow();
            for (int i = 0; i < Math.min(10, graphs); i++) {
                graph(holder, address, 200 + 2 * i);
                graph(other, address, 201 + 2 * i);
            }
            long direct = 0;
            long forwarded = 0;
            for (int i = 0; i < graphs; i++) {
                direct += graph(holder, address, 400 + 2 * i);
                forwarded += graph(other, address, 401 + 2 * i);
            }

            // a node killed: not the one routing, so that the batches keep reaching the shard queues
            String victim = running.keySet().stream().filter(n -> !routes(n)).reduce((a, b) -> b).orElseThrow();
            String watcher = running.keySet().stream().filter(n -> !n.equals(victim)).findFirst().orElseThrow();
            List<String> victimQueues = new ArrayList<>();
            java.util.Set<Integer> victimShards = new java.util.HashSet<>();
            for (String label : slotsOf(watcher, victim)) {
                boolean second = label.endsWith("b");
                int shard = Integer.parseInt(second ? label.substring(0, label.length() - 1) : label);
                victimQueues.add(ShardRouter.topic(shard, second ? 1 : 0).name());
                victimShards.add(shard);
            }
            int hostsDown = 0;
            for (int h = 0; h < hosts; h++) {
                if (victimShards.contains(Shards.shardOf(BenchIngestCommand.address(h), shards))) {
                    hostsDown++;
                }
            }
            Process p = running.remove(victim);
            long killed = System.nanoTime();
            p.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            until("node " + victim + " is listed as down", Duration.ofSeconds(120), () -> !alive(watcher, victim));
            double noticed = (System.nanoTime() - killed) / 1e9;
            out.printf("node %s killed with -9; node %s lists it as down after %.1f s%n", victim, watcher, noticed);
            long bytes0 = memoryUsage(victimQueues);
            long used0 = usedMemory();
            for (int m = 0; m < outageMinutes; m++) {
                push(nextMinute++);
            }
            until("the batches pushed during the outage are routed", Duration.ofSeconds(120),
                    () -> length(Topic.UPDATE.name()) + length(RedisQueue.processingKey(Topic.UPDATE, ShardRouter.CONSUMER)) == 0);
            long backlogBytes = (memoryUsage(victimQueues) - bytes0) / outageMinutes;
            long usedBytes = (usedMemory() - used0) / outageMinutes;
            long waiting = 0;
            for (String q : victimQueues) {
                waiting += length(q);
            }
            out.printf("while %s is down (%d hosts), its %d shard queues hold %,d batches after %d minutes of pushes%n", victim,
                    hostsDown, victimQueues.size(), waiting, outageMinutes);

            double ratio = many.cpuUsPerSample() / one.cpuUsPerSample();
            out.println("cpu_us_per_sample: every thread of every node process, minutes 2.." + minutes + " after the warm-up, from the"
                    + " first push until no batch waits in Redis and the storage has written what they made due (samples_per_s: until"
                    + " no batch waits); jit_us_per_sample: its compiler threads' part; router_us_per_sample:"
                    + " the routing thread's (kurado-router) CPU in the group run, with its Redis round trips; route_us_per_sample:"
                    + " splitting lines by shard alone, in this process");
            out.printf(Locale.ROOT, "RESULT ingest-nodes nodes=%d samples_per_s=%.0f cpu_us_per_sample=%.1f single_samples_per_s=%.0f"
                    + " single_cpu_us_per_sample=%.1f cpu_ratio=%.2f jit_us_per_sample=%.1f single_jit_us_per_sample=%.1f"
                    + " router_us_per_sample=%.2f route_us_per_sample=%.2f hosts=%d samples=%d warmup_s=%d warmup_minutes=%d"
                    + " single_warmup_minutes=%d load=%s%n", nodes, many.perSecond(), many.cpuUsPerSample(), one.perSecond(),
                    one.cpuUsPerSample(), ratio, many.kindUsPerSample("jit"), one.kindUsPerSample("jit"),
                    many.routerTicks() * 1e4 / many.samples(), routeUs, hosts, many.samples(), warmupSeconds, many.warmupMinutes(),
                    one.warmupMinutes(), CompareBench.load());
            out.printf(Locale.ROOT, "RESULT ingest-nodes-forward graph_on_holder_ms=%.2f graph_forwarded_ms=%.2f overhead_ms=%.2f graphs=%d%n",
                    direct / 1e6 / graphs, forwarded / 1e6 / graphs, (forwarded - direct) / 1e6 / graphs, graphs);
            out.printf(Locale.ROOT, "RESULT ingest-nodes-outage down_after_s=%.1f backlog_bytes_per_minute=%d redis_used_bytes_per_minute=%d"
                    + " hosts_down=%d batches_waiting=%d%n", noticed, backlogBytes, usedBytes,
                    hostsDown, waiting);
            out.flush();
            return 0;
        } finally {
            stopAll();
            if (redis != null) {
                redis.close();
            }
            if (redisProcess != null) {
                redisProcess.destroy();
                redisProcess.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private void startRedis() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            redisPort = s.getLocalPort();
        }
        Path rdir = Files.createDirectories(dir.resolve("redis"));
        try {
            redisProcess = new ProcessBuilder("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", rdir.toString(), "--logfile", rdir.resolve("redis.log").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(rdir.resolve("redis.out").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("bench ingest --nodes starts a redis-server of its own, and none could be started: " + e.getMessage());
        }
        until("the redis-server answers", Duration.ofSeconds(20), () -> {
            try {
                redis = RawRedis.connect("127.0.0.1:" + redisPort);
                return true;
            } catch (RuntimeException e) {
                if (!redisProcess.isAlive()) {
                    throw new IllegalStateException("redis-server exited; see " + rdir.resolve("redis.out"));
                }
                return false;
            }
        });
    }

    /** Starts {@code count} nodes on empty data directories, pushes the minutes, and measures the minutes after the first. */
    private Run group(String name, int count) throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            ids.add(name + "-" + i);
        }
        for (String id : ids) {
            start(id);
        }
        until(count + " node(s) share the shards", Duration.ofSeconds(180), () -> {
            JsonNode list = status(ids.get(0)).path("cluster_node_list");
            int alive = 0;
            int slots = 0;
            int idle = 0;
            for (JsonNode n : list) {
                if (n.path("alive").asBoolean()) {
                    alive++;
                }
                slots += n.path("shards").size();
                idle += n.path("shards").isEmpty() ? 1 : 0;
            }
            if (slots == shards && idle > 0) {
                throw new IllegalStateException(idle + " node(s) started too late to be given shards (settle_seconds: " + SETTLE_SECONDS
                        + "); the machine is too busy to start " + count + " JVMs within that");
            }
            return alive == count && slots == shards;
        });
        out.printf("%s: %d node(s) started and share the %d shards%n", name, count, shards);
        out.flush();
        nextMinute = 0;
        int n = hosts * BenchIngestCommand.METRICS_PER_HOST;
        // the first minute creates the files; then a warm-up of minutes pushed and drained, unmeasured, so that the
        // figures are of running nodes whose code is compiled, not of fresh JVMs compiling it
        long warmStart = System.nanoTime();
        int warmup = 0;
        double warmCpu0 = cpuSeconds();
        Map<String, Long> warmKinds0 = threadKinds();
        // it lasts at least the warm-up seconds and until the compilers' share of the CPU over the last ten minutes is
        // below a tenth (at most five times the seconds), and it ends on a multiple of the storage's samples per write
        // (every file is written at once then), so that the measured minutes of the one node and of the group are alike
        Map<String, Long> check = warmKinds0;
        boolean warm = warmupSeconds == 0;
        while (nextMinute == 0 || !warm && nextMinute < MAX_WARMUP_MINUTES) {
            double cpu0 = cpuSeconds();
            long start = System.nanoTime();
            int m = nextMinute++;
            push(m);
            until("minute " + (m + 1) + " is stored", Duration.ofSeconds(300), this::drained);
            if (m == 0) {
                double s = (System.nanoTime() - start) / 1e9;
                out.printf(Locale.ROOT, "%s minute 1 (creates the files): %,d samples in %.2f s = %,.0f samples/s, cpu %.1f us/sample"
                        + " over %d node(s)%n", name, n, s, n / s, (cpuSeconds() - cpu0) * 1e6 / n, count);
                out.flush();
                warmStart = System.nanoTime();
                warmCpu0 = cpuSeconds();
                warmKinds0 = threadKinds();
                check = warmKinds0;
            } else {
                warmup++;
            }
            if (nextMinute % WRITE_EVERY == 0 && warmupSeconds > 0) {
                Map<String, Long> now = threadKinds();
                long jit = now.getOrDefault("jit", 0L) - check.getOrDefault("jit", 0L);
                long all = 0;
                for (Map.Entry<String, Long> e : now.entrySet()) {
                    all += e.getValue() - check.getOrDefault(e.getKey(), 0L);
                }
                check = now;
                long elapsed = System.nanoTime() - warmStart;
                warm = elapsed >= warmupSeconds * 1_000_000_000L && jit * 10 < all || elapsed >= warmupSeconds * 5_000_000_000L;
            }
        }
        double warmS = (System.nanoTime() - warmStart) / 1e9;
        if (warmup > 0) {
            out.printf(Locale.ROOT, "%s warm-up: %d minutes, %,d samples in %.1f s = %,.0f samples/s, cpu %.1f us/sample over %d"
                    + " node(s), by thread: %s%n", name, warmup, (long) warmup * n, warmS, warmup * n / warmS,
                    (cpuSeconds() - warmCpu0) * 1e6 / ((long) warmup * n), count, perSample(warmKinds0, threadKinds(), (long) warmup * n));
            out.flush();
        }
        long samples = 0;
        double seconds = 0;
        double cpu = 0;
        settle();
        long router0 = routerTicks();
        Map<String, Long> kinds0 = threadKinds();
        double measured0 = cpuSeconds();
        out.println(name + ": measuring from " + java.time.Instant.now());
        for (int i = 1; i < minutes; i++) {
            double cpu0 = cpuSeconds();
            long start = System.nanoTime();
            int m = nextMinute++;
            push(m);
            until("minute " + (m + 1) + " is stored", Duration.ofSeconds(300), this::drained);
            double s = (System.nanoTime() - start) / 1e9;
            double c = cpuSeconds() - cpu0;
            out.printf(Locale.ROOT, "%s minute %d: %,d samples in %.2f s = %,.0f samples/s, cpu %.1f us/sample over %d node(s)%n", name,
                    m + 1, n, s, n / s, c * 1e6 / n, count);
            out.flush();
            samples += n;
            seconds += s;
        }
        // the files the minutes made due are written after no batch waits in Redis: their CPU counts too
        double tail = settle();
        cpu = cpuSeconds() - measured0;
        out.printf(Locale.ROOT, "%s: the storage wrote what waited for it %.1f s after the last batch was taken%n", name, tail);
        Map<String, Long> kinds1 = threadKinds();
        out.println(name + ": measured until " + java.time.Instant.now() + "; us/sample by thread, " + (minutes - 1)
                + " minutes after the warm-up, summed over the node(s): " + perSample(kinds0, kinds1, samples)
                + " (update: the updaters; redis: the Redis clients' threads; rrd: the storage's writers)");
        out.flush();
        Map<String, Long> ticks = new java.util.TreeMap<>();
        kinds1.forEach((k, v) -> ticks.put(k, v - kinds0.getOrDefault(k, 0L)));
        return new Run(samples, seconds, cpu, routerTicks() - router0, ticks, warmup);
    }

    /**
     * Waits until no storage writer or updater thread of a node is running or waiting for a core,
     * three looks in a row 100 ms apart (at most 60 s).
     *
     * @return the seconds waited
     */
    private double settle() throws InterruptedException {
        long start = System.nanoTime();
        int quiet = 0;
        while (quiet < 3 && System.nanoTime() - start < 60_000_000_000L) {
            TimeUnit.MILLISECONDS.sleep(100);
            quiet = busy() ? 0 : quiet + 1;
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** @return whether a storage writer or updater thread of a node is running or runnable */
    private boolean busy() {
        for (Process p : running.values()) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path t : tasks) {
                    try {
                        String comm = Files.readString(t.resolve("comm")).strip();
                        if (!comm.startsWith("kurado-rrd") && !comm.startsWith("kurado-update")) {
                            continue;
                        }
                        String stat = Files.readString(t.resolve("stat"));
                        if (stat.charAt(stat.lastIndexOf(')') + 2) == 'R') {
                            return true;
                        }
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return false;
    }

    private static String perSample(Map<String, Long> before, Map<String, Long> after, long samples) {
        StringBuilder by = new StringBuilder();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            long ticks = e.getValue() - before.getOrDefault(e.getKey(), 0L);
            by.append(by.length() == 0 ? "" : ", ").append(e.getKey()).append(' ')
                    .append(String.format(Locale.ROOT, "%.1f", ticks * 1e4 / samples));
        }
        return by.toString();
    }

    private void start(String id) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path node = Files.createDirectories(dir.resolve(id));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics: [base]\n");
        StringBuilder y = new StringBuilder("config:\n  redis: redis://127.0.0.1:" + redisPort + "\n  data_dir: " + node.resolve("data")
                + "\n  rolls_dir: " + dir.resolve("rolls") + "\n  listen: 127.0.0.1:" + port + "\n  node_id: " + id
                + "\n  advertise_url: http://127.0.0.1:" + port + "/\n  cluster:\n    shards: " + shards + "\n    settle_seconds: " + SETTLE_SECONDS + "\n"
                + "---\nservice: bench\nservers:\n  - roll: base.yml\n    hosts:\n");
        for (int h = 0; h < hosts; h++) {
            y.append("      - ").append(BenchIngestCommand.address(h)).append('\n');
        }
        Path file = node.resolve("kurado.yml");
        Files.writeString(file, y);
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.addAll(jvm);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KuradoCommand.class.getName());
        cmd.addAll(List.of("server", "-c", file.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(node.resolve("server.log").toFile())).start();
        running.put(id, p);
        ports.put(id, port);
    }

    private String firstNode() {
        return running.keySet().iterator().next();
    }

    private void push(int minute) {
        List<byte[]> commands = new ArrayList<>();
        for (int i = 0; i < hosts; i += 500) {
            List<String> args = new ArrayList<>();
            args.add("RPUSH");
            args.add(Topic.UPDATE.name());
            for (int h = i; h < Math.min(hosts, i + 500); h++) {
                args.add(BenchIngestCommand.batch(h, t0 + 60L * minute, minute));
            }
            commands.add(RawRedis.command(args));
        }
        redis.send(commands);
    }

    /** @return whether no batch waits in kurado-update, a shard queue or a processing list */
    private boolean drained() {
        if (length(Topic.UPDATE.name()) + length(RedisQueue.processingKey(Topic.UPDATE, ShardRouter.CONSUMER)) > 0) {
            return false;
        }
        for (int s = 0; s < shards; s++) {
            Topic t = ShardRouter.topic(s, 0);
            if (length(t.name()) + length(RedisQueue.processingKey(t, "owner")) > 0) {
                return false;
            }
        }
        return true;
    }

    private long length(String key) {
        return Long.parseLong(redis.call("LLEN", key));
    }

    private long memoryUsage(List<String> keys) {
        long sum = 0;
        for (String k : keys) {
            String v = redis.call("MEMORY", "USAGE", k, "SAMPLES", "0");
            sum += v.isEmpty() ? 0 : Long.parseLong(v);
        }
        return sum;
    }

    private long usedMemory() {
        for (String line : redis.call("INFO", "memory").split("\r\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
            }
        }
        return 0;
    }

    /** @return the CPU seconds of every node process, as the kernel counts it */
    private double cpuSeconds() {
        double sum = 0;
        for (Process p : running.values()) {
            sum += p.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
        }
        return sum;
    }

    /** @return the clock ticks of every node's threads, by kind (jit, gc, web, update, router, redis, rrd, other), summed */
    private Map<String, Long> threadKinds() {
        Map<String, Long> sum = new java.util.TreeMap<>();
        for (Process p : running.values()) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path t : tasks) {
                    try {
                        String comm = Files.readString(t.resolve("comm")).strip();
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum.merge(kind(comm), Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }
        return sum;
    }

    /** @return the kind of a thread by its name as the kernel keeps it (15 characters) */
    static String kind(String comm) {
        return comm.startsWith("kurado-graph") || comm.startsWith("kurado-web") ? "web"
                : comm.startsWith("GC") || comm.startsWith("G1") || comm.startsWith("VM Thread") ? "gc"
                : comm.contains("CompilerThre") ? "jit"
                : comm.startsWith("kurado-update") ? "update"
                : comm.startsWith("kurado-router") ? "router"
                : comm.startsWith("lettuce") ? "redis"
                : comm.startsWith("kurado-rrd") ? "rrd"
                : "other";
    }

    /** @return the clock ticks the nodes' routing threads have spent, user and kernel */
    private long routerTicks() {
        long sum = 0;
        for (Process p : running.values()) {
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path t : tasks) {
                    try {
                        if (!Files.readString(t.resolve("comm")).strip().equals("kurado-router")) {
                            continue;
                        }
                        String stat = Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    } catch (IOException | RuntimeException e) {
                        // the thread ended
                    }
                }
            } catch (IOException e) {
                return 0;
            }
        }
        return sum;
    }

    /** @return whether that node's log says it routes kurado-update */
    private boolean routes(String id) {
        try {
            return Files.readString(dir.resolve(id).resolve("server.log")).contains("This node routes");
        } catch (IOException e) {
            return false;
        }
    }

    /** @return the CPU microseconds per sample of splitting the minutes' batches by shard, in this process, warmed up */
    private double routeInProcess() {
        ShardRouter router = new ShardRouter(new InMemoryQueue(Integer.MAX_VALUE, java.time.InstantSource.system()), shards, 1,
                Long.MAX_VALUE, 16 << 20);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        List<String> batches = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            batches.add(BenchIngestCommand.batch(h, t0, 0));
        }
        for (int i = 0; i < 20; i++) {
            router.route(batches);
        }
        long cpu0 = threads.getCurrentThreadCpuTime();
        int rounds = Math.max(5, 200_000 / Math.max(1, hosts));
        for (int i = 0; i < rounds; i++) {
            router.route(batches);
        }
        long cpu = threads.getCurrentThreadCpuTime() - cpu0;
        return cpu / 1e3 / ((double) rounds * hosts * BenchIngestCommand.METRICS_PER_HOST);
    }

    private JsonNode status(String id) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(id) + "/api/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode row(String watcher, String id) {
        for (JsonNode n : status(watcher).path("cluster_node_list")) {
            if (n.path("node").asText().equals(id)) {
                return n;
            }
        }
        return JSON.createObjectNode();
    }

    private boolean alive(String watcher, String id) {
        return row(watcher, id).path("alive").asBoolean(true);
    }

    private List<String> slotsOf(String watcher, String id) {
        List<String> out = new ArrayList<>();
        row(watcher, id).path("shards").forEach(s -> out.add(s.asText()));
        return out;
    }

    private HttpResponse<byte[]> graphResponse(String id, String address, int width) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.get(id)
                + "/graph?address=" + address + "&plugin_identifier=base&graph=loadavg-1&term=day&width=" + width))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("the graph of " + address + " asked of node " + id + " answered " + r.statusCode());
        }
        return r;
    }

    /** @return the node that drew the graph */
    private String servedBy(String id, String address, int width) throws IOException, InterruptedException {
        return graphResponse(id, address, width).headers().firstValue("X-Kurado-Served-By").orElse(id);
    }

    /** @return the nanoseconds of one graph, of a width not asked before, so that no cache answers */
    private long graph(String id, String address, int width) throws IOException, InterruptedException {
        long start = System.nanoTime();
        graphResponse(id, address, width);
        return System.nanoTime() - start;
    }

    private void until(String what, Duration limit, BooleanSupplier ok) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!ok.getAsBoolean()) {
            for (Map.Entry<String, Process> e : running.entrySet()) {
                if (!e.getValue().isAlive()) {
                    throw new IllegalStateException("node " + e.getKey() + " exited; see " + dir.resolve(e.getKey()).resolve("server.log"));
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + ": not within " + limit.toSeconds() + " s; the nodes' logs are in " + dir);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    private void stopAll() throws InterruptedException {
        for (Process p : running.values()) {
            p.destroy();
        }
        for (Process p : running.values()) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        running.clear();
        ports.clear();
    }
}

package io.kurado.core.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Redis Cluster of a test's own: three masters without replicas on free loopback ports, each a
 * {@code redis-server --cluster-enabled yes} keeping nothing on disk, joined by
 * {@code redis-cli --cluster create}. Closing it kills every server, as does a failure while it
 * starts; {@link #suite()} is one cluster shared by a test JVM, killed when the JVM exits.
 */
public final class RedisClusterProcess implements AutoCloseable {
    /** How many masters it has. */
    public static final int MASTERS = 3;
    /** A Cluster node also listens on its port + 10000 (the cluster bus). */
    private static final int BUS_OFFSET = 10_000;

    private static RedisClusterProcess suite;

    private final Path dir;
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();

    private RedisClusterProcess(Path dir) {
        this.dir = dir;
    }

    /**
     * Starts a cluster and waits until every node reports {@code cluster_state:ok}.
     *
     * @param dir where the servers keep their cluster configuration and logs
     * @return the running cluster; the caller closes it
     * @throws IOException when a server exits or the cluster does not come up within 30 s (every
     *     server started is killed first)
     * @throws InterruptedException when interrupted while waiting
     */
    public static RedisClusterProcess start(Path dir) throws IOException, InterruptedException {
        Prerequisites.program("redis-server");
        Prerequisites.program("redis-cli");
        RedisClusterProcess cluster = new RedisClusterProcess(dir);
        try {
            cluster.startServers();
            cluster.create();
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    /**
     * @return the cluster the test JVM shares, started on first use and killed when the JVM exits;
     *     tests use keys of their own on it
     */
    public static synchronized RedisClusterProcess suite() {
        if (suite == null) {
            try {
                long t0 = System.nanoTime();
                Path dir = Files.createTempDirectory("kurado-test-cluster-");
                RedisClusterProcess started = start(dir);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.close();
                    deleteTree(dir);
                }, "kurado-test-cluster-stop"));
                System.out.printf("[redis] the tests use a Redis Cluster of their own at %s (up in %.1f s)%n", started.seeds(),
                        (System.nanoTime() - t0) / 1e9);
                suite = started;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the tests' Redis Cluster", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while starting the tests' Redis Cluster", e);
            }
        }
        return suite;
    }

    /** @return the masters' ports */
    public List<Integer> ports() {
        return List.copyOf(ports);
    }

    /** @return {@code 127.0.0.1:<port>,…} of every master */
    public String seeds() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /**
     * @param seeds how many masters to name
     * @return {@code redis-cluster://127.0.0.1:<port>[,…]}, the setting {@code redis:} for it
     */
    public String setting(int seeds) {
        return "redis-cluster://" + ports.subList(0, seeds).stream().map(p -> "127.0.0.1:" + p)
                .collect(Collectors.joining(","));
    }

    /**
     * @param key a key
     * @return its slot, as {@code CLUSTER KEYSLOT} answers
     * @throws IOException when redis-cli fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public int keySlot(String key) throws IOException, InterruptedException {
        return Integer.parseInt(cli(ports.get(0), "CLUSTER", "KEYSLOT", key).strip());
    }

    /**
     * @param key a key
     * @return the port of the master that owns its slot, read from {@code CLUSTER NODES}
     * @throws IOException when redis-cli fails or no master owns the slot
     * @throws InterruptedException when interrupted while waiting for it
     */
    public int masterOf(String key) throws IOException, InterruptedException {
        return masterOfSlot(keySlot(key));
    }

    /**
     * Moves a slot, with its keys, to another master, as a resharding does: the old master answers
     * {@code MOVED} for it from then on.
     *
     * @param slot the slot
     * @param toPort the port of the master that gets it
     * @throws IOException when redis-cli fails
     * @throws InterruptedException when interrupted while waiting for it
     */
    public void moveSlot(int slot, int toPort) throws IOException, InterruptedException {
        int from = masterOfSlot(slot);
        if (from == toPort) {
            return;
        }
        String fromId = cli(from, "CLUSTER", "MYID").strip();
        String toId = cli(toPort, "CLUSTER", "MYID").strip();
        String s = Integer.toString(slot);
        cli(toPort, "CLUSTER", "SETSLOT", s, "IMPORTING", fromId);
        cli(from, "CLUSTER", "SETSLOT", s, "MIGRATING", toId);
        while (true) {
            List<String> keys = cli(from, "CLUSTER", "GETKEYSINSLOT", s, "100").lines().filter(k -> !k.isEmpty()).toList();
            if (keys.isEmpty()) {
                break;
            }
            List<String> migrate = new ArrayList<>(List.of("MIGRATE", "127.0.0.1", Integer.toString(toPort), "", "0", "5000", "KEYS"));
            migrate.addAll(keys);
            String out = cli(from, migrate.toArray(String[]::new));
            if (!out.strip().equals("OK")) {
                throw new IOException("MIGRATE of slot " + slot + " failed: " + out);
            }
        }
        for (int port : ports) {
            cli(port, "CLUSTER", "SETSLOT", s, "NODE", toId);
        }
    }

    private int masterOfSlot(int slot) throws IOException, InterruptedException {
        for (String line : cli(ports.get(0), "CLUSTER", "NODES").split("\n")) {
            // <id> <ip:port@bus> <flags> <master> <ping> <pong> <epoch> <link> <slot or range>...
            String[] f = line.strip().split(" ");
            if (f.length < 9 || !f[2].contains("master")) {
                continue;
            }
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue; // a slot being migrated
                }
                String[] range = f[i].split("-");
                int from = Integer.parseInt(range[0]);
                int to = range.length > 1 ? Integer.parseInt(range[1]) : from;
                if (slot >= from && slot <= to) {
                    String address = f[1].split("@")[0];
                    return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
                }
            }
        }
        throw new IOException("no master owns slot " + slot);
    }

    /**
     * Runs {@code redis-cli -p <port> args…} (without following redirects).
     *
     * @param port a node's port
     * @param args the command
     * @return what it printed
     * @throws IOException when it fails or takes more than 10 s
     * @throws InterruptedException when interrupted while waiting for it
     */
    public String cli(int port, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command, Duration.ofSeconds(10));
    }

    private void startServers() throws IOException, InterruptedException {
        for (int i = 0; i < MASTERS; i++) {
            int port = freePort();
            Path nodeDir = Files.createDirectories(dir.resolve("node-" + port));
            Process p = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--cluster-enabled", "yes", "--cluster-config-file", "nodes-" + port + ".conf",
                    "--cluster-node-timeout", "5000", "--dir", nodeDir.toString(),
                    "--logfile", nodeDir.resolve("redis.log").toString(), "--save", "", "--appendonly", "no")
                    .redirectErrorStream(true).redirectOutput(nodeDir.resolve("redis.out").toFile()).start();
            ports.add(port);
            processes.add(p);
        }
        for (int i = 0; i < MASTERS; i++) {
            awaitPong(processes.get(i), ports.get(i));
        }
    }

    private void create() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        ports.forEach(p -> command.add("127.0.0.1:" + p));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        String out = run(command, Duration.ofSeconds(30));
        if (!out.contains("All 16384 slots covered")) {
            throw new IOException("redis-cli --cluster create did not cover every slot: " + out);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (int port : ports) {
            while (!cli(port, "CLUSTER", "INFO").contains("cluster_state:ok")) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("the node on port " + port + " never reported cluster_state:ok");
                }
                Thread.sleep(50);
            }
        }
    }

    private String run(List<String> command, Duration max) throws IOException, InterruptedException {
        Path outFile = Files.createTempFile(dir, "redis-cli-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outFile.toFile()).start();
        String text;
        try {
            p.getOutputStream().close();
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IOException(String.join(" ", command) + " did not finish within " + max.toSeconds() + " s");
            }
            text = Files.readString(outFile, StandardCharsets.UTF_8);
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(outFile);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + text);
        }
        return text;
    }

    private static void awaitPong(Process process, int port) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited (exit " + process.exitValue() + ")");
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
                byte[] buf = new byte[64];
                int n = s.getInputStream().read(buf);
                if (n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG")) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(50);
        }
        throw new IOException("redis-server did not answer on port " + port);
    }

    /** @return a free port whose cluster bus port (+10000) is free too */
    private int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket s = new ServerSocket(0)) {
                int port = s.getLocalPort();
                if (port + BUS_OFFSET > 65_535 || ports.contains(port) || ports.contains(port + BUS_OFFSET)
                        || ports.contains(port - BUS_OFFSET)) {
                    continue;
                }
                try (ServerSocket bus = new ServerSocket(port + BUS_OFFSET)) {
                    return port;
                } catch (IOException taken) {
                    // try another
                }
            }
        }
        throw new IOException("found no free port with a free cluster bus port");
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: what is left, the system's clean-up removes
        }
    }

    /** Kills every server it started. */
    @Override
    public synchronized void close() {
        for (Process p : processes) {
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

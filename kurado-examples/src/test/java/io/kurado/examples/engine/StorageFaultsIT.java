package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.ConsolFun;
import org.rrd4j.core.FetchData;
import org.rrd4j.core.RrdDb;

/**
 * The three classic storage faults, end to end: {@code kurado.jar server} against a private
 * redis-server, batches pushed with raw {@code RPUSH} as the Perl agent pushes them, the RRD files
 * read back with plain rrd4j. Each scenario counts the samples pushed and the samples found in the
 * files, and prints one line {@code FAULT <name> pushed=… written=… lost=…} (the README's figures):
 *
 * <ul>
 *   <li>kill -9 while the first minute of 200 hosts × 45 new series is creating files: nothing is
 *       lost, no file is broken;
 *   <li>a full data directory (a size-limited tmpfs, filled up): the hosts with files keep being
 *       written, the new hosts' samples are kept, reported, and written once space is back (the
 *       mount needs root: without it the scenario is skipped, or fails under {@code KURADO_CI=true});
 *   <li>corrupt files (zeroed and cut short while the server runs, overwritten while it is
 *       stopped): they are moved aside and reported, new files take every later sample; only the
 *       history in the moved files is lost.
 * </ul>
 *
 * Every sample is a gauge whose value says which host, series and minute it is, so a value in the
 * wrong place or minute does not count as written.
 */
class StorageFaultsIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));
    /** The size of one new Kurado RRD file. */
    private static final long FILE_BYTES = 188_784;

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    // ------------------------------------------------------------------------------ the faults

    @Test
    void killNineWhileFilesAreCreatedLosesNothing() throws Exception {
        int hosts = 200;
        int keys = 45;
        int total = hosts * keys;
        List<String> addresses = new ArrayList<>();
        for (int h = 0; h < hosts; h++) {
            addresses.add("10.1." + (h / 100) + "." + (h % 100 + 1));
        }
        Path data = dir.resolve("data");
        long t0 = minutesAgo(5);
        Pushed pushed = new Pushed(data);
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
            Path config = config(dir, redis, data, List.of(), addresses);
            int creatingAtKill;
            int filesAtKill;
            try (Server server = Server.start(config, dir.resolve("server-1.log"))) {
                pushed.minute(r, addresses, keys, 0, t0);
                // kill -9 once some, not all, of the new files exist
                waitFor(Duration.ofSeconds(60), () -> countFiles(data, ".rrd") >= total / 10, server.log);
                server.kill9();
                filesAtKill = countFiles(data, ".rrd");
                creatingAtKill = countFiles(data, ".rrd.creating");
            }
            assertThat(filesAtKill).as("killed while files were being created").isLessThan(total);
            System.out.printf("kill -9 came with %d of %d files created, %d .creating file(s) left%n", filesAtKill, total,
                    creatingAtKill);

            try (Server server = Server.start(config, dir.resolve("server-2.log"))) {
                assertThat(server.log()).contains("Replaying the journal");
                pushed.minute(r, addresses, keys, 1, t0 + 60);
                pushed.minute(r, addresses, keys, 2, t0 + 120);
                waitFor(Duration.ofSeconds(60), () -> "0".equals(r.command("LLEN", "kurado-update")), server.log);
                server.stop();
                Matcher replayed = Pattern.compile("Replayed the journal in .*").matcher(server.log());
                assertThat(replayed.find()).isTrue();
                System.out.println(replayed.group());
            }
        }
        assertThat(countFiles(data, ".rrd")).isEqualTo(total);
        System.out.printf("after the restart: %d files, %d .creating file(s) left%n", countFiles(data, ".rrd"),
                countFiles(data, ".rrd.creating"));
        List<Path> broken = new ArrayList<>();
        try (Stream<Path> all = Files.walk(data)) {
            for (Path p : (Iterable<Path>) all.filter(p -> p.toString().endsWith(".rrd"))::iterator) {
                try (RrdDb db = open(p)) {
                    db.getLastUpdateTime();
                } catch (IOException | RuntimeException e) {
                    broken.add(p);
                }
            }
        }
        assertThat(broken).as("files rrd4j cannot open").isEmpty();
        long written = pushed.countWritten();
        fault("kill-9-during-creation", pushed.total(), written, 0);
        assertThat(written).as("samples in their files").isEqualTo(pushed.total());
    }

    @Test
    void aFullDiskDelaysOnlyTheFilesThatNeedSpace() throws Exception {
        List<String> a = List.of("10.2.0.1", "10.2.0.2");
        List<String> b = List.of("10.2.1.1", "10.2.1.2");
        int keys = 10;
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        Path data = Files.createDirectories(dir.resolve("data"));
        // room for every file (in whole 4 kB pages) and the journal: once A's files exist, the filler
        // takes the rest, so that B's cannot be created until it is deleted
        long size = (long) all.size() * keys * ((FILE_BYTES + 4095) / 4096 * 4096) + (2L << 20);
        mountTmpfs(data, size);
        long t0 = minutesAgo(6);
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
            Path config = config(dir, redis, data, List.of("rrd.samples_per_write: 1", "rrd.max_write_delay: 1"), all);
            Pushed pushed = new Pushed(data);
            long spaceBack;
            long bWaited;
            Path filler = data.resolve("filler");
            try (Server server = Server.start(config, dir.resolve("server.log"))) {
                pushed.minute(r, a, keys, 0, t0);
                pushed.minute(r, a, keys, 1, t0 + 60);
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(a).allMatch(t -> t == t0 + 60), server.log);

                long filled = fill(filler);
                System.out.printf("the data directory (tmpfs of %d bytes) is full: the filler took %d bytes%n", size, filled);
                pushed.minute(r, all, keys, 2, t0 + 120);
                pushed.minute(r, all, keys, 3, t0 + 180);
                // A's files go on being written while the disk is full
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(a).allMatch(t -> t == t0 + 180), server.log);
                // B cannot have files: said in words, on the host's status and on /status
                waitFor(Duration.ofSeconds(30), () -> server.log().contains("no space left on device"), server.log);
                assertThat(server.log()).containsPattern("Cannot write '[^']+' of plugin base on 10\\.2\\.1\\.[12]: cannot create"
                        + " 10\\.2\\.1\\.[12]/base/k\\d+\\.gauge\\.rrd: no space left on device; its samples are kept and tried again");
                assertThat(countFiles(data.resolve(b.get(0)), ".rrd") + countFiles(data.resolve(b.get(1)), ".rrd")).isZero();
                String status = server.get("/api/host-status?address=" + b.get(0) + "&address=" + b.get(1));
                assertThat(status).contains("\"" + b.get(0) + "\":1", "\"" + b.get(1) + "\":1");
                assertThat(server.get("/status")).contains("data-key=\"storage\">failing<", "cannot create " + b.get(0) + "/base/");
                // stopped while the disk is still full: what waits for B stays in the journal
                server.stop();
            }
            assertThat(Files.readString(dir.resolve("server.log"))).doesNotContain("samples lost")
                    .contains("the journal keeps them for the next start");
            try (Server server = Server.start(config, dir.resolve("server2.log"))) {
                Files.delete(filler);
                spaceBack = System.nanoTime();
                // once space is back, B's files are created within the retry back-off, holding what waited
                waitFor(Duration.ofSeconds(90), () -> countFiles(data.resolve(b.get(0)), ".rrd")
                        + countFiles(data.resolve(b.get(1)), ".rrd") == b.size() * keys, server.log);
                bWaited = Duration.ofNanos(System.nanoTime() - spaceBack).toMillis();
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(b).allMatch(t -> t == t0 + 180), server.log);
                pushed.minute(r, all, keys, 4, t0 + 240);
                waitFor(Duration.ofSeconds(30), () -> "0".equals(r.command("LLEN", "kurado-update")), server.log);
                waitFor(Duration.ofSeconds(30), () -> server.get("/api/status").contains("\"storage\":\"ok\""), server.log);
                server.stop();
            }
            System.out.printf("B's files were created %d ms after space came back%n", bWaited);
            long written = pushed.countWritten();
            fault("disk-full", pushed.total(), written, 0);
            assertThat(written).as("samples in their files").isEqualTo(pushed.total());
        } finally {
            umount(data);
        }
    }

    @Test
    void corruptFilesAreMovedAsideAndNewFilesTakeTheLaterSamples() throws Exception {
        String address = "10.3.0.1";
        int keys = 10;
        List<String> one = List.of(address);
        Path data = dir.resolve("data");
        Path base = data.resolve(address).resolve("base");
        Path zeroed = base.resolve("k01.gauge.rrd");
        Path cut = base.resolve("k02.gauge.rrd");
        Path overwritten = base.resolve("k03.gauge.rrd");
        long t0 = minutesAgo(9);
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
            Path config = config(dir, redis, data, List.of("rrd.samples_per_write: 1", "rrd.max_write_delay: 1"), one);
            Pushed pushed = new Pushed(data);
            try (Server server = Server.start(config, dir.resolve("server-1.log"))) {
                for (int m = 0; m < 3; m++) {
                    pushed.minute(r, one, keys, m, t0 + 60L * m);
                }
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(one).allMatch(t -> t == t0 + 120), server.log);

                // while it runs: one file zeroed (same size), one cut to half its size
                try (FileChannel ch = FileChannel.open(zeroed, StandardOpenOption.WRITE)) {
                    ByteBuffer zeros = ByteBuffer.allocate((int) ch.size());
                    while (zeros.hasRemaining()) {
                        ch.write(zeros, zeros.position());
                    }
                }
                try (FileChannel ch = FileChannel.open(cut, StandardOpenOption.WRITE)) {
                    ch.truncate(ch.size() / 2);
                }
                pushed.destroyed(zeroed);
                pushed.destroyed(cut);
                for (int m = 3; m < 6; m++) {
                    pushed.minute(r, one, keys, m, t0 + 60L * m);
                }
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(one).allMatch(t -> t == t0 + 300), server.log);
                assertThat(asideOf(zeroed)).hasSize(1);
                assertThat(asideOf(cut)).hasSize(1);
                assertThat(storageWarning(server.get("/server?address=" + address)))
                        .contains(address + "/base/k01.gauge.rrd was broken", address + "/base/k01.gauge.rrd.corrupt-",
                                address + "/base/k02.gauge.rrd was broken", address + "/base/k02.gauge.rrd.corrupt-");
                assertThat(server.get("/status")).contains(address + "/base/k01.gauge.rrd was broken",
                        address + "/base/k02.gauge.rrd was broken");
                server.stop();
                assertThat(occurrences(server.log(), "k01.gauge.rrd was broken")).as("logged once").isEqualTo(1);
                assertThat(occurrences(server.log(), "k02.gauge.rrd was broken")).as("logged once").isEqualTo(1);
            }

            // while it is stopped: one file's header overwritten
            try (FileChannel ch = FileChannel.open(overwritten, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap("this is not an RRD file ".repeat(20).getBytes(StandardCharsets.US_ASCII)), 0);
            }
            pushed.destroyed(overwritten);
            try (Server server = Server.start(config, dir.resolve("server-2.log"))) {
                for (int m = 6; m < 8; m++) {
                    pushed.minute(r, one, keys, m, t0 + 60L * m);
                }
                waitFor(Duration.ofSeconds(30), () -> pushed.lastUpdates(one).allMatch(t -> t == t0 + 420), server.log);
                assertThat(asideOf(overwritten)).hasSize(1);
                assertThat(storageWarning(server.get("/server?address=" + address)))
                        .contains(address + "/base/k03.gauge.rrd was broken", address + "/base/k03.gauge.rrd.corrupt-");
                server.stop();
                assertThat(occurrences(server.log(), "k03.gauge.rrd was broken")).as("logged once").isEqualTo(1);
            }
            assertThat(Stream.of(zeroed, cut, overwritten)).allMatch(Files::exists);
            long written = pushed.countWritten();
            fault("corrupt-file", pushed.total(), written, pushed.destroyedCount());
            assertThat(pushed.total() - written).as("samples lost").isEqualTo(pushed.destroyedCount());
        }
    }

    // ------------------------------------------------------------------------------ helpers

    static void fault(String name, long pushed, long written, long destroyed) {
        System.out.printf("FAULT %s pushed=%d written=%d lost=%d%s%n", name, pushed, written, pushed - written,
                destroyed > 0 ? " (destroyed by the test: " + destroyed + ")" : "");
    }

    /** @return the text of the "Storage:" warning of the host page's plugin (there is one plugin) */
    private static String storageWarning(String page) {
        Matcher m = Pattern.compile("<b>Storage:</b>([^<]*)</div>").matcher(page);
        assertThat(m.find()).as("a storage warning on the host page").isTrue();
        return m.group(1);
    }

    static int occurrences(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    /** @return the start of the minute that began {@code n} minutes ago */
    static long minutesAgo(int n) {
        return (Instant.now().getEpochSecond() / 60 - n) * 60;
    }

    /** Writes {@code dir/kurado.yml} (and its roll) for a server of these hosts on that Redis and data directory. */
    static Path config(Path dir, RedisServerProcess redis, Path data, List<String> settings, List<String> addresses) throws IOException {
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics:\n  - base\n");
        List<String> lines = new ArrayList<>(List.of(
                "config:",
                "  redis: " + redis.address(),
                "  data_dir: " + data,
                "  rolls_dir: rolls",
                "  update_worker: 2",
                "  fetch_worker: 1",
                "  listen: 127.0.0.1:0"));
        settings.forEach(s -> lines.add("  " + s));
        lines.addAll(List.of("---", "service: faults", "servers:", "  - roll: base.yml", "    hosts:"));
        addresses.forEach(a -> lines.add("      - " + a + " host-" + a.replace('.', '-')));
        Path config = dir.resolve("kurado.yml");
        Files.writeString(config, String.join("\n", lines) + "\n");
        return config;
    }

    /**
     * Counts the files under a directory whose names end so, by their names only: files are
     * created and renamed while it counts.
     */
    private static int countFiles(Path root, String suffix) throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.endsWith(suffix)) {
                    n++;
                } else if (!name.contains(".rrd") && Files.isDirectory(p)) {
                    n += countFiles(p, suffix);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return n;
        }
        return n;
    }

    private static List<Path> asideOf(Path file) throws IOException {
        try (Stream<Path> s = Files.list(file.getParent())) {
            return s.filter(p -> p.getFileName().toString().startsWith(file.getFileName() + ".corrupt-")).toList();
        }
    }

    private static RrdDb open(Path file) throws IOException {
        return RrdDb.getBuilder().setPath(file.toString()).readOnly().build();
    }

    /** Writes a file until the file system has no space left. @return its size */
    private static long fill(Path filler) throws IOException {
        try (FileChannel ch = FileChannel.open(filler, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk : new int[] {1 << 20, 4096, 1}) {
                ByteBuffer b = ByteBuffer.allocate(chunk);
                try {
                    while (true) {
                        b.clear();
                        ch.write(b);
                    }
                } catch (IOException full) {
                    // next, smaller chunks
                }
            }
            return ch.size();
        }
    }

    private static void mountTmpfs(Path at, long bytes) throws Exception {
        String why = run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "kurado-faults", at.toString());
        if (why != null) {
            Prerequisites.missing("cannot mount a size-limited tmpfs for the full-disk scenario (it needs root): " + why);
        }
    }

    private static void umount(Path at) throws Exception {
        String why = run("umount", at.toString());
        if (why != null) {
            throw new IOException("cannot unmount " + at + ": " + why);
        }
    }

    /** @return null when the command succeeds, else its exit code and output */
    private static String run(String... command) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int rc = p.waitFor();
        return rc == 0 ? null : "exit " + rc + ": " + out;
    }

    interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Duration limit, Check check, Path log) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s; server log:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    /**
     * The samples pushed, by file: one gauge per host, series and minute, its value made of the
     * three ({@code (host+1)·100000 + (series+1)·100 + minute+1}), and those whose file the test
     * destroyed.
     */
    static final class Pushed {
        private final Path data;
        private final Map<Path, TreeMap<Long, Double>> byFile = new LinkedHashMap<>();
        private final Map<Path, Integer> destroyed = new LinkedHashMap<>();

        Pushed(Path data) {
            this.data = data;
        }

        /** Pushes one minute of each host, one batch per host, and records it. */
        void minute(RawRedis r, List<String> addresses, int keys, int minute, long ts) throws IOException {
            for (String address : addresses) {
                int h = hostNumber(address);
                StringBuilder batch = new StringBuilder();
                for (int k = 0; k < keys; k++) {
                    String key = String.format("k%02d", k);
                    double value = (h + 1) * 100_000.0 + (k + 1) * 100.0 + minute + 1;
                    batch.append(address).append("\tbase.metrics.").append(key).append(".gauge\t").append((long) value)
                            .append('\t').append(ts).append('\n');
                    byFile.computeIfAbsent(file(address, key), f -> new TreeMap<>()).put(ts, value);
                }
                assertThat(Long.parseLong(r.command("RPUSH", "kurado-update", batch.toString()))).isPositive();
            }
        }

        private static int hostNumber(String address) {
            String[] parts = address.split("\\.");
            return Integer.parseInt(parts[2]) * 256 + Integer.parseInt(parts[3]);
        }

        Path file(String address, String key) {
            return data.resolve(address).resolve("base").resolve(key + ".gauge.rrd");
        }

        /** The test destroyed a file: the samples pushed to it so far are lost by design. */
        void destroyed(Path file) {
            destroyed.put(file, byFile.get(file).size());
        }

        long destroyedCount() {
            return destroyed.values().stream().mapToLong(Integer::longValue).sum();
        }

        long total() {
            return byFile.values().stream().mapToLong(TreeMap::size).sum();
        }

        /** @return the last update time of each file of these hosts (0 when it cannot be read) */
        Stream<Long> lastUpdates(List<String> addresses) {
            List<Long> out = new ArrayList<>();
            for (Map.Entry<Path, TreeMap<Long, Double>> e : byFile.entrySet()) {
                if (addresses.contains(e.getKey().getParent().getParent().getFileName().toString())) {
                    try (RrdDb db = open(e.getKey())) {
                        out.add(db.getLastUpdateTime());
                    } catch (IOException | RuntimeException notYet) {
                        out.add(0L);
                    }
                }
            }
            return out.stream();
        }

        /** @return the pushed samples found in their files, at their minute, with their value */
        long countWritten() throws IOException {
            long n = 0;
            for (Map.Entry<Path, TreeMap<Long, Double>> e : byFile.entrySet()) {
                TreeMap<Long, Double> want = e.getValue();
                if (!Files.exists(e.getKey())) {
                    continue;
                }
                try (RrdDb db = open(e.getKey())) {
                    FetchData fd = db.createFetchRequest(ConsolFun.AVERAGE, want.firstKey() - 60, want.lastKey() + 60, 60)
                            .fetchData();
                    long[] times = fd.getTimestamps();
                    double[] values = fd.getValues("n");
                    for (int i = 0; i < times.length; i++) {
                        Double expected = want.get(times[i]);
                        if (expected != null && values[i] == expected) {
                            n++;
                        }
                    }
                }
            }
            return n;
        }
    }

    /** One run of {@code kurado.jar server}, its output in a log file. */
    static final class Server implements AutoCloseable {
        private static final Pattern OPEN = Pattern.compile("Open http://127\\.0\\.0\\.1:(\\d+)/");
        private static final HttpClient HTTP = HttpClient.newHttpClient();
        final Process process;
        final Path log;
        private int port;

        private Server(Process process, Path log) {
            this.process = process;
            this.log = log;
        }

        /** Starts it and waits until it takes batches and serves its web UI. */
        static Server start(Path config, Path log) throws Exception {
            Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Server s = new Server(p, log);
            waitFor(Duration.ofSeconds(60), () -> {
                if (!p.isAlive()) {
                    throw new AssertionError("the server exited with " + p.exitValue() + ":\n" + Files.readString(log));
                }
                String out = Files.readString(log);
                return out.contains("Update role started") && OPEN.matcher(out).find();
            }, log);
            Matcher m = OPEN.matcher(s.log());
            assertThat(m.find()).isTrue();
            s.port = Integer.parseInt(m.group(1));
            return s;
        }

        String log() throws IOException {
            return Files.readString(log);
        }

        /** @return the port its web UI answers on */
        int port() {
            return port;
        }

        /** @return the body of a GET of the web UI, which must answer 200 */
        String get(String pathAndQuery) throws IOException {
            try {
                HttpResponse<String> res = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(res.statusCode()).as(pathAndQuery + ": " + res.body()).isEqualTo(200);
                return res.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }

        /** Stops it with SIGTERM, which writes every waiting sample into its file. */
        void stop() throws Exception {
            process.toHandle().destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
            assertThat(process.exitValue()).as(log()).isIn(0, 143);
            assertThat(log()).contains("Kurado stopped");
        }

        /** Kills it with SIGKILL: nothing more is written. */
        void kill9() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
                try {
                    process.waitFor(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}

package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static io.kurado.examples.engine.StorageFaultsIT.config;
import static io.kurado.examples.engine.StorageFaultsIT.fault;
import static io.kurado.examples.engine.StorageFaultsIT.minutesAgo;
import static io.kurado.examples.engine.StorageFaultsIT.occurrences;
import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import io.kurado.examples.engine.StorageFaultsIT.Pushed;
import io.kurado.examples.engine.StorageFaultsIT.Server;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged journal and a second server on one data directory, end to end: {@code kurado.jar
 * server} against a private redis-server, batches pushed as the Perl agent pushes them, samples
 * counted back from the RRD files with plain rrd4j. Each prints {@code FAULT <name> pushed=…
 * written=… lost=…} (the README's figures).
 */
class JournalAndLockFaultsIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));
    /** The journal's record marker and header size ({@code io.kurado.rrd.JournalFormat}). */
    private static final int MARKER = 0x9A7CE51D;
    private static final int SEGMENT_HEADER = 40;
    private static final int RECORD_HEADER = 28;

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    @Test
    void bytesFlippedInOneJournalRecordCostThatRecordOnlyAndTheStartSaysHowManyAndWhere() throws Exception {
        List<String> hosts = addresses(20);
        int keys = 20;
        Path data = dir.resolve("data");
        long t0 = minutesAgo(20);
        Pushed pushed = new Pushed(data);
        long destroyed;
        long inFilesAtKill;
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
            // files are written once an hour: what follows minute 0 stays in the journal
            Path config = config(dir, redis, data, List.of("rrd.samples_per_write: 1000", "rrd.max_write_delay: 3600"), hosts);
            try (Server server = Server.start(config, dir.resolve("server-1.log"))) {
                for (int m = 0; m <= 10; m++) {
                    pushed.minute(r, hosts, keys, m, t0 + 60L * m);
                    long want = pushed.total();
                    waitFor(Duration.ofSeconds(60), () -> samplesWritten(server) == want, server);
                }
                server.kill9();
            }
            // A file's first write comes after a random number of samples, so a few files may
            // already hold some of what the damaged record journaled: those samples survive it.
            inFilesAtKill = pushed.countWritten();
            List<long[]> records = records(data);
            long[] hit = records.stream().filter(x -> x[3] > 0).skip(records.size() / 2).findFirst().orElseThrow();
            assertThat(records.indexOf(hit)).as("good records after it").isLessThan(records.size() - 3);
            Path segment = segment(data, hit[0]);
            int at = (int) ((hit[1] + hit[2]) / 2);
            flip(segment, at, 16);
            destroyed = hit[3];

            try (Server server = Server.start(config, dir.resolve("server-2.log"))) {
                String said = line(server.log(), "Replayed the journal in ");
                System.out.println(said);
                assertThat(said).contains(String.format(Locale.ROOT, "; %,d samples lost in a damaged part of segment %d (bytes"
                        + " %,d–%,d; the segment is kept as %s.damaged-", destroyed, hit[0], hit[1], hit[2],
                        segment.getFileName()));
                assertThat(occurrences(server.log(), "samples lost in a damaged part")).as("said once").isEqualTo(1);
                assertThat(server.get("/api/status")).contains("\"storage_samples_lost\":" + destroyed);
                assertThat(server.get("/status")).contains("data-key=\"storage_samples_lost\">" + destroyed + "<");
                server.stop();
            }
        }
        long written = pushed.countWritten();
        fault("journal-record-flipped", pushed.total(), written, destroyed);
        assertThat(pushed.total() - written).as("lost: the damaged record's samples, less those already in their files")
                .isBetween(destroyed - inFilesAtKill, destroyed);
    }

    @Test
    void aSecondServerOnTheSameDataDirectoryExits1WithOneLineAndNothingIsLost() throws Exception {
        List<String> hosts = addresses(10);
        int keys = 10;
        Path data = dir.resolve("data");
        long t0 = minutesAgo(10);
        Pushed pushed = new Pushed(data);
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start();
                RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
            Path config = config(dir, redis, data, List.of("rrd.samples_per_write: 1", "rrd.max_write_delay: 1"), hosts);
            try (Server first = Server.start(config, dir.resolve("server-1.log"))) {
                pushed.minute(r, hosts, keys, 0, t0);
                Process second = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", config.toString())
                        .redirectOutput(dir.resolve("server-2.out").toFile()).redirectError(dir.resolve("server-2.err").toFile())
                        .start();
                for (int m = 1; m <= 5; m++) {
                    pushed.minute(r, hosts, keys, m, t0 + 60L * m);
                }
                assertThat(second.waitFor(60, TimeUnit.SECONDS)).as("the second server exits").isTrue();
                String err = Files.readString(dir.resolve("server-2.err"));
                System.out.print("second server: exit " + second.exitValue() + ": " + err);
                assertThat(second.exitValue()).isEqualTo(1);
                // besides the log lines of its start (the plugins it found), one line says why it stops
                List<String> said = err.lines().filter(l -> !l.matches("\\d{4}-\\d\\d-\\d\\dT.*")).toList();
                assertThat(said).singleElement().asString().startsWith("another process writes into the data directory " + data
                        + ": it is held by process " + first.process.pid() + " on ");
                assertThat(err).doesNotContain(" WARN ", " ERROR ", "Starting Kurado");
                assertThat(Files.readString(dir.resolve("server-2.out"))).doesNotContain("Update role started");
                long want = pushed.total();
                waitFor(Duration.ofSeconds(60), () -> samplesWritten(first) == want, first);
                first.stop();
            }
        }
        long written = pushed.countWritten();
        fault("second-server-same-data-dir", pushed.total(), written, 0);
        assertThat(written).as("samples in their files").isEqualTo(pushed.total());
    }

    // ------------------------------------------------------------------------------ helpers

    private static List<String> addresses(int n) {
        List<String> out = new ArrayList<>();
        for (int h = 0; h < n; h++) {
            out.add("10.5." + (h / 100) + "." + (h % 100 + 1));
        }
        return out;
    }

    private static long samplesWritten(Server s) throws IOException {
        Matcher m = Pattern.compile("\"samples_written\":(\\d+)").matcher(s.get("/api/status"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** @return each record of the journal's segments: segment, offset, end, samples */
    private static List<long[]> records(Path data) throws IOException {
        List<long[]> out = new ArrayList<>();
        List<Path> segments;
        try (Stream<Path> s = Files.list(data.resolve(".journal"))) {
            segments = s.filter(p -> p.getFileName().toString().endsWith(".journal")).sorted().toList();
        }
        for (Path p : segments) {
            long seq = Long.parseLong(p.getFileName().toString().substring(0, 16), 16);
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(p));
            int pos = SEGMENT_HEADER;
            while (pos + RECORD_HEADER <= b.capacity() && b.getInt(pos) == MARKER) {
                int end = pos + RECORD_HEADER + b.getInt(pos + 4);
                out.add(new long[] {seq, pos, end, b.getInt(pos + 8)});
                pos = end;
            }
        }
        return out;
    }

    private static Path segment(Path data, long seq) {
        return data.resolve(".journal").resolve(String.format(Locale.ROOT, "%016x.journal", seq));
    }

    private static void flip(Path file, int at, int n) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            ch.read(b, at);
            for (int i = 0; i < n; i++) {
                b.put(i, (byte) ~b.get(i));
            }
            b.clear();
            ch.write(b, at);
        }
    }

    private static String line(String log, String start) {
        Matcher m = Pattern.compile(Pattern.quote(start) + ".*").matcher(log);
        assertThat(m.find()).as("a line starting " + start + " in:\n" + log).isTrue();
        return m.group();
    }

    interface Check {
        boolean ok() throws IOException;
    }

    private static void waitFor(Duration limit, Check check, Server server) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s; server log:\n" + server.log());
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
    }
}

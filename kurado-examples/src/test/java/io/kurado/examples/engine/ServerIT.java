package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Prerequisites;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rrd4j.core.RrdDb;

/**
 * Runs {@code kurado server} from the jar against a real Redis and a configuration in the original's
 * format, pushes batches the way the Perl agent does ({@code RPUSH kurado-update}), stops the
 * server with SIGTERM, and reads the values back from the RRD files.
 */
class ServerIT {
    @BeforeAll
    static void prerequisites() {
        Prerequisites.redis();
    }

    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @TempDir
    Path dir;

    @Test
    void agentBatchesPushedWithRawRpushEndUpInTheRrdFiles() throws Exception {
        URI redis = Prerequisites.redisUri();
        String address = "192.0.2." + (10 + (int) (Math.random() * 200));
        Files.createDirectories(dir.resolve("rolls"));
        Files.writeString(dir.resolve("rolls/base.yml"), "metrics:\n  - base\n");
        Files.writeString(dir.resolve("kurado.yml"), String.join("\n",
                "config:",
                "  redis: " + redis.getHost() + ":" + (redis.getPort() < 0 ? 6379 : redis.getPort()),
                "  data_dir: data",
                "  rolls_dir: rolls",
                "  update_worker: 2",
                "  fetch_worker: 2",
                "  listen: 127.0.0.1:0",
                "---",
                "service: it",
                "servers:",
                "  - roll: base.yml",
                "    hosts:",
                "      - " + address + " it-host",
                ""));
        long t = (Instant.now().getEpochSecond() / 60 + 2) * 60;
        Path log = dir.resolve("server.log");
        Process server = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", dir.resolve("kurado.yml").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try (RawRedis r = RawRedis.fromItProperty()) {
            waitFor(() -> Files.readString(log).contains("Update role started"), log);
            // Two minutes of an agent, in the seed README's format.
            for (long ts : new long[] {t, t + 60}) {
                long n = (ts - t) / 60;
                String batch = String.join("\n",
                        address + "\tbase.metrics.cpu-user.derive\t" + (44682 + 6000 * n) + "\t" + ts,
                        address + "\tbase.metrics.loadavg-1.gauge\t0.50\t" + ts,
                        address + "\tbase.metrics.disk-io-mapper_VolGroup-lv_root-write-sectors.device\t2462360\t" + ts,
                        address + "\tbase.meta.uptime\t57649\t" + ts,
                        address + "\tbase.metrics.memory-used.gauge\t269361152\t" + ts,
                        "");
                assertThat(Long.parseLong(r.command("RPUSH", "kurado-update", batch))).isPositive();
            }
            Path base = dir.resolve("data").resolve(address).resolve("base");
            waitFor(() -> Files.exists(base.resolve("memory-used.gauge.rrd")) && "0".equals(r.command("LLEN", "kurado-update")), log);
        } finally {
            server.toHandle().destroy(); // SIGTERM
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
        }
        String output = Files.readString(log);
        assertThat(server.exitValue()).as(output).isIn(0, 143);
        assertThat(output).contains("Kurado stopped").contains("malformed line(s) from '" + address + "'");

        Path base = dir.resolve("data").resolve(address).resolve("base");
        try (RrdDb db = RrdDb.getBuilder().setPath(base.resolve("loadavg-1.gauge.rrd").toString()).readOnly().build()) {
            assertThat(db.getLastUpdateTime()).isEqualTo(t + 60);
            assertThat(db.getDatasource("n").getLastValue()).isEqualTo(0.5);
        }
        try (RrdDb db = RrdDb.getBuilder().setPath(base.resolve("cpu-user.derive.rrd").toString()).readOnly().build()) {
            assertThat(db.getLastUpdateTime()).isEqualTo(t + 60);
            assertThat(db.getDatasource("n").getLastValue()).isEqualTo(50682);
            double rate = db.createFetchRequest(org.rrd4j.ConsolFun.AVERAGE, t + 60, t + 60).fetchData().getValues("n")[0];
            assertThat(rate).isEqualTo(100.0);
        }
        try (RrdDb db = RrdDb.getBuilder().setPath(base.resolve("memory-used.gauge.rrd").toString()).readOnly().build()) {
            assertThat(db.getDatasource("n").getLastValue()).isEqualTo(269361152);
        }
        assertThat(base.resolve("disk-io-mapper_VolGroup-lv_root-write-sectors.device.rrd")).doesNotExist();
    }

    interface Check {
        boolean ok() throws IOException;
    }

    static void waitFor(Check check, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; server log:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static List<String> lines(String s) {
        return new ArrayList<>(List.of(s.split("\n")));
    }
}

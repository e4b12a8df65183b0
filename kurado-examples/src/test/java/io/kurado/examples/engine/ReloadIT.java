package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kurado.jar server} reloads its configuration on SIGHUP, and keeps it when the edit is broken. */
class ReloadIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
    }

    @TempDir
    Path dir;

    private static void hangUp(Process p) throws Exception {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).inheritIO().start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0).as("kill -HUP").isTrue();
    }

    private int configServer(Path config, int port) throws Exception {
        return configServer(config, "http://127.0.0.1:" + port);
    }

    private int configServer(Path config, String url) throws Exception {
        Process p = new ProcessBuilder(ServerIT.java(), "-jar", JAR.toString(), "config", "-c", config.toString(),
                "--server", url).redirectErrorStream(true).redirectOutput(dir.resolve("config.out").toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue();
    }

    @Test
    void aHostAddedToTheFileIsOnTheIndexAfterSighupAndABrokenEditKeepsTheRunningConfiguration() throws Exception {
        Path data = dir.resolve("data");
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start()) {
            Path config = StorageFaultsIT.config(dir, redis, data, List.of(), List.of("10.0.0.1"));
            try (StorageFaultsIT.Server server = StorageFaultsIT.Server.start(config, dir.resolve("server.log"))) {
                assertThat(server.get("/")).contains("host-10-0-0-1").doesNotContain("host-10-0-0-2");
                assertThat(configServer(config, server.port())).as("the file the server runs").isZero();
                assertThat(configServer(config, "http://alice:s3cret@127.0.0.1:" + server.port())).as("signed in").isZero();
                assertThat(Files.readString(dir.resolve("config.out"))).as("the password is not shown")
                        .contains("OK. the server at http://127.0.0.1:").doesNotContain("s3cret");

                StorageFaultsIT.config(dir, redis, data, List.of(), List.of("10.0.0.1", "10.0.0.2"));
                assertThat(configServer(config, server.port())).as("an edited file, not yet reloaded").isEqualTo(3);
                long sent = System.nanoTime();
                hangUp(server.process);
                Await.until("the added host is on the index", Duration.ofSeconds(30), () -> index(server).contains("host-10-0-0-2"));
                System.out.printf("reload IT: the added host was on the index %d ms after SIGHUP%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
                assertThat(configServer(config, server.port())).as("after the reload").isZero();

                Files.writeString(config, Files.readString(config) + "      - 10.0.0.300 broken\n");
                hangUp(server.process);
                Await.until("the broken edit is refused", Duration.ofSeconds(30),
                        () -> status(server).contains("\"config_reloads_failed\":1"));
                assertThat(status(server)).contains("\"config_last_reload_successful\":\"false\"", "10.0.0.300");
                assertThat(index(server)).contains("host-10-0-0-1", "host-10-0-0-2");
                hangUp(server.process); // the same problem again: counted, not logged again
                Await.until("the second refusal is counted", Duration.ofSeconds(30),
                        () -> status(server).contains("\"config_reloads_failed\":2"));
                assertThat(server.log().split("the configuration was not reloaded", -1)).as("the problem logged once").hasSize(2);
                server.stop();
            }
        }
    }

    private static String index(StorageFaultsIT.Server s) {
        try {
            return s.get("/");
        } catch (Exception e) {
            return "";
        }
    }

    private static String status(StorageFaultsIT.Server s) {
        try {
            return s.get("/api/status");
        } catch (Exception e) {
            return "";
        }
    }
}

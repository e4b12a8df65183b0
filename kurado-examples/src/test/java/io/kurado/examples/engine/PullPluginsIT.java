package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.kurado.core.testkit.RedisServerProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kurado server} with a roll naming {@code redis:<port>} and {@code mysql} pulls both from
 * real servers (a redis-server of the test's own, the machine's MariaDB), writes their RRD files
 * within two minutes, and the host page draws their graphs.
 */
class PullPluginsIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @TempDir
    Path dir;

    @BeforeAll
    static void mariadb() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", 3306), 2_000);
        } catch (IOException e) {
            String why = "no MariaDB answers at 127.0.0.1:3306 (install and start mariadb-server; .ci/run does)";
            if ("true".equals(System.getenv("KURADO_CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why);
        }
    }

    @Test
    void aServerPullsRedisAndMysqlIntoRrdFilesAndDrawsTheirGraphs() throws Exception {
        int web;
        try (ServerSocket s = new ServerSocket(0)) {
            web = s.getLocalPort();
        }
        Files.createDirectories(dir.resolve("redis"));
        try (RedisServerProcess redis = new RedisServerProcess(dir.resolve("redis")).start()) {
            Files.createDirectories(dir.resolve("rolls"));
            Files.writeString(dir.resolve("rolls/db.yml"), "metrics:\n  - redis:" + redis.port() + "\n  - mysql\n");
            Files.writeString(dir.resolve("kurado.yml"), String.join("\n",
                    "config:",
                    "  data_dir: data",
                    "  rolls_dir: rolls",
                    "  listen: 127.0.0.1:" + web,
                    "metrics_config:",
                    "  MYSQL: {user: root, password: \"\"}",
                    "---",
                    "service: databases",
                    "servers:",
                    "  - roll: db.yml",
                    "    hosts:",
                    "      - 127.0.0.1 db-host local redis and mariadb",
                    ""));
            Path log = dir.resolve("server.log");
            Process server = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "-c", dir.resolve("kurado.yml").toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                Path host = dir.resolve("data").resolve("127.0.0.1");
                Path redisDir = host.resolve("redis%3A" + redis.port());
                Path mysqlDir = host.resolve("mysql");
                // the files of one fetch are created one after the other: wait for every one the test reads
                waitFor(Duration.ofSeconds(130), () -> Files.exists(redisDir.resolve("keys.gauge.rrd"))
                        && Files.exists(redisDir.resolve("used_memory.gauge.rrd"))
                        && Files.exists(mysqlDir.resolve("com_select.derive.rrd"))
                        && Files.exists(mysqlDir.resolve("innodb_buffer_pool_pages_total.gauge.rrd")), log);

                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + web;
                String page = http.send(HttpRequest.newBuilder(URI.create(base + "/server?address=127.0.0.1")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(page).contains("<h4>Redis(" + redis.port() + ")</h4>", "<h4>MySQL</h4>", "<h4>MySQL InnoDB</h4>");
                List<String> graphs = new ArrayList<>();
                Matcher m = Pattern.compile("src=\"/?(graph\\?[^\"]+)\"").matcher(page);
                while (m.find()) {
                    graphs.add(m.group(1).replace("&amp;", "&"));
                }
                assertThat(graphs).anyMatch(g -> g.contains("graph=mem")).anyMatch(g -> g.contains("graph=thread"));
                for (String g : graphs) {
                    // a graph draws once the fetch that feeds it has been stored (every file of its batch)
                    waitFor(Duration.ofSeconds(60), () -> png(http, base + "/" + g).statusCode() == 200, log);
                    HttpResponse<byte[]> png = png(http, base + "/" + g);
                    assertThat(png.body()).as(g).startsWith(0x89, 'P', 'N', 'G');
                }
            } finally {
                server.toHandle().destroy();
                assertThat(server.waitFor(60, TimeUnit.SECONDS)).as("server stops on SIGTERM").isTrue();
            }
        }
    }

    private static HttpResponse<byte[]> png(HttpClient http, String url) throws IOException {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    interface Check {
        boolean ok() throws IOException;
    }

    static void waitFor(Duration limit, Check check, Path log) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + limit.toSeconds() + " s; server log:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(200);
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}

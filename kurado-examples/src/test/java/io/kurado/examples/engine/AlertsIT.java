package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kurado.jar server} with a threshold rule, a webhook receiver and a real Alertmanager (Debian's
 * {@code prometheus-alertmanager}, on a free port): a host's value pushed over the line as the Perl
 * agent pushes it reaches the webhook as Alertmanager's webhook JSON, signed, and Alertmanager as an
 * active alert.
 */
class AlertsIT {
    private static final String SECRET = "it-secret";

    private static final String ALERTMANAGER = "/usr/bin/prometheus-alertmanager";

    @BeforeAll
    static void prerequisites() {
        Prerequisites.program("redis-server");
        Prerequisites.programs("prometheus-alertmanager", ALERTMANAGER);
    }

    /** Starts Alertmanager on a free port with a route to nowhere; the caller destroys it. */
    private Process alertmanager(int port) throws Exception {
        Path am = Files.createDirectories(dir.resolve("am"));
        Files.writeString(am.resolve("am.yml"), "route:\n  receiver: \"null\"\nreceivers:\n  - name: \"null\"\n");
        return new ProcessBuilder(ALERTMANAGER, "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                "--storage.path=" + am, "--config.file=" + am.resolve("am.yml"))
                .redirectErrorStream(true).redirectOutput(am.resolve("am.log").toFile()).start();
    }

    private static String get(String url) {
        try {
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (Exception e) {
            return "";
        }
    }

    @TempDir
    Path dir;

    record Received(String body, String signature) {}

    @Test
    void aValueOverTheLineReachesTheWebhookAsSignedAlertmanagerJson() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            received.add(new Received(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    ex.getRequestHeaders().getFirst("X-Kurado-Signature")));
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        hook.start();
        int amPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            amPort = free.getLocalPort();
        }
        Process am = alertmanager(amPort);
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start()) {
            Files.createDirectories(dir.resolve("rolls"));
            Files.writeString(dir.resolve("rolls/base.yml"), "metrics:\n  - base\n");
            Path config = Files.writeString(dir.resolve("kurado.yml"), String.join("\n",
                    "config:",
                    "  redis: " + redis.address(),
                    "  data_dir: " + dir.resolve("data"),
                    "  rolls_dir: rolls",
                    "  listen: 127.0.0.1:0",
                    "alerts:",
                    "  group_wait: 0s",
                    "  receivers:",
                    "    - name: it",
                    "      type: webhook",
                    "      url: http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                    "      secret: " + SECRET,
                    "    - name: am",
                    "      type: alertmanager",
                    "      url: http://127.0.0.1:" + amPort,
                    "  rules:",
                    "    - name: hot",
                    "      plugin: base",
                    "      series: {t: temperature.gauge}",
                    "      window: avg 5m",
                    "      warning: 50",
                    "      critical: 90",
                    "      for: 0s",
                    "      summary: \"{hostname} is at {value} degrees\"",
                    "---",
                    "service: lab",
                    "servers:",
                    "  - roll: base.yml",
                    "    hosts:",
                    "      - 10.0.0.1 oven",
                    ""));
            try (StorageFaultsIT.Server server = StorageFaultsIT.Server.start(config, dir.resolve("server.log"));
                    RawRedis r = new RawRedis("127.0.0.1", redis.port())) {
                long now = System.currentTimeMillis() / 1000;
                StringBuilder batch = new StringBuilder();
                for (long t = now - 360; t <= now; t += 60) {
                    batch.append("10.0.0.1\tbase.metrics.temperature.gauge\t99\t").append(t).append('\n');
                }
                r.command("RPUSH", "kurado-update", batch.toString());

                Await.until("the webhook receives the alert (one evaluation a minute)", Duration.ofSeconds(150),
                        () -> received.stream().anyMatch(x -> x.body().contains("\"hot\"")));

                Received got = received.stream().filter(x -> x.body().contains("\"hot\"")).findFirst().orElseThrow();
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                assertThat(got.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(got.body().getBytes(StandardCharsets.UTF_8))));
                JsonNode json = new ObjectMapper().readTree(got.body());
                assertThat(json.path("version").asText()).isEqualTo("4");
                assertThat(json.path("status").asText()).isEqualTo("firing");
                JsonNode alert = json.path("alerts").get(0);
                assertThat(alert.path("labels").path("alertname").asText()).isEqualTo("hot");
                assertThat(alert.path("labels").path("host").asText()).isEqualTo("10.0.0.1");
                assertThat(alert.path("labels").path("hostname").asText()).isEqualTo("oven");
                assertThat(alert.path("labels").path("service").asText()).isEqualTo("lab");
                assertThat(alert.path("labels").path("severity").asText()).isEqualTo("critical");
                assertThat(alert.path("annotations").path("summary").asText()).startsWith("oven is at 99");
                assertThat(server.get("/api/alerts")).contains("\"hot\"", "10.0.0.1");
                Await.until("Alertmanager holds the alert", Duration.ofSeconds(60),
                        () -> get("http://127.0.0.1:" + amPort + "/api/v2/alerts").contains("\"alertname\":\"hot\""));
                JsonNode held = new ObjectMapper().readTree(get("http://127.0.0.1:" + amPort + "/api/v2/alerts")).get(0);
                assertThat(held.path("labels").path("host").asText()).isEqualTo("10.0.0.1");
                assertThat(held.path("status").path("state").asText()).isEqualTo("active");
                server.stop();
            }
        } finally {
            hook.stop(0);
            am.destroy();
        }
    }
}

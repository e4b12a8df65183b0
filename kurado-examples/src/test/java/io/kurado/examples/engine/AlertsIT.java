package io.kurado.examples.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import io.kurado.core.testkit.Await;
import io.kurado.core.testkit.Prerequisites;
import io.kurado.core.testkit.RedisServerProcess;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kurado.jar server} with a threshold rule and three receivers: a loopback webhook, GreenMail's
 * SMTP server and a real Alertmanager (Debian's {@code prometheus-alertmanager}), all started by the
 * test on free ports. A host's value pushed over the line as the Perl agent pushes it reaches the
 * webhook as Alertmanager's webhook JSON, signed, a mail that lists the host with a link to its page,
 * and Alertmanager as an active alert; twelve hosts going down together make one message; the value
 * back under the line resolves the alert at every receiver; and a notification the webhook could not
 * take when the server stopped is delivered after its restart, while nothing delivered is sent again.
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

    record Received(String body, String signature) {
        JsonNode json() {
            try {
                return new ObjectMapper().readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        String status() {
            return json().path("status").asText();
        }

        String service() {
            return json().path("groupLabels").path("service").asText();
        }
    }

    private static final int FLEET = 12;

    @Test
    void aValueOverTheLineIsToldToEveryReceiverOnceAndSoIsItsResolutionAcrossARestart() throws Exception {
        List<Received> received = new CopyOnWriteArrayList<>();
        AtomicBoolean hookDown = new AtomicBoolean();
        AtomicInteger refused = new AtomicInteger();
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (hookDown.get()) {
                refused.incrementAndGet();
                ex.sendResponseHeaders(503, -1);
            } else {
                received.add(new Received(body, ex.getRequestHeaders().getFirst("X-Kurado-Signature")));
                ex.sendResponseHeaders(200, -1);
            }
            ex.close();
        });
        hook.start();
        GreenMail smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());
        smtp.start();
        int amPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            amPort = free.getLocalPort();
        }
        Process am = alertmanager(amPort);
        ScheduledExecutorService agent = Executors.newSingleThreadScheduledExecutor();
        try (RedisServerProcess redis = new RedisServerProcess(Files.createDirectories(dir.resolve("redis"))).start()) {
            Files.createDirectories(dir.resolve("rolls"));
            Files.writeString(dir.resolve("rolls/base.yml"), "metrics:\n  - base\n");
            List<String> lines = new ArrayList<>(List.of(
                    "config:",
                    "  redis: " + redis.address(),
                    "  data_dir: " + dir.resolve("data"),
                    "  rolls_dir: rolls",
                    "  listen: 127.0.0.1:0",
                    "alerts:",
                    "  external_url: http://kurado.example.com",
                    "  group_wait: 0s",
                    "  group_interval: 1s",
                    "  repeat_interval: 1h",
                    "  receivers:",
                    "    - name: it",
                    "      type: webhook",
                    "      url: http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                    "      secret: " + SECRET,
                    "    - name: ops-mail",
                    "      type: mail",
                    "      smtp_host: 127.0.0.1",
                    "      smtp_port: " + smtp.getSmtp().getPort(),
                    "      starttls: false",
                    "      from: kurado@example.com",
                    "      to: ops@example.com",
                    "    - name: am",
                    "      type: alertmanager",
                    "      url: http://127.0.0.1:" + amPort,
                    "  rules:",
                    "    - name: hot",
                    "      plugin: base",
                    "      series: {t: temperature.gauge}",
                    "      window: last 1m",
                    "      critical: 50",
                    "      for: 0s",
                    "      recover_for: 0s",
                    "      summary: \"{hostname} is at {value} degrees\"",
                    "---",
                    "service: lab",
                    "servers:",
                    "  - roll: base.yml",
                    "    hosts:",
                    "      - 10.0.0.1 oven",
                    "---",
                    "service: fleet",
                    "servers:",
                    "  - roll: base.yml",
                    "    hosts:"));
            for (int i = 1; i <= FLEET; i++) {
                lines.add("      - 10.0.1." + i + " rack-" + i);
            }
            Path config = Files.writeString(dir.resolve("kurado.yml"), String.join("\n", lines) + "\n");
            String hotFiring = "\"alertname\":\"hot\"";
            try (RawRedis r = new RawRedis("127.0.0.1", redis.port()); RawRedis agentConnection = new RawRedis("127.0.0.1", redis.port())) {
                // the oven's agent: the last six minutes at once, then its temperature every 5 seconds
                AtomicReference<String> temperature = new AtomicReference<>("99");
                long now = System.currentTimeMillis() / 1000;
                AtomicLong last = new AtomicLong(now);
                StringBuilder batch = new StringBuilder();
                for (long t = now - 360; t <= now; t += 60) {
                    batch.append("10.0.0.1\tbase.metrics.temperature.gauge\t99\t").append(t).append('\n');
                }
                r.command("RPUSH", "kurado-update", batch.toString());
                agent.scheduleWithFixedDelay(() -> {
                    long t = System.currentTimeMillis() / 1000;
                    if (t > last.get()) {
                        last.set(t);
                        try {
                            agentConnection.command("RPUSH", "kurado-update", "10.0.0.1\tbase.metrics.temperature.gauge\t"
                                    + temperature.get() + "\t" + t + "\n");
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, 5, 5, TimeUnit.SECONDS);
                // the fleet's agents all stopped 400 seconds ago
                for (int i = 1; i <= FLEET; i++) {
                    r.command("SET", "__last_recieved__/10.0.1." + i + "/base", Long.toString(now - 400), "EX", "3600");
                }

                AtomicReference<Instant> endsBefore = new AtomicReference<>();
                StorageFaultsIT.Server server = StorageFaultsIT.Server.start(config, dir.resolve("server.log"));
                try {
                    // 1. the oven over the line and the fleet down: one message for each group, to each receiver
                    Await.until("the webhook receives the oven's alert and the fleet's (one evaluation a minute)", Duration.ofSeconds(150),
                            () -> received.stream().anyMatch(x -> x.body().contains(hotFiring))
                                    && received.stream().anyMatch(x -> x.service().equals("fleet")));
                    Received got = received.stream().filter(x -> x.body().contains(hotFiring)).findFirst().orElseThrow();
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                    assertThat(got.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(got.body().getBytes(StandardCharsets.UTF_8))));
                    JsonNode json = got.json();
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

                    List<Received> fleet = received.stream().filter(x -> x.service().equals("fleet")).toList();
                    assertThat(fleet).as("twelve hosts down together: one message").hasSize(1);
                    JsonNode down = fleet.get(0).json();
                    assertThat(down.path("status").asText()).isEqualTo("firing");
                    assertThat(down.path("commonLabels").path("alertname").asText()).isEqualTo("host-down");
                    assertThat(down.path("alerts")).hasSize(FLEET);

                    Await.until("a mail for each group", Duration.ofSeconds(30), () -> smtp.getReceivedMessages().length >= 2);
                    MimeMessage labMail = mail(smtp, "service=lab");
                    assertThat(labMail.getSubject()).isEqualTo("[FIRING:1] service=lab severity=critical");
                    assertThat(text(labMail)).contains("10.0.0.1 oven  hot: oven is at 99 degrees  value 99",
                            "http://kurado.example.com/server?address=10.0.0.1");
                    MimeMessage fleetMail = mail(smtp, "service=fleet");
                    assertThat(fleetMail.getSubject()).isEqualTo("[FIRING:" + FLEET + "] service=fleet severity=critical");
                    String fleetBody = text(fleetMail);
                    for (int i = 1; i <= FLEET; i++) {
                        assertThat(fleetBody).contains("10.0.1." + i + " rack-" + i + "  host-down",
                                "http://kurado.example.com/server?address=10.0.1." + i + "\n");
                    }
                    assertThat(smtp.getReceivedMessages()).hasSize(2);

                    Await.until("Alertmanager holds the alert", Duration.ofSeconds(60), () -> !alertmanagerHot(amPort).isEmpty());
                    JsonNode held = alertmanagerHot(amPort).get(0);
                    assertThat(held.path("labels").path("host").asText()).isEqualTo("10.0.0.1");
                    assertThat(held.path("status").path("state").asText()).isEqualTo("active");

                    // 2. back under the line: resolved at every receiver
                    temperature.set("10");
                    Await.until("the webhook is told the oven's alert is resolved", Duration.ofSeconds(150),
                            () -> received.stream().anyMatch(x -> x.service().equals("lab") && x.status().equals("resolved")));
                    JsonNode resolved = received.stream().filter(x -> x.service().equals("lab") && x.status().equals("resolved"))
                            .findFirst().orElseThrow().json().path("alerts").get(0);
                    assertThat(resolved.path("status").asText()).isEqualTo("resolved");
                    assertThat(Instant.parse(resolved.path("endsAt").asText())).isAfter(Instant.parse(resolved.path("startsAt").asText()));
                    Await.until("a mail tells the oven's alert is resolved", Duration.ofSeconds(30), () -> smtp.getReceivedMessages().length >= 3);
                    MimeMessage resolvedMail = smtp.getReceivedMessages()[2];
                    assertThat(resolvedMail.getSubject()).isEqualTo("[RESOLVED:1] service=lab severity=critical");
                    assertThat(text(resolvedMail)).contains("Resolved (1):", "10.0.0.1 oven  hot:", "until ",
                            "http://kurado.example.com/server?address=10.0.0.1");
                    Await.until("Alertmanager ends the alert", Duration.ofSeconds(60), () -> alertmanagerHot(amPort).isEmpty());

                    // 3. over the line again while the webhook cannot take it, and a restart in between
                    hookDown.set(true);
                    temperature.set("99");
                    Await.until("the mail of the new alert, and the webhook refusing it", Duration.ofSeconds(150),
                            () -> smtp.getReceivedMessages().length >= 4 && refused.get() >= 1);
                    assertThat(smtp.getReceivedMessages()[3].getSubject()).isEqualTo("[FIRING:1] service=lab severity=critical");
                    Await.until("Alertmanager holds the new alert", Duration.ofSeconds(60), () -> !alertmanagerHot(amPort).isEmpty());
                    endsBefore.set(Instant.parse(alertmanagerHot(amPort).get(0).path("endsAt").asText()));
                    server.stop();
                } finally {
                    server.close();
                }
                hookDown.set(false);
                try (StorageFaultsIT.Server again = StorageFaultsIT.Server.start(config, dir.resolve("server-2.log"))) {
                    Await.until("the webhook gets, after the restart, the notification it could not take", Duration.ofSeconds(60),
                            () -> received.size() >= 4);
                    Received late = received.get(3);
                    assertThat(late.service()).isEqualTo("lab");
                    assertThat(late.status()).isEqualTo("firing");
                    // the restarted server evaluates: Alertmanager's alert is sent again, ending later
                    Await.until("an evaluation after the restart", Duration.ofSeconds(90), () -> alertmanagerHot(amPort).stream()
                            .anyMatch(a -> Instant.parse(a.path("endsAt").asText()).isAfter(endsBefore.get())));
                    assertThat(received).as("nothing delivered is sent again").hasSize(4);
                    assertThat(subjects(smtp)).as("nothing delivered is sent again").containsExactlyInAnyOrder(
                            "[FIRING:1] service=lab severity=critical", "[FIRING:" + FLEET + "] service=fleet severity=critical",
                            "[RESOLVED:1] service=lab severity=critical", "[FIRING:1] service=lab severity=critical");
                    again.stop();
                }
            }
        } finally {
            agent.shutdownNow();
            hook.stop(0);
            smtp.stop();
            am.destroy();
        }
    }

    /** @return the one mail whose subject names the group */
    private static MimeMessage mail(GreenMail smtp, String group) throws Exception {
        List<MimeMessage> found = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            if (m.getSubject().contains(group)) {
                found.add(m);
            }
        }
        assertThat(found).as("mails of " + group).hasSize(1);
        return found.get(0);
    }

    private static List<String> subjects(GreenMail smtp) throws Exception {
        List<String> out = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            out.add(m.getSubject());
        }
        return out;
    }

    /** @return a mail's text, its lines ending in LF */
    private static String text(MimeMessage m) throws Exception {
        return m.getContent().toString().replace("\r\n", "\n");
    }

    /** @return the alerts named hot that Alertmanager lists as active now */
    private static List<JsonNode> alertmanagerHot(int port) {
        String body = get("http://127.0.0.1:" + port + "/api/v2/alerts");
        List<JsonNode> out = new ArrayList<>();
        if (body.isEmpty()) {
            return out;
        }
        try {
            for (JsonNode a : new ObjectMapper().readTree(body)) {
                if (a.path("labels").path("alertname").asText().equals("hot")
                        && Instant.parse(a.path("endsAt").asText()).isAfter(Instant.now())) {
                    out.add(a);
                }
            }
        } catch (java.io.IOException e) {
            throw new AssertionError(body, e);
        }
        return out;
    }
}

package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kurado.api.alert.Alert;
import io.kurado.api.alert.Notification;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierConfig;
import io.kurado.api.alert.NotifierException;
import io.kurado.core.testkit.Await;
import io.kurado.plugins.support.LocalServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager notifier against Debian's {@code prometheus-alertmanager}, started by the test on
 * a free loopback port with a route to a receiver that sends nothing (skipped when it is not
 * installed; {@code .ci/run} installs it).
 */
class AlertmanagerNotifierIT {
    private static final String BINARY = "/usr/bin/prometheus-alertmanager";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();

    private LocalServer start() throws IOException, InterruptedException {
        Files.writeString(dir.resolve("am.yml"), """
                route:
                  receiver: "null"
                receivers:
                  - name: "null"
                """);
        Files.createDirectories(dir.resolve("data"));
        io.kurado.core.testkit.Prerequisites.programs("prometheus-alertmanager", BINARY);
        LocalServer am = LocalServer.start(BINARY, dir, port -> List.of(BINARY, "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=", "--storage.path=" + dir.resolve("data"), "--config.file=" + dir.resolve("am.yml")));
        Await.until("Alertmanager is ready", () -> get(am, "/-/ready").statusCode() == 200);
        return am;
    }

    private HttpResponse<String> get(LocalServer am, String path) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + am.port() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** @return the alerts Alertmanager holds, active or not, that came from the sample's host */
    private List<JsonNode> alerts(LocalServer am) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (JsonNode a : JSON.readTree(get(am, "/api/v2/alerts").body())) {
                if (a.get("labels").path("alertname").asText().equals("DiskFull")) {
                    out.add(a);
                }
            }
            return out;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Notifier notifier(LocalServer am) {
        NotifierConfig config = new NotifierConfig("am", Map.of("url", "http://127.0.0.1:" + am.port()), SampleNotifications.EXTERNAL_URL,
                InstantSource.system());
        AlertmanagerNotifierProvider provider = new AlertmanagerNotifierProvider();
        assertThat(provider.problems(config)).isEmpty();
        return provider.create(config);
    }

    private static Alert startedNow(Alert a, Alert.Status status) {
        Instant now = Instant.now();
        return new Alert(a.labels(), a.annotations(), status, now.minusSeconds(60),
                status == Alert.Status.RESOLVED ? Optional.of(now.minusSeconds(1)) : Optional.empty(), a.generatorUrl());
    }

    @Test
    void aFiringAlertIsHeldByAlertmanagerWithItsLabelsUntilItIsResolved() throws Exception {
        try (LocalServer am = start(); Notifier n = notifier(am)) {
            Alert firing = startedNow(SampleNotifications.firing(), Alert.Status.FIRING);
            n.send(SampleNotifications.of(Notification.Kind.ALERTS, List.of(firing)));

            Await.until("Alertmanager holds the alert", () -> alerts(am).size() == 1);
            JsonNode held = alerts(am).get(0);
            assertThat(held.get("labels").get("host").asText()).isEqualTo("192.168.0.10");
            assertThat(held.get("labels").get("hostname").asText()).isEqualTo("www1");
            assertThat(held.get("labels").get("service").asText()).isEqualTo("shop");
            assertThat(held.get("labels").get("plugin").asText()).isEqualTo("base");
            assertThat(held.get("labels").get("severity").asText()).isEqualTo("critical");
            assertThat(held.get("annotations").get("summary").asText()).isEqualTo("disk / is 96 % full");
            assertThat(held.get("generatorURL").asText()).isEqualTo("http://kurado.example.com/server?address=192.168.0.10");
            assertThat(Instant.parse(held.get("endsAt").asText())).as("firing for four resends from now")
                    .isAfter(Instant.now().plus(Duration.ofMinutes(3)));

            n.send(SampleNotifications.of(Notification.Kind.ALERTS, List.of(startedNow(SampleNotifications.firing(), Alert.Status.RESOLVED))));

            Await.until("Alertmanager no longer lists the resolved alert", () -> alerts(am).isEmpty());
        }
    }

    @Test
    void alertsThatAlertmanagerRefusesAreNotSentAgain() throws Exception {
        Alert endsBeforeItStarts = new Alert(SampleNotifications.firing().labels(), Map.of(), Alert.Status.RESOLVED,
                Instant.parse("2026-12-07T20:00:00Z"), Optional.of(Instant.parse("2026-12-07T19:00:00Z")), "");
        try (LocalServer am = start(); Notifier n = notifier(am)) {
            NotifierException e = catchThrowableOfType(NotifierException.class,
                    () -> n.send(SampleNotifications.of(Notification.Kind.ALERTS, List.of(endsBeforeItStarts))));

            assertThat(e.retryable()).isFalse();
            assertThat(e).hasMessageContaining("alertmanager receiver 'am'").hasMessageContaining("answered 400");
        }
    }

    @Test
    void anAlertmanagerThatIsDownIsTriedAgain() throws Exception {
        LocalServer am = start();
        try (Notifier n = notifier(am)) {
            am.close();
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));

            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("cannot POST to http://127.0.0.1:" + am.port() + "/api/v2/alerts");
        } finally {
            am.close();
        }
    }
}

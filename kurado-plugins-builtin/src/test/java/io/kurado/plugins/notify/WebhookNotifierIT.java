package io.kurado.plugins.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.kurado.api.alert.Notifier;
import io.kurado.api.alert.NotifierException;
import io.kurado.core.testkit.Await;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The webhook notifier against a receiver on the loopback interface. */
class WebhookNotifierIT {
    private static final String SECRET = "correct horse battery staple";

    /** A request as the receiver got it. */
    record Received(String method, String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.getOrDefault(name, List.of()).stream().findFirst().orElse("");
        }
    }

    private HttpServer server;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final CountDownLatch release = new CountDownLatch(1);
    private volatile boolean hang;

    @BeforeEach
    void startReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", this::handle);
        server.start();
    }

    @AfterEach
    void stopReceiver() {
        release.countDown();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            received.add(new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), Map.copyOf(ex.getRequestHeaders()),
                    ex.getRequestBody().readAllBytes()));
            if (hang) {
                release.await(30, TimeUnit.SECONDS);
            }
            byte[] answer = status.get() == 200 ? new byte[0] : ("refused, status " + status.get()).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(status.get(), answer.length == 0 ? -1 : answer.length);
            ex.getResponseBody().write(answer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private Notifier notifier(Map<String, Object> extra) {
        Map<String, Object> settings = new java.util.HashMap<>(Map.of("url", url()));
        settings.putAll(extra);
        WebhookNotifierProvider provider = new WebhookNotifierProvider();
        assertThat(provider.problems(BuiltinNotifierContract.config(settings))).isEmpty();
        return provider.create(BuiltinNotifierContract.config(settings));
    }

    private static String hmac(String secret, byte[] body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    @Test
    void postsAlertmanagersJsonSignedWithTheSecretAndTheConfiguredHeaders() throws Exception {
        try (Notifier n = notifier(Map.of("secret", SECRET, "headers", Map.of("Authorization", "Bearer abc")))) {
            n.send(SampleNotifications.sample());
        }

        Received r = received.poll(10, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.method()).isEqualTo("POST");
        assertThat(r.path()).isEqualTo("/hook");
        assertThat(r.header("Content-type")).isEqualTo("application/json");
        assertThat(r.header("Authorization")).isEqualTo("Bearer abc");
        ObjectMapper json = new ObjectMapper();
        assertThat(json.readTree(r.body())).isEqualTo(json.readTree(WebhookPayloadTest.golden()));
        assertThat(r.header("X-kurado-signature")).isEqualTo("sha256=" + hmac(SECRET, r.body()));
    }

    @Test
    void aSecretFileIsReadAtEachSendSoThatItCanBeChangedWithoutARestart(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("secret"), "first\n");
        try (Notifier n = notifier(Map.of("secret_file", file.toString()))) {
            n.send(SampleNotifications.sample());
            java.nio.file.Files.writeString(file, "second\n");
            n.send(SampleNotifications.sample());
        }

        Received first = received.poll(10, TimeUnit.SECONDS);
        Received second = received.poll(10, TimeUnit.SECONDS);
        assertThat(first.header("X-kurado-signature")).isEqualTo("sha256=" + hmac("first", first.body()));
        assertThat(second.header("X-kurado-signature")).isEqualTo("sha256=" + hmac("second", second.body()));
    }

    @Test
    void withoutASecretThereIsNoSignature() throws Exception {
        try (Notifier n = notifier(Map.of())) {
            n.send(SampleNotifications.sample());
        }

        assertThat(received.poll(10, TimeUnit.SECONDS).headers()).doesNotContainKey("X-kurado-signature");
    }

    @Test
    void aServerErrorOrTooManyRequestsMaySucceedLaterButABadRequestWillNot() {
        try (Notifier n = notifier(Map.of())) {
            for (int code : List.of(500, 503, 429, 408)) {
                status.set(code);
                NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
                assertThat(e.retryable()).as("retryable after " + code).isTrue();
                assertThat(e).hasMessageContaining("webhook receiver 'ops'").hasMessageContaining("answered " + code)
                        .hasMessageContaining("refused, status " + code);
            }
            status.set(307);
            NotifierException redirected = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
            assertThat(redirected.retryable()).isTrue();
            assertThat(redirected).hasMessageContaining("answered 307 (a redirect, which is not followed");
            for (int code : List.of(400, 404, 413)) {
                status.set(code);
                NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
                assertThat(e.retryable()).as("retryable after " + code).isFalse();
                assertThat(e).hasMessageContaining("answered " + code).hasMessageContaining("not sent again");
            }
        }
    }

    @Test
    void errorsShowTheAddressWithoutItsPathWhichMayHoldAToken() {
        status.set(500);
        try (Notifier n = notifier(Map.of())) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
            assertThat(e.getMessage()).contains("http://127.0.0.1:" + server.getAddress().getPort() + "/…").doesNotContain("/hook");
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() {
        hang = true;
        try (Notifier n = notifier(Map.of("timeout", "300ms"))) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("did not answer within 300 ms");
        }
    }

    @Test
    void aReceiverThatIsNotListeningIsRetried() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        WebhookNotifierProvider provider = new WebhookNotifierProvider();
        try (Notifier n = provider.create(BuiltinNotifierContract.config(Map.of("url", "http://127.0.0.1:" + port + "/hook")))) {
            NotifierException e = catchThrowableOfType(NotifierException.class, () -> n.send(SampleNotifications.sample()));
            assertThat(e.retryable()).isTrue();
            assertThat(e).hasMessageContaining("cannot POST to http://127.0.0.1:" + port);
        }
    }

    @Test
    void closingTheNotifierEndsItsThreads() throws Exception {
        try (Notifier n = notifier(Map.of("secret", SECRET))) {
            n.send(SampleNotifications.sample());
            assertThat(Thread.getAllStackTraces().keySet()).as("the client's threads are named after the receiver")
                    .anyMatch(t -> t.getName().startsWith("kurado-notify-ops-"));
        }

        Await.until("no kurado-notify-ops thread is left", () -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().startsWith("kurado-notify-ops-") && t.isAlive()));
    }
}

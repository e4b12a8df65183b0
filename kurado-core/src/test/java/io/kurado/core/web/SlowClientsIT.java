package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that open connections and send a request a byte at a time, or not at all, over real
 * sockets on the loopback: they never hold the threads that answer everybody else. The slow
 * clients connect from 127.0.0.2 and up (all of 127/8 is the loopback on Linux), the normal ones
 * from 127.0.0.1.
 */
class SlowClientsIT {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // already gone
            }
        }
    }

    @Test
    void fiveHundredSlowClientsLeavePagesAndGraphsAnswering() throws Exception {
        WebFixture f = new WebFixture();
        try (var server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 5)) {
            int port = server.address().getPort();
            for (int i = 0; i < 500; i++) {
                Socket s = slowClient("127.0.0." + (2 + i / 50), port);
                s.getOutputStream().write('G');
                s.getOutputStream().flush();
            }
            String base = "http://127.0.0.1:" + port;

            HttpResponse<String> index = client.send(HttpRequest.newBuilder(URI.create(base + "/")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());
            HttpResponse<byte[]> graph = client.send(HttpRequest.newBuilder(URI.create(base + "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu"))
                    .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/api/status")).timeout(Duration.ofSeconds(1)).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains("Shop");
            assertThat(graph.statusCode()).isEqualTo(200);
            assertThat(graph.headers().firstValue("Content-Type")).contains("image/png");
            assertThat(status.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRequestStillPartialAtTheDeadlineIsAnswered408AndClosed() throws Exception {
        WebFixture f = new WebFixture(limits(Duration.ofSeconds(1), 64), 2, Duration.ofSeconds(10));
        try (var server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            Socket s = slowClient("127.0.0.2", server.address().getPort());
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            long start = System.nanoTime();

            String answer = readAll(s.getInputStream());

            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close").endsWith("the request did not arrive in time");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void oneAddressHoldsNoMoreConnectionsThanItsBoundAndOthersAreStillServed() throws Exception {
        WebFixture f = new WebFixture(limits(Duration.ofSeconds(30), 8), 2, Duration.ofSeconds(10));
        try (var server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            int port = server.address().getPort();
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Socket s = slowClient("127.0.0.3", port);
                s.getOutputStream().write('G');
                held.add(s);
            }
            Socket ninth = slowClient("127.0.0.3", port);
            ninth.setSoTimeout(10_000);

            assertThat(readAll(ninth.getInputStream())).startsWith("HTTP/1.1 503 ").endsWith("too many connections from 127.0.0.3");
            HttpResponse<String> other = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(other.statusCode()).isEqualTo(200);

            held.get(0).close();
            Socket again = awaitAccepted("127.0.0.3", port);
            again.getOutputStream().write("GET /api/status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(again.getInputStream())).startsWith("HTTP/1.1 200 ");
        }
    }

    @Test
    void answersRequestsSentOneAfterAnotherOnOneConnectionAndRefusesMalformedOnes() throws Exception {
        WebFixture f = new WebFixture();
        try (var server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            int port = server.address().getPort();
            Socket s = slowClient("127.0.0.1", port);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET /api/servers HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "HEAD / HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /api/host-status HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 16\r\nConnection: close\r\n\r\naddress=10.0.0.1").getBytes(StandardCharsets.US_ASCII));

            String answers = readAll(s.getInputStream());

            assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(4);
            assertThat(answers).endsWith("{\"10.0.0.1\":0}");

            Socket bad = slowClient("127.0.0.1", port);
            bad.setSoTimeout(10_000);
            bad.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(readAll(bad.getInputStream())).startsWith("HTTP/1.1 400 ").endsWith("malformed request line");
        }
    }

    private static io.kurado.core.config.WebLimits limits(Duration deadline, int perAddress) {
        return new io.kurado.core.config.WebLimits(Duration.ofDays(2000), 4000, 250_000, 2, deadline, perAddress);
    }

    /** A connection from {@code from} that the server has accepted, not refused (a closed one frees its place soon after). */
    private Socket awaitAccepted(String from, int port) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Socket s = slowClient(from, port);
            s.setSoTimeout(200);
            try {
                s.getInputStream().read();
                s.close();
            } catch (java.net.SocketTimeoutException notRefused) {
                s.setSoTimeout(10_000);
                return s;
            }
        }
        throw new AssertionError("connections from " + from + " are still refused");
    }

    private Socket slowClient(String from, int port) throws IOException {
        Socket s = new Socket();
        sockets.add(s);
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return s;
    }

    static String readAll(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
}

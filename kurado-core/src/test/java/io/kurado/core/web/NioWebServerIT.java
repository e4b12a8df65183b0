package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kurado.api.graph.GraphData;
import io.kurado.core.Kurado;
import io.kurado.core.engine.Role;
import io.kurado.core.memory.InMemoryStorage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The web UI's server over a real socket on 127.0.0.1. */
class NioWebServerIT {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void servesPagesGraphsAndRevalidationsOverHttp() throws Exception {
        WebFixture f = new WebFixture();
        f.graphs.lastUpdate.put("10.0.0.1/cpu", 1795607940L);
        try (NioWebServer server = f.web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = get(base + "/server?address=10.0.0.1");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
            assertThat(page.headers().firstValue("Content-Security-Policy")).get().asString().contains("script-src 'self'");

            HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(URI.create(base + "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
            String etag = png.headers().firstValue("ETag").orElseThrow();

            HttpResponse<byte[]> again = client.send(HttpRequest.newBuilder(URI.create(base + "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu"))
                    .header("If-None-Match", etag).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(again.statusCode()).isEqualTo(304);

            HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/api/host-status"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("address=10.0.0.1&address=10.9.9.9")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).isEqualTo("{\"10.0.0.1\":0,\"10.9.9.9\":2}");

            HttpResponse<byte[]> js = client.send(HttpRequest.newBuilder(URI.create(base + "/static/kurado.js"))
                    .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(js.headers().firstValue("Content-Encoding")).contains("gzip");
            assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(js.body())).readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)).contains("loadStatus");

            assertThat(get(base + "/static/../../etc/passwd").statusCode()).isEqualTo(404);
            assertThat(get(base + "/nope").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void aBurstOfGraphsNeverTakesTheThreadsThatServePages() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch drawing = new CountDownLatch(2);
        GraphBackend blocking = q -> Optional.of(new PreparedGraph() {
            @Override
            public OptionalLong lastUpdate() {
                return OptionalLong.empty();
            }

            @Override
            public byte[] png() {
                drawing.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new byte[] {1};
            }

            @Override
            public GraphData data() {
                return new GraphData(List.of(), List.of());
            }
        });
        WebFixture f = new WebFixture();
        KuradoWeb web = KuradoWeb.builder().config(f.config).registry(f.registry).metaStore(f.meta).graphs(blocking)
                .clock(f.clock).renderThreads(2).build();
        try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            String base = "http://127.0.0.1:" + server.port();
            List<CompletableFuture<HttpResponse<Void>>> graphs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                graphs.add(client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu&width=" + (100 + i))).build(),
                        HttpResponse.BodyHandlers.discarding()));
            }
            assertThat(drawing.await(10, TimeUnit.SECONDS)).as("both graph threads are drawing").isTrue();

            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/server?address=10.0.0.1"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(graphs).noneMatch(CompletableFuture::isDone);
            release.countDown();
            for (CompletableFuture<HttpResponse<Void>> g : graphs) {
                assertThat(g.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void theEngineStartsAndStopsTheWebRoleWithItsFigures() throws Exception {
        WebFixture f = new WebFixture();
        AtomicReference<NioWebServer> started = new AtomicReference<>();
        WebServer.Factory factory = KuradoWeb.factory(k -> f.graphs);
        try (Kurado kurado = Kurado.builder().config(f.config).registry(f.registry).metaStore(f.meta).storage(new InMemoryStorage())
                .clock(f.clock).roles(Set.of(Role.WEB)).closeResources(false)
                .role(KuradoWeb.role(k -> {
                    NioWebServer s = (NioWebServer) factory.start(k);
                    started.set(s);
                    return s;
                })).build()) {
            kurado.start();
            String base = "http://127.0.0.1:" + started.get().port();

            HttpResponse<String> status = get(base + "/api/status");

            assertThat(status.body()).contains("\"samples_written\":0", "\"hosts\":3");
            assertThat(get(base + "/?service=Shop").body()).contains("web01");
        }
        assertThat(catchThrowable(() -> get("http://127.0.0.1:" + started.get().port() + "/"))).isNotNull();
    }

    private HttpResponse<String> get(String url) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

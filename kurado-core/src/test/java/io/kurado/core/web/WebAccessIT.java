package io.kurado.core.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.kurado.core.config.Cidr;
import io.kurado.core.config.TestCertificates;
import io.kurado.core.config.WebAccess;
import io.kurado.core.config.WebLimits;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may see the UI, and HTTPS, over real sockets on 127.0.0.1. */
class WebAccessIT {
    /** Made by Debian's apache2-utils: {@code htpasswd -nbB alice 'correct horse'}. */
    private static final String ALICE = "$2y$05$SwEl.ayWUez1i063ZRuxM.tWCfVWlYT2nEoSVHV.tOLN//1vvZdGG";
    private static final String GOOD = "Basic " + Base64.getEncoder().encodeToString("alice:correct horse".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;

    private KuradoWeb web(WebFixture f, WebAccess access) {
        return KuradoWeb.builder().config(f.config).registry(f.registry).metaStore(f.meta).graphs(f.graphs).clock(f.clock)
                .zone(ZoneOffset.UTC).access(access).build();
    }

    @Test
    void overHttpsEveryPathButTheHealthChecksAsksForCredentials() throws Exception {
        Path[] pem = TestCertificates.selfSigned(dir, "kurado");
        WebFixture f = new WebFixture();
        KuradoWeb web = web(f, new WebAccess(List.of(Cidr.parse("127.0.0.0/8")), Map.of("alice", ALICE), Optional.empty(),
                Optional.of(new WebAccess.TlsFiles(pem[0], pem[1]))));
        try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            assertThat(server.secure()).isTrue();
            HttpClient client = client(pem[0]);
            String base = "https://127.0.0.1:" + server.port();
            List<String> paths = new ArrayList<>(web.paths());
            paths.addAll(List.of("/static/kurado.js", "/static/kurado.css", "/favicon.ico", "/no-such-page", "/server?address=10.0.0.1",
                    "/graph?address=10.0.0.1&plugin_identifier=base&graph=cpu"));
            assertThat(paths).contains("/", "/graph", "/api/graph-data", "/api/servers", "/api/status", "/status", "/-/healthy", "/-/ready");
            for (String path : paths) {
                HttpResponse<String> anonymous = send(client, HttpRequest.newBuilder(URI.create(base + path)));
                HttpResponse<String> signedIn = send(client, HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", GOOD));
                if (AccessRules.OPEN_PATHS.contains(path)) {
                    assertThat(anonymous.statusCode()).as(path).isEqualTo(200);
                } else {
                    assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
                    assertThat(anonymous.headers().firstValue("WWW-Authenticate")).as(path).contains("Basic realm=\"Kurado\", charset=\"UTF-8\"");
                    assertThat(signedIn.statusCode()).as(path).isNotIn(401, 403, 429, 500);
                }
            }
            HttpResponse<String> post = send(client, HttpRequest.newBuilder(URI.create(base + "/api/host-status"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("address=10.0.0.1")));
            assertThat(post.statusCode()).isEqualTo(401);
            HttpResponse<String> page = send(client, HttpRequest.newBuilder(URI.create(base + "/server?address=10.0.0.1")).header("Authorization", GOOD));
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("web01");

            web.access(new WebAccess(List.of(Cidr.parse("10.0.0.0/8")), Map.of("alice", ALICE), Optional.empty(), Optional.empty()));
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", GOOD)).statusCode())
                    .as("127.0.0.1 is outside the rules reloaded").isEqualTo(403);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/-/ready"))).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theEnginesWebRoleServesHttpsWithTheConfiguredRules() throws Exception {
        Path[] pem = TestCertificates.selfSigned(dir, "kurado");
        Files.writeString(dir.resolve("kurado.yml"), """
                config:
                  listen: 127.0.0.1:0
                  web:
                    allow: [127.0.0.0/8]
                    basic_auth_users: {alice: "%s"}
                    tls: {cert_file: kurado.crt, key_file: kurado.key}
                """.formatted(ALICE));
        io.kurado.core.config.KuradoConfig config = io.kurado.core.config.ConfigLoader.load(dir.resolve("kurado.yml"));
        try (io.kurado.core.Kurado kurado = io.kurado.core.Kurado.builder().config(config)
                .storage(new io.kurado.core.memory.InMemoryStorage()).metaStore(new WebFixture().meta)
                .roles(java.util.Set.of(io.kurado.core.engine.Role.WEB)).build()) {
            kurado.start();
            String base = "https://127.0.0.1:" + kurado.webAddress().orElseThrow().getPort();
            HttpClient client = client(pem[0]);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/-/ready"))).statusCode()).isEqualTo(200);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/"))).statusCode()).isEqualTo(401);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/status")).header("Authorization", GOOD)).statusCode())
                    .isEqualTo(200);
        }
    }

    @Test
    void theProxysHeaderCountsOnlyFromItsAddresses() throws Exception {
        WebFixture f = new WebFixture();
        KuradoWeb web = web(f, new WebAccess(List.of(), Map.of("alice", ALICE),
                Optional.of(new WebAccess.TrustedProxy("X-Forwarded-User", List.of(Cidr.parse("127.0.0.1/32")))), Optional.empty()));
        try (NioWebServer server = web.start(new InetSocketAddress("127.0.0.1", 0), 2)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI index = URI.create("http://127.0.0.1:" + server.port() + "/");
            assertThat(send(client, HttpRequest.newBuilder(index).header("X-Forwarded-User", "carol")).statusCode()).isEqualTo(200);

            web.access(new WebAccess(List.of(), Map.of("alice", ALICE),
                    Optional.of(new WebAccess.TrustedProxy("X-Forwarded-User", List.of(Cidr.parse("10.0.0.5/32")))), Optional.empty()));
            assertThat(send(client, HttpRequest.newBuilder(index).header("X-Forwarded-User", "carol")).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void theHandlerMountedInTheJdkServerAppliesTheRulesOrLeavesThemToTheApplication() throws Exception {
        WebFixture f = new WebFixture();
        KuradoWeb guarded = web(f, new WebAccess(List.of(), Map.of("alice", ALICE), Optional.empty(), Optional.empty()));
        KuradoWeb open = web(f, WebAccess.OPEN);
        com.sun.net.httpserver.HttpServer jdk = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jdk.createContext("/kurado/", guarded.httpHandler());
        jdk.createContext("/behind-the-app/", open.httpHandler());
        jdk.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://127.0.0.1:" + jdk.getAddress().getPort();
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/kurado/"))).statusCode()).isEqualTo(401);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/kurado/")).header("Authorization", GOOD)).statusCode())
                    .isEqualTo(200);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/kurado/-/healthy"))).statusCode()).isEqualTo(200);
            assertThat(send(client, HttpRequest.newBuilder(URI.create(base + "/behind-the-app/"))).statusCode()).isEqualTo(200);
        } finally {
            jdk.stop(0);
        }
    }

    @Test
    void tls11IsRefusedAndTls12And13Served() throws Exception {
        Path[] pem = TestCertificates.selfSigned(dir, "kurado");
        try (NioWebServer server = NioWebServer.start(req -> WebResponse.text(200, "ok"), new InetSocketAddress("127.0.0.1", 0), 1, 1,
                WebLimits.DEFAULT, Optional.of(new WebAccess.TlsFiles(pem[0], pem[1])), a -> {})) {
            String at = "127.0.0.1:" + server.port();
            assertThat(sClient(at, "-tls1_2")).isZero();
            assertThat(sClient(at, "-tls1_3")).isZero();
            assertThat(sClient(at, "-tls1_1")).as("TLS 1.1, offered with every cipher allowed").isNotZero();
            assertThat(server.engine().getEnabledProtocols()).as("whatever the JVM's java.security allows")
                    .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
        }
    }

    @Test
    void largeRequestsAndAnswersCrossManyTlsRecordsAndAReloadServesTheNewCertificate() throws Exception {
        Path[] first = TestCertificates.selfSigned(dir, "first");
        Path[] second = TestCertificates.selfSigned(dir, "second");
        byte[] big = new byte[3 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31 + (i >> 13));
        }
        WebHandler handler = req -> req.path().equals("/big") ? WebResponse.bytes("application/octet-stream", big)
                : WebResponse.text(200, "form " + req.param("a").map(String::length).orElse(0));
        try (NioWebServer server = NioWebServer.start(handler, new InetSocketAddress("127.0.0.1", 0), 1, 1, WebLimits.DEFAULT,
                Optional.of(new WebAccess.TlsFiles(first[0], first[1])), a -> {})) {
            String base = "https://127.0.0.1:" + server.port();
            HttpClient client = client(first[0]);
            for (int i = 0; i < 3; i++) {
                HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(base + "/big")).build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.body()).isEqualTo(big);
                String form = "a=" + "x".repeat(700_000);
                HttpResponse<String> p = send(client, HttpRequest.newBuilder(URI.create(base + "/form"))
                        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
                assertThat(p.body()).isEqualTo("form 700000");
            }

            assertThat(server.reload(WebAccess.OPEN.withTls(Optional.of(new WebAccess.TlsFiles(second[0], second[1]))))).isEmpty();
            assertThat(send(client(second[0]), HttpRequest.newBuilder(URI.create(base + "/x"))).body()).isEqualTo("form 0");
            assertThat(catchThrowable(() -> send(client(first[0]), HttpRequest.newBuilder(URI.create(base + "/x")))))
                    .as("a client that trusts only the old certificate").isInstanceOf(IOException.class);
            assertThat(server.reload(WebAccess.OPEN)).get().asString().contains("needs a restart");
        }
    }

    private static int sClient(String at, String version) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", at, version, "-cipher", "DEFAULT:@SECLEVEL=0")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder req) throws Exception {
        return client.send(req.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Path trustedCert) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(trustedCert)) {
            trust.setCertificateEntry("kurado", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ctx).version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }
}

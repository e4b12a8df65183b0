package io.kurado.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.kurado.core.testkit.FakeHttpServer;
import io.kurado.core.testkit.PluginTestKit;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class PluginCommandTest {
    private static final String STATUS = "Total Accesses: 120\nUptime: 3600\nBusyWorkers: 2\nIdleWorkers: 8\n";

    @Test
    void listsEveryPluginWithItsKindClassAndJar() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "list");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("redis +fetch +io\\.kurado\\.plugins\\.redis\\.RedisFetcher +/")
                .containsPattern("redis +view +io\\.kurado\\.plugins\\.redis\\.RedisViewer")
                .containsPattern("base +view +io\\.kurado\\.plugins\\.base\\.BaseViewer")
                .containsPattern("testfetch +fetch +io\\.kurado\\.examples\\.cli\\.TestFetchOnly");
    }

    @Test
    void listColumnsAreAsWideAsTheirLongestEntry() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "list");
        assertThat(r.status()).as(r.err()).isZero();

        java.util.List<String> lines = r.out().lines().toList();
        String header = lines.get(0);
        int kind = header.indexOf("KIND");
        int cls = header.indexOf("CLASS");
        int from = header.indexOf("FROM");
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("averyveryverylongpluginname  fetch "));
        for (String line : lines.subList(1, lines.size())) {
            // every value starts under its heading, and is followed by a space
            assertThat(line.charAt(kind - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(kind)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(cls - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(cls)).as(line).isNotEqualTo(' ');
            assertThat(line.charAt(from - 1)).as(line).isEqualTo(' ');
            assertThat(line.charAt(from)).as(line).isNotEqualTo(' ');
        }
    }

    @Test
    void fetchPrintsTheLinesAFetchWorkerWouldPush() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/server-status?auto", 200, STATUS);
            ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "fetch", "http:" + apache.port(), "--address", "127.0.0.1");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("127.0.0.1\thttp%3A" + apache.port() + ".metrics.busy.gauge\t2\t")
                    .contains(".metrics.reqs.derive\t120\t").contains(".meta.has-reqs\t1\t");
            assertThat(r.err()).contains("3 samples, 2 meta values, 0 warnings");
        }
    }

    @Test
    void aFailedFetchSaysWhyInOneLineAndExitsNonZero() throws Exception {
        int port;
        try (FakeHttpServer gone = FakeHttpServer.start()) {
            port = gone.port();
        }
        ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "fetch", "http:" + port, "--address", "127.0.0.1");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("http: connection refused at 127.0.0.1:" + port);
    }

    @Test
    void aFailureWhoseMessageIsOnlyAPathNamesTheKindOfFailure() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "fetch", "testfetch:/nonexistent", "--address", "127.0.0.1");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("testfetch: file not found: /nonexistent");
    }

    @Test
    void checkListsEveryProblemAndExitsNonZero() {
        ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "check", "testview");

        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("plugin testview: 1 problem:").contains("graph 'one' is listed but has no definition");
    }

    @Test
    void checkWithAnAddressComparesTheKeysWithAFetch() {
        try (FakeHttpServer apache = FakeHttpServer.start()) {
            apache.respond("/server-status?auto", 200, STATUS);
            ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "check", "http:" + apache.port(), "--address", "127.0.0.1");

            assertThat(r.status()).as(r.err()).isZero();
            assertThat(r.out()).contains("plugin http:" + apache.port() + ": 2 graphs, all parse, every key they read was produced");
        }
        ConfigCommandTest.Run fetchOnly = ConfigCommandTest.run("plugin", "check", "testfetch");
        assertThat(fetchOnly.status()).isEqualTo(1);
        assertThat(fetchOnly.err()).contains("no viewer 'testfetch' is installed: it has a fetcher only");
    }

    @Test
    void serveOnAnAddressInUseSaysSoInOneLine() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String listen = "127.0.0.1:" + taken.getLocalPort();
            ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "serve", "redis", "--listen", listen);

            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err().strip()).startsWith("cannot listen on " + listen + ": ").doesNotContain("\n").doesNotContain("Exception");
        }
    }

    @Test
    void serveShowsEveryGraphOfThePluginDrawnFromSyntheticData() throws Exception {
        HttpServer server = PluginServeCommand.start(PluginTestKit.viewer("redis").arguments("6380"), new InetSocketAddress("127.0.0.1", 0));
        try {
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.getAddress().getPort();
            HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/?term=week")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h2>Redis(6380)</h2>");
            for (String graph : new String[] {"cmd", "conn", "mem", "keys", "evicted", "fragmentation", "pubsub_ch", "slowlog", "unsaved"}) {
                assertThat(page.body()).contains("src=\"/png/" + graph + "?term=week\"");
            }
            HttpResponse<byte[]> png = client.send(HttpRequest.newBuilder(URI.create(base + "/png/mem?term=week")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
        } finally {
            server.stop(0);
        }
    }

    @Test
    void serveOnAnAddressInUseIsOneLineAndExit1() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();

            ConfigCommandTest.Run r = ConfigCommandTest.run("plugin", "serve", "redis", "--listen", "127.0.0.1:" + port);

            assertThat(r.status()).isEqualTo(1);
            assertThat(r.err()).isEqualTo("cannot listen on 127.0.0.1:" + port + ": address already in use" + System.lineSeparator());
            assertThat(r.out()).isEmpty();
        }
    }
}

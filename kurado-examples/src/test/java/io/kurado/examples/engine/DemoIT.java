package io.kurado.examples.engine;

import static io.kurado.examples.engine.ServerIT.java;
import static io.kurado.examples.engine.ServerIT.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: {@code server --demo} needs no configuration and no Redis. */
class DemoIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));

    @TempDir
    Path dir;

    @Test
    void theDemoCollectsThisMachineAndServesItsPage() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("data");
        Path log = dir.resolve("demo.log");
        Process demo = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "--demo", "--data-dir", data.toString(),
                "--listen", "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        try {
            waitFor(() -> Files.readString(log).contains("Built-in agent collects this machine's metrics as host"), log);
            Matcher m = Pattern.compile("as host (\\S+) every minute").matcher(Files.readString(log));
            assertThat(m.find()).isTrue();
            String address = m.group(1);
            Path base = data.resolve(address).resolve("base");
            waitFor(() -> Files.exists(base.resolve("memory-total.gauge.rrd")) && Files.exists(base.resolve("loadavg-1.gauge.rrd")), log);

            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).contains(address).contains("this machine");
            HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/api/host-status?address=" + address)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(status.body()).contains("\"" + address + "\":0");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/server?address=" + address)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            Matcher img = Pattern.compile("src=\"(graph\\?[^\"]+)\"").matcher(page.body());
            assertThat(img.find()).as("the host page shows graphs").isTrue();
            HttpResponse<byte[]> png = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/" + img.group(1).replace("&amp;", "&"))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(png.statusCode()).isEqualTo(200);
            assertThat(png.headers().firstValue("content-type")).contains("image/png");
            assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
        } finally {
            demo.toHandle().destroy();
            assertThat(demo.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(Files.readString(log)).contains("Kurado stopped");
    }
}

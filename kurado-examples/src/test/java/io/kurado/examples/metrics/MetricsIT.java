package io.kurado.examples.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.kurado.core.testkit.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kurado server} serves its own metrics at {@code /metrics}, and a real Prometheus scrapes them. */
class MetricsIT {
    private static final Path JAR = Path.of(System.getProperty("kurado.jar", "target/kurado.jar"));
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    /** A sample line of the text format: name, optional labels, value (a timestamp is never written by Micrometer). */
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (-?[0-9.eE+-]+|NaN|[+-]Inf)");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dir;
    static Process server;
    static int port;
    static Path log;

    @BeforeAll
    static void startTheDemo() throws Exception {
        port = freePort();
        log = dir.resolve("server.log");
        server = new ProcessBuilder(java(), "-jar", JAR.toString(), "server", "--demo", "--data-dir", dir.resolve("data").toString(),
                "--listen", "127.0.0.1:" + port).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until("the demo writes the built-in agent's first batch", Duration.ofSeconds(60),
                () -> scrapeOrEmpty().flatMap(b -> metric(b, "kurado_batches_written_total")).orElse(0.0) >= 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.toHandle().destroy();
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void metricsAreInTheTextFormatWithEveryFamilyTheIssueNames() throws Exception {
        String host = hostAddress();
        // a graph drawn, so that its duration shows
        Matcher img = Pattern.compile("src=\"(graph\\?[^\"]+)\"").matcher(get("/server?address=" + host).body());
        assertThat(img.find()).as("the host page shows graphs").isTrue();
        HttpResponse<String> png = get("/" + img.group(1).replace("&amp;", "&"));
        assertThat(png.statusCode()).as(png.body()).isEqualTo(200);

        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        Map<String, String> types = parse(r.body());
        assertThat(types).containsEntry("kurado_samples_taken_total", "counter")
                .containsEntry("kurado_samples_written_total", "counter")
                .containsEntry("kurado_samples_rejected_total", "counter")
                .containsEntry("kurado_batches_taken_total", "counter")
                .containsEntry("kurado_batches_written_total", "counter")
                .containsEntry("kurado_batches_rejected_total", "counter")
                .containsEntry("kurado_queue_depth", "gauge")
                .containsEntry("kurado_update_lag_seconds", "gauge")
                .containsEntry("kurado_journal_bytes", "gauge")
                .containsEntry("kurado_files_waiting", "gauge")
                .containsEntry("kurado_samples_waiting", "gauge")
                .containsEntry("kurado_graphs_total", "counter")
                .containsEntry("kurado_graph_draw_duration_seconds", "histogram")
                .containsEntry("kurado_config_last_reload_successful", "gauge")
                .containsEntry("kurado_config_reloads_total", "counter")
                .containsEntry("jvm_memory_used_bytes", "gauge")
                .containsKey("jvm_gc_pause_seconds");
        String body = r.body();
        assertThat(metric(body, "kurado_samples_written_total")).hasValueSatisfying(v -> assertThat(v).isPositive());
        assertThat(body).contains("kurado_queue_depth{topic=\"update\"}").contains("kurado_queue_depth{topic=\"fetch\"}")
                .contains("kurado_graphs_total{result=\"drawn\"} 1.0")
                .contains("kurado_graph_draw_duration_seconds_count{outcome=\"success\"} 1")
                .contains("kurado_config_last_reload_successful 1.0");
        assertThat(metric(body, "kurado_journal_bytes")).hasValueSatisfying(v -> assertThat(v).isPositive());
    }

    @Test
    void aRealPrometheusScrapesThem() throws Exception {
        assumeTrue(Files.isExecutable(PROMETHEUS), "Debian's prometheus is not installed at " + PROMETHEUS
                + " (apt-get install prometheus; .ci/run installs it)");
        int promPort = freePort();
        Path config = dir.resolve("prometheus.yml");
        // the README's file, scraping this server every second
        String shown = Files.readString(Path.of("src/test/resources/prometheus.yml"));
        Files.writeString(config, shown.replace("scrape_interval: 15s", "scrape_interval: 1s\n    scrape_timeout: 1s")
                .replace("kurado.example.com:5434", "127.0.0.1:" + port));
        Path promLog = dir.resolve("prometheus.log");
        Process prom = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + promPort).redirectErrorStream(true).redirectOutput(promLog.toFile()).start();
        try {
            String base = "http://127.0.0.1:" + promPort;
            Await.until("Prometheus has scraped Kurado once", Duration.ofSeconds(60),
                    () -> query(base, "up{job=\"kurado\"}").contains("\"value\":[") && prom.isAlive());
            assertThat(query(base, "up{job=\"kurado\"}")).as(Files.readString(promLog)).containsPattern("\"value\":\\[[0-9.]+,\"1\"\\]");
            Await.until("Prometheus has Kurado's samples written", Duration.ofSeconds(30),
                    () -> query(base, "kurado_samples_written_total").contains("\"value\":["));
            assertThat(query(base, "kurado_samples_written_total")).containsPattern("\"value\":\\[[0-9.]+,\"[1-9][0-9]*\"\\]");
            assertThat(query(base, "jvm_memory_used_bytes")).contains("\"area\":\"heap\"");
        } finally {
            prom.toHandle().destroy();
            assertThat(prom.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theKuradoPluginReadsTheServerItself() throws Exception {
        // as the README's command, on this server's port
        Process fetch = new ProcessBuilder(java(), "-jar", JAR.toString(), "plugin", "fetch", "kurado:" + port, "--address", "127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(fetch.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(fetch.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(fetch.exitValue()).as(out).isZero();
        assertThat(out).containsPattern("(?m)^127\\.0\\.0\\.1\tkurado%3A" + port + "\\.metrics\\.samples_written\\.derive\t[1-9][0-9]*\t")
                .contains("kurado%3A" + port + ".metrics.update_queue_depth.gauge\t0\t");
    }

    /** @return the families of a scrape and their types, after checking every line is a comment or a sample */
    private static Map<String, String> parse(String body) {
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : body.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                String[] f = line.split(" ");
                types.put(f[2], f[3]);
            } else if (!line.startsWith("# HELP ") && !line.isEmpty()) {
                Matcher m = SAMPLE.matcher(line);
                assertThat(m.matches()).as("a sample line: %s", line).isTrue();
                String name = m.group(1);
                assertThat(types.keySet().stream().anyMatch(name::startsWith)).as("the family of %s has a TYPE line", name).isTrue();
            }
        }
        return types;
    }

    private static java.util.Optional<Double> metric(String body, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(body);
        return m.find() ? java.util.Optional.of(Double.parseDouble(m.group(1))) : java.util.Optional.empty();
    }

    private static String query(String base, String q) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/query?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static java.util.Optional<String> scrapeOrEmpty() {
        try {
            return java.util.Optional.of(get("/metrics").body());
        } catch (java.io.UncheckedIOException e) {
            return java.util.Optional.empty(); // not listening yet
        }
    }

    private static HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String hostAddress() throws IOException {
        Matcher m = Pattern.compile("as host (\\S+) every minute").matcher(Files.readString(log));
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
